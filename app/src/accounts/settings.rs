//! Self-service for a logged-in account: changing the password and the login email.

use crate::backend::db::DbContext;
use crate::backend::emails::{Email, MailLanguage, compose};
use crate::backend::entities::accounts;
use crate::backend::outbox::enqueue;
use crate::backend::transaction::begin_write;
use crate::backend::{passwords, tokens};
use crate::domain::{EmailAddress, ValidationError};
use crate::error::AppError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set, SqlErr};

/// How long the link confirming a new login email works.
pub const EMAIL_CHANGE_VALIDITY: Duration = Duration::hours(24);

/// Changes the password after checking the current one; every other session of the account
/// ends (a thief's session among them), this one stays.
pub async fn change_password(
    db: &DatabaseConnection,
    account_id: i32,
    keep_session: Option<&str>,
    current: &str,
    new: &str,
    new_again: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let new = passwords::parse_new(new, new_again, "new_password", "new_password_again")?;
    crate::backend::rate_limit::check(db, &[crate::backend::rate_limit::current_password_checks(account_id)], now)
        .await?;
    let account = accounts::Entity::find_by_id(account_id)
        .one(db)
        .await
        .context("change a password")?
        .ok_or(AppError::Unauthorized)?;
    if !passwords::verify_off_runtime(current, &account.password_hash).await? {
        return Err(AppError::field("current_password", ValidationError::WrongPassword));
    }
    let hash = passwords::hash_off_runtime(new).await?;
    let txn = begin_write(db).await.context("change a password")?;
    passwords::replace(&txn, account_id, hash, keep_session, now).await.context("change a password")?;
    txn.commit().await.context("change a password")?;
    Ok(())
}

/// Asks to change the login email: after the current password, a confirmation link goes to the
/// new address (the change happens only when it is used) and a notice to the old one.
pub async fn request_email_change(
    db: &DatabaseConnection,
    account_id: i32,
    current: &str,
    new_email: &str,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<EmailAddress, AppError> {
    let new_email = EmailAddress::parse(new_email).map_err(|e| AppError::field("new_email", e))?;
    crate::backend::rate_limit::check(db, &[crate::backend::rate_limit::current_password_checks(account_id)], now)
        .await?;
    let account = accounts::Entity::find_by_id(account_id)
        .one(db)
        .await
        .context("request an email change")?
        .ok_or(AppError::Unauthorized)?;
    if !passwords::verify_off_runtime(current, &account.password_hash).await? {
        return Err(AppError::field("current_password", ValidationError::WrongPassword));
    }
    let txn = begin_write(db).await.context("request an email change")?;
    let token = tokens::issue_carrying(
        &txn,
        account_id,
        tokens::EMAIL_CHANGE,
        EMAIL_CHANGE_VALIDITY,
        now,
        Some(new_email.to_string()),
    )
    .await
    .context("request an email change")?;
    let language = MailLanguage::of_account(&account.locale);
    let confirm = Email::EmailChangeConfirm { old_email: &account.email, token: &token };
    enqueue(&txn, compose(new_email.clone(), language, base_url, &confirm)).await.context("request an email change")?;
    if let Ok(old) = EmailAddress::parse(&account.email) {
        let notice = Email::EmailChangeNotice { new_email: new_email.as_ref() };
        enqueue(&txn, compose(old, language, base_url, &notice)).await.context("request an email change")?;
    }
    txn.commit().await.context("request an email change")?;
    Ok(new_email)
}

/// Uses an email-change link. `None`: the link is unknown, used or expired. The login moves to
/// another address, so whoever may have known the old one loses what it gave: every other
/// session of the account ends (`keep_session`, the confirming browser's, stays) and
/// outstanding password-reset links, sent to the old address, stop working.
pub async fn confirm_email_change(
    db: &DatabaseConnection,
    token: &str,
    keep_session: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<String>, AppError> {
    let txn = begin_write(db).await.context("change a login email")?;
    let Some(row) =
        tokens::consume_row(&txn, token, tokens::EMAIL_CHANGE, now).await.context("change a login email")?
    else {
        return Ok(None);
    };
    let (Some(new_email), Some(account)) = (
        row.new_email.clone(),
        accounts::Entity::find_by_id(row.account_id).one(&txn).await.context("change a login email")?,
    ) else {
        return Ok(None);
    };
    let account_id = account.id;
    let mut changed: accounts::ActiveModel = account.into();
    changed.email = Set(new_email.clone());
    changed.updated_at = Set(now);
    match changed.update(&txn).await {
        Ok(_) => {}
        // Another active account already logs in with this address.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            txn.rollback().await.context("change a login email")?;
            return Err(AppError::Conflict("this email already belongs to another account".into()));
        }
        Err(e) => return Err(crate::backend::db::database_error("change a login email", &e)),
    }
    crate::backend::sessions::destroy_all_of(&txn, account_id, keep_session).await.context("change a login email")?;
    tokens::revoke(&txn, account_id, tokens::PASSWORD_RESET, now).await.context("change a login email")?;
    txn.commit().await.context("change a login email")?;
    Ok(Some(new_email))
}
