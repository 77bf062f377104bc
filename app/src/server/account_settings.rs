//! Self-service for a logged-in account: changing the password.

use super::entities::accounts;
use super::passwords;
use crate::domain::ValidationError;
use crate::error::{AppError, FieldErrors};
use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, EntityTrait, TransactionTrait};

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
    let account =
        accounts::Entity::find_by_id(account_id).one(db).await.map_err(db_error)?.ok_or(AppError::Unauthorized)?;
    if !passwords::verify_off_runtime(current, &account.password_hash).await? {
        return Err(AppError::Validation(FieldErrors::from([(
            "current_password".into(),
            ValidationError::WrongPassword,
        )])));
    }
    let hash = passwords::hash_off_runtime(new).await?;
    let txn = db.begin().await.map_err(db_error)?;
    passwords::replace(&txn, account_id, hash, keep_session, now).await.map_err(db_error)?;
    txn.commit().await.map_err(db_error)?;
    Ok(())
}
