//! "Forgot password": a single-use reset link valid for one hour, never a password by email.
//! Setting the new password ends every session of the account and does not log in.

use super::entities::accounts;
use super::outbox::{OutgoingEmail, enqueue};
use super::{passwords, tokens};
use crate::domain::{AccountStatus, EmailAddress};
use crate::error::{AppError, FieldErrors};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};

pub const RESET_VALIDITY: Duration = Duration::hours(1);

/// Queues a reset link if the email has an active account. The answer is the same either way.
pub async fn request(db: &DatabaseConnection, email: &str, base_url: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    let email =
        EmailAddress::parse(email).map_err(|e| AppError::Validation(FieldErrors::from([("email".into(), e)])))?;
    let db_error = |e| AppError::internal("Failed to request a password reset", e);
    let txn = db.begin().await.map_err(db_error)?;
    let account = accounts::Entity::find()
        .filter(accounts::Column::Email.eq(email.as_ref()))
        .filter(accounts::Column::Status.eq(AccountStatus::Active.code()))
        .one(&txn)
        .await
        .map_err(db_error)?;
    if let Some(account) = account {
        let token =
            tokens::issue(&txn, account.id, tokens::PASSWORD_RESET, RESET_VALIDITY, now).await.map_err(db_error)?;
        enqueue(&txn, reset_email(&email, base_url, &token)).await.map_err(db_error)?;
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
    let hash = passwords::hash_off_runtime(password).await?;
    let db_error = |e| AppError::internal("Failed to reset a password", e);
    let txn = db.begin().await.map_err(db_error)?;
    let Some(account_id) = tokens::consume(&txn, token, tokens::PASSWORD_RESET, now).await.map_err(db_error)? else {
        return Err(AppError::NotFound);
    };
    passwords::replace(&txn, account_id, hash, None, now).await.map_err(db_error)?;
    txn.commit().await.map_err(db_error)?;
    Ok(())
}

fn reset_email(to: &EmailAddress, base_url: &str, token: &str) -> OutgoingEmail {
    let link = format!("{base_url}/reset?token={token}");
    OutgoingEmail {
        to: to.clone(),
        kind: "password_reset",
        subject: "重设发票管理中心密码 / Reset your Fapiao Center password".into(),
        body_text: format!(
            "您好：\n\n请在 1 小时内打开以下链接设置新密码（链接只能使用一次）：\n{link}\n\n\
             如果您没有申请重设密码，请忽略本邮件，您的密码不会改变。\n\n---\n\n\
             Hello,\n\nOpen this link within one hour to set a new password (it works once):\n{link}\n\n\
             If you did not ask for this, ignore this email: your password stays as it is.\n"
        ),
        body_html: None,
    }
}
