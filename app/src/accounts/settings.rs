//! Self-service for a logged-in account: changing the password and the login email.

use crate::backend::emails::{Email, MailLanguage, compose};
use crate::backend::entities::accounts;
use crate::backend::outbox::enqueue;
use crate::backend::transaction::begin_write;
use crate::backend::{passwords, tokens};
use crate::domain::{EmailAddress, ValidationError};
use crate::error::{AppError, FieldErrors};
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
    let db_error = |e| AppError::internal("Failed to change a password", e);
    let new = passwords::parse_new(new, new_again, "new_password", "new_password_again")?;
    crate::backend::rate_limit::check(db, &[crate::backend::rate_limit::current_password_checks(account_id)], now)
        .await?;
    let account =
        accounts::Entity::find_by_id(account_id).one(db).await.map_err(db_error)?.ok_or(AppError::Unauthorized)?;
    if !passwords::verify_off_runtime(current, &account.password_hash).await? {
        return Err(AppError::Validation(FieldErrors::from([(
            "current_password".into(),
            ValidationError::WrongPassword,
        )])));
    }
    let hash = passwords::hash_off_runtime(new).await?;
    let txn = begin_write(db).await.map_err(db_error)?;
    passwords::replace(&txn, account_id, hash, keep_session, now).await.map_err(db_error)?;
    txn.commit().await.map_err(db_error)?;
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
    let db_error = |e| AppError::internal("Failed to request an email change", e);
    let new_email = EmailAddress::parse(new_email)
        .map_err(|e| AppError::Validation(FieldErrors::from([("new_email".into(), e)])))?;
    crate::backend::rate_limit::check(db, &[crate::backend::rate_limit::current_password_checks(account_id)], now)
        .await?;
    let account =
        accounts::Entity::find_by_id(account_id).one(db).await.map_err(db_error)?.ok_or(AppError::Unauthorized)?;
    if !passwords::verify_off_runtime(current, &account.password_hash).await? {
        return Err(AppError::Validation(FieldErrors::from([(
            "current_password".into(),
            ValidationError::WrongPassword,
        )])));
    }
    let txn = begin_write(db).await.map_err(db_error)?;
    let token = tokens::issue_carrying(
        &txn,
        account_id,
        tokens::EMAIL_CHANGE,
        EMAIL_CHANGE_VALIDITY,
        now,
        Some(new_email.to_string()),
    )
    .await
    .map_err(db_error)?;
    let language = MailLanguage::of_account(&account.locale);
    let confirm = Email::EmailChangeConfirm { old_email: &account.email, token: &token };
    enqueue(&txn, compose(new_email.clone(), language, base_url, &confirm)).await.map_err(db_error)?;
    if let Ok(old) = EmailAddress::parse(&account.email) {
        let notice = Email::EmailChangeNotice { new_email: new_email.as_ref() };
        enqueue(&txn, compose(old, language, base_url, &notice)).await.map_err(db_error)?;
    }
    txn.commit().await.map_err(db_error)?;
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
    let db_error = |e| AppError::internal("Failed to change a login email", e);
    let txn = begin_write(db).await.map_err(db_error)?;
    let Some(row) = tokens::consume_row(&txn, token, tokens::EMAIL_CHANGE, now).await.map_err(db_error)? else {
        return Ok(None);
    };
    let (Some(new_email), Some(account)) =
        (row.new_email.clone(), accounts::Entity::find_by_id(row.account_id).one(&txn).await.map_err(db_error)?)
    else {
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
            txn.rollback().await.map_err(db_error)?;
            return Err(AppError::Conflict("this email already belongs to another account".into()));
        }
        Err(e) => return Err(db_error(e)),
    }
    crate::backend::sessions::destroy_all_of(&txn, account_id, keep_session).await.map_err(db_error)?;
    tokens::revoke(&txn, account_id, tokens::PASSWORD_RESET, now).await.map_err(db_error)?;
    txn.commit().await.map_err(db_error)?;
    Ok(Some(new_email))
}
