//! The service center's view of accounts: find one, resend its activation, unlock it after too
//! many failed logins, disable it (which ends all of its sessions) or enable it again. Every
//! action is written to the audit log.

use crate::admin::accounts::{AccountAction, AccountRow};
use crate::auth::service as auth;
use crate::backend::audit::audit;
use crate::backend::db::DbContext;
use crate::backend::emails::{Email, MailLanguage, compose};
use crate::backend::entities::{accounts, login_attempts};
use crate::backend::outbox::enqueue;
use crate::backend::request::AuditContext;
use crate::backend::search::contains_ignoring_case;
use crate::backend::sessions::{CurrentAccount, destroy_all_of};
use crate::backend::time::format_china_minutes;
use crate::backend::tokens;
use crate::backend::transaction::begin_write;
use crate::domain::{AccountStatus, EmailAddress, Role};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

const LIMIT: u64 = 50;

/// Accounts whose email contains `query` (all of them, newest first, when it is empty).
pub async fn find(db: &DatabaseConnection, query: &str, now: DateTime<Utc>) -> Result<Vec<AccountRow>, AppError> {
    let query = query.trim();
    let mut select = accounts::Entity::find().order_by_desc(accounts::Column::CreatedAt).limit(LIMIT);
    if !query.is_empty() {
        select = select.filter(contains_ignoring_case(accounts::Column::Email, query));
    }
    let mut rows = Vec::new();
    for account in select.all(db).await.context("work on accounts")? {
        let failed_logins = auth::recent_failures(&auth::attempt_key(&account.email), now)
            .count(db)
            .await
            .context("work on accounts")?;
        rows.push(AccountRow {
            id: account.id,
            email: account.email,
            role: account.role,
            status: account.status,
            created_at: format_china_minutes(account.created_at),
            locked: failed_logins >= auth::ACCOUNT_FAILURES,
            failed_logins,
        });
    }
    Ok(rows)
}

/// Carries out `action` on the account. Refuses what does not fit its state with a conflict
/// whose message is a code the page translates: `not_pending`, `own_account`,
/// `already_disabled`, `not_disabled`, `bad_email`.
pub async fn act(
    db: &DatabaseConnection,
    staff: &CurrentAccount,
    account_id: i32,
    action: AccountAction,
    base_url: &str,
    context: &AuditContext,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let txn = begin_write(db).await.context("work on accounts")?;
    let account = accounts::Entity::find_by_id(account_id)
        .one(&txn)
        .await
        .context("work on accounts")?
        .ok_or(AppError::NotFound)?;
    // Staff help customers; only an admin acts on a staff or admin account (a staff member
    // could otherwise disable an admin, or unlock a colleague's guessed-at login).
    let target_role = account.role;
    let own = account.id == staff.account_id;
    if target_role.is_staff() && !own && staff.role != crate::domain::Role::Admin {
        return Err(AppError::Forbidden);
    }
    let status = account.status;
    let conflict = |reason: &str| Err(AppError::Conflict(reason.to_owned()));
    let detail = match action {
        AccountAction::ResendActivation => {
            if status != AccountStatus::Pending {
                return conflict("not_pending");
            }
            let token = tokens::issue(
                &txn,
                account.id,
                tokens::ACTIVATION,
                crate::auth::registration::ACTIVATION_VALIDITY,
                now,
            )
            .await
            .context("work on accounts")?;
            let to = EmailAddress::parse(&account.email).map_err(|_| AppError::Conflict("bad_email".into()))?;
            let email =
                compose(to, MailLanguage::of_account(&account.locale), base_url, &Email::Activation { token: &token });
            enqueue(&txn, email).await.context("work on accounts")?;
            None
        }
        AccountAction::Unlock => {
            // Failed attempts stay in the log, marked as forgiven by no longer counting.
            login_attempts::Entity::update_many()
                .col_expr(login_attempts::Column::Succeeded, Expr::value(true))
                .filter(login_attempts::Column::EmailKey.eq(auth::attempt_key(&account.email)))
                .filter(login_attempts::Column::Succeeded.eq(false))
                .exec(&txn)
                .await
                .context("work on accounts")?;
            None
        }
        AccountAction::Disable => {
            if account.id == staff.account_id {
                return conflict("own_account");
            }
            if status == AccountStatus::Disabled {
                return conflict("already_disabled");
            }
            set_status(&txn, &account, AccountStatus::Disabled, now).await?;
            let ended = destroy_all_of(&txn, account.id, None).await.context("work on accounts")?;
            Some(format!("sessions ended: {ended}"))
        }
        AccountAction::Enable => {
            if status != AccountStatus::Disabled {
                return conflict("not_disabled");
            }
            let back = if account.activated_at.is_some() { AccountStatus::Active } else { AccountStatus::Pending };
            set_status(&txn, &account, back, now).await?;
            None
        }
    };
    audit(&txn, staff, action.audit_action(), "account", &account.email, detail.as_deref(), context, now)
        .await
        .context("work on accounts")?;
    txn.commit().await.context("work on accounts")?;
    Ok(account.email)
}

async fn set_status(
    txn: &sea_orm::DatabaseTransaction,
    account: &accounts::Model,
    status: AccountStatus,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut changed: accounts::ActiveModel = account.clone().into();
    changed.status = Set(status);
    changed.updated_at = Set(now);
    changed.update(txn).await.context("work on accounts")?;
    Ok(())
}

/// How long the set-password link of a new staff account works.
pub const INVITATION_VALIDITY: chrono::Duration = chrono::Duration::hours(72);

/// A new staff or admin account, active, with an unusable random password and a single-use
/// set-password link (a password-reset token, so `/reset` sets it). With `mail` the link is
/// queued as an email; the link is returned either way (the command line prints it when no
/// SMTP is configured). Production never needs the demo loader for its first admin.
pub async fn create_staff(
    db: &DatabaseConnection,
    email: &str,
    role: crate::domain::Role,
    base_url: &str,
    mail: bool,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    use crate::domain::Password;
    if role == Role::Customer {
        return Err(AppError::field("role", crate::domain::ValidationError::UnknownValue));
    }
    let email = EmailAddress::parse(email).map_err(|e| AppError::field("email", e))?;
    let unusable = Password::parse(&crate::backend::sessions::new_token()).map_err(|_| AppError::Internal)?;
    let hash = crate::backend::passwords::hash_off_runtime(unusable).await?;
    let txn = begin_write(db).await.context("work on accounts")?;
    let taken = accounts::Entity::find()
        .filter(crate::accounts::service::with_email(&email))
        .filter(accounts::Column::Status.ne(AccountStatus::Pending.code()))
        .one(&txn)
        .await
        .context("work on accounts")?;
    if taken.is_some() {
        return Err(AppError::Conflict("this email already has an account".into()));
    }
    let account =
        crate::accounts::service::new_row(&email, hash, role, AccountStatus::Active, crate::i18n::Locale::zh_CN, now)
            .insert(&txn)
            .await
            .context("work on accounts")?;
    let token = tokens::issue(&txn, account.id, tokens::PASSWORD_RESET, INVITATION_VALIDITY, now)
        .await
        .context("work on accounts")?;
    if mail {
        let invitation = compose(email, MailLanguage::Both, base_url, &Email::StaffInvitation { token: &token });
        enqueue(&txn, invitation).await.context("work on accounts")?;
    }
    txn.commit().await.context("work on accounts")?;
    Ok(format!("{base_url}/reset?token={token}"))
}
