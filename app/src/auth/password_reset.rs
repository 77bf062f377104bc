//! "Forgot password": a single-use reset link valid for one hour, never a password by email.
//! Setting the new password ends every session of the account and does not log in.

use crate::backend::emails::{Email, MailLanguage, compose};
use crate::backend::entities::accounts;
use crate::backend::outbox::enqueue;
use crate::backend::transaction::begin_write;
use crate::backend::{passwords, tokens};
use crate::domain::{AccountStatus, EmailAddress};
use crate::error::{AppError, FieldErrors};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

pub const RESET_VALIDITY: Duration = Duration::hours(1);

/// Queues a reset link if the email has an active account. The answer is the same either way.
pub async fn request(
    db: &DatabaseConnection,
    email: &str,
    client_ip: &str,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    use crate::backend::rate_limit;
    let email =
        EmailAddress::parse(email).map_err(|e| AppError::Validation(FieldErrors::from([("email".into(), e)])))?;
    let db_error = |e| AppError::internal("Failed to request a password reset", e);
    rate_limit::check(db, &[rate_limit::per_address("forgot:ip", client_ip)], now).await?;
    let txn = begin_write(db).await.map_err(db_error)?;
    let account = accounts::Entity::find()
        .filter(crate::accounts::service::with_email(&email))
        .filter(accounts::Column::Status.eq(AccountStatus::Active.code()))
        .one(&txn)
        .await
        .map_err(db_error)?;
    let allowed = account.is_some()
        && rate_limit::mail_allowed(&txn, "mail:reset", email.as_ref(), now).await.map_err(db_error)?;
    if let Some(account) = account.filter(|_| allowed) {
        let token =
            tokens::issue(&txn, account.id, tokens::PASSWORD_RESET, RESET_VALIDITY, now).await.map_err(db_error)?;
        let language = MailLanguage::of_account(&account.locale);
        // To the address as the account has it, not as typed here (the case may differ).
        let to = EmailAddress::parse(&account.email).unwrap_or(email);
        enqueue(&txn, compose(to, language, base_url, &Email::PasswordReset { token: &token }))
            .await
            .map_err(db_error)?;
    }
    txn.commit().await.map_err(db_error)?;
    Ok(())
}

/// Sets a new password with a reset link. Field errors first; then the link must be valid.
pub async fn reset(
    db: &DatabaseConnection,
    token: &str,
    password: &str,
    password_again: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let password = passwords::parse_new(password, password_again, "password", "password_again")?;
    let db_error = |e| AppError::internal("Failed to reset a password", e);
    // The link first, the slow hashing after: a made-up token costs one indexed read, so
    // nobody can keep the hashing threads busy without a real link.
    if tokens::find_valid(db, token, tokens::PASSWORD_RESET, now).await.map_err(db_error)?.is_none() {
        return Err(AppError::NotFound);
    }
    let hash = passwords::hash_off_runtime(password).await?;
    let txn = begin_write(db).await.map_err(db_error)?;
    let Some(account_id) = tokens::consume(&txn, token, tokens::PASSWORD_RESET, now).await.map_err(db_error)? else {
        return Err(AppError::NotFound);
    };
    passwords::replace(&txn, account_id, hash, None, now).await.map_err(db_error)?;
    txn.commit().await.map_err(db_error)?;
    Ok(())
}
