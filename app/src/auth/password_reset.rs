//! "Forgot password": a single-use reset link valid for one hour, never a password by email.
//! Setting the new password ends every session of the account and does not log in.

use crate::backend::db::DbContext;
use crate::backend::emails::{Email, MailLanguage, compose};
use crate::backend::entities::accounts;
use crate::backend::outbox::enqueue;
use crate::backend::transaction::begin_write;
use crate::backend::{passwords, tokens};
use crate::domain::{AccountStatus, EmailAddress};
use crate::error::AppError;
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
    let email = EmailAddress::parse(email).map_err(|e| AppError::field("email", e))?;
    rate_limit::check(db, &[rate_limit::per_address("forgot:ip", client_ip)], now).await?;
    let txn = begin_write(db).await.context("request a password reset")?;
    let account = accounts::Entity::find()
        .filter(crate::accounts::service::with_email(&email))
        .filter(accounts::Column::Status.eq(AccountStatus::Active.code()))
        .one(&txn)
        .await
        .context("request a password reset")?;
    let allowed = account.is_some()
        && rate_limit::mail_allowed(&txn, "mail:reset", email.as_ref(), now)
            .await
            .context("request a password reset")?;
    if let Some(account) = account.filter(|_| allowed) {
        let token = tokens::issue(&txn, account.id, tokens::PASSWORD_RESET, RESET_VALIDITY, now)
            .await
            .context("request a password reset")?;
        let language = MailLanguage::of_account(&account.locale);
        // To the address as the account has it, not as typed here (the case may differ).
        let to = EmailAddress::parse(&account.email).unwrap_or(email);
        enqueue(&txn, compose(to, language, base_url, &Email::PasswordReset { token: &token }))
            .await
            .context("request a password reset")?;
    }
    txn.commit().await.context("request a password reset")?;
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
    // The link first, the slow hashing after: a made-up token costs one indexed read, so
    // nobody can keep the hashing threads busy without a real link.
    if tokens::find_valid(db, token, tokens::PASSWORD_RESET, now).await.context("reset a password")?.is_none() {
        return Err(AppError::NotFound);
    }
    let hash = passwords::hash_off_runtime(password).await?;
    let txn = begin_write(db).await.context("reset a password")?;
    let Some(account_id) =
        tokens::consume(&txn, token, tokens::PASSWORD_RESET, now).await.context("reset a password")?
    else {
        return Err(AppError::NotFound);
    };
    passwords::replace(&txn, account_id, hash, None, now).await.context("reset a password")?;
    txn.commit().await.context("reset a password")?;
    Ok(())
}
