//! The service center's view of accounts: find one, resend its activation, unlock it after too
//! many failed logins, disable it (which ends all of its sessions) or enable it again. Every
//! action is written to the audit log.

use super::backoffice::audit;
use super::emails::{Email, MailLanguage, compose};
use super::entities::{accounts, login_attempts};
use super::outbox::enqueue;
use super::request::AuditContext;
use super::search::contains_ignoring_case;
use super::sessions::{CurrentAccount, destroy_all_of};
use super::time::format_china_minutes;
use super::transaction::begin_write;
use super::{auth, tokens};
use crate::admin_accounts::{AccountAction, AccountRow};
use crate::domain::{AccountStatus, EmailAddress, Role};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

const LIMIT: u64 = 50;

fn db_error(e: sea_orm::DbErr) -> AppError {
    AppError::internal("Failed to work on accounts", e)
}

/// Accounts whose email contains `query` (all of them, newest first, when it is empty).
pub async fn find(db: &DatabaseConnection, query: &str, now: DateTime<Utc>) -> Result<Vec<AccountRow>, AppError> {
    let query = query.trim();
    let mut select = accounts::Entity::find().order_by_desc(accounts::Column::CreatedAt).limit(LIMIT);
    if !query.is_empty() {
        select = select.filter(contains_ignoring_case(accounts::Column::Email, query));
    }
    let mut rows = Vec::new();
    for account in select.all(db).await.map_err(db_error)? {
        let failed_logins =
            auth::recent_failures(&auth::attempt_key(&account.email), now).count(db).await.map_err(db_error)?;
        rows.push(AccountRow {
            id: account.id,
            email: account.email,
            role: Role::parse(&account.role).unwrap_or(Role::Customer),
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
    let txn = begin_write(db).await.map_err(db_error)?;
    let account =
        accounts::Entity::find_by_id(account_id).one(&txn).await.map_err(db_error)?.ok_or(AppError::NotFound)?;
    let status = AccountStatus::parse(&account.status).unwrap_or(AccountStatus::Disabled);
    let conflict = |reason: &str| Err(AppError::Conflict(reason.to_owned()));
    let detail = match action {
        AccountAction::ResendActivation => {
            if status != AccountStatus::Pending {
                return conflict("not_pending");
            }
            let token =
                tokens::issue(&txn, account.id, tokens::ACTIVATION, super::registration::ACTIVATION_VALIDITY, now)
                    .await
                    .map_err(db_error)?;
            let to = EmailAddress::parse(&account.email).map_err(|_| AppError::Conflict("bad_email".into()))?;
            let email =
                compose(to, MailLanguage::of_account(&account.locale), base_url, &Email::Activation { token: &token });
            enqueue(&txn, email).await.map_err(db_error)?;
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
                .map_err(db_error)?;
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
            let ended = destroy_all_of(&txn, account.id, None).await.map_err(db_error)?;
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
        .map_err(db_error)?;
    txn.commit().await.map_err(db_error)?;
    Ok(account.email)
}

async fn set_status(
    txn: &sea_orm::DatabaseTransaction,
    account: &accounts::Model,
    status: AccountStatus,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut changed: accounts::ActiveModel = account.clone().into();
    changed.status = Set(status.code().to_owned());
    changed.updated_at = Set(now);
    changed.update(txn).await.map_err(db_error)?;
    Ok(())
}
