//! Idempotency keys (`idempotency_keys`): a request that must happen once (confirming an
//! application) carries a fresh key; the same key again gets the first request's answer.
//! A key belongs to one account and is bound to the request it was first used for (by a hash):
//! the same key for another request is the client's mistake (409).

use crate::backend::db::DbContext;
use crate::backend::entities::idempotency_keys;
use crate::domain::ValidationError;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set, SqlErr};

/// A key as the page sends it: 32 hex characters; anything else is refused as the field
/// `field`.
pub fn parse<'a>(key: &'a str, field: &str) -> Result<&'a str, AppError> {
    let key = key.trim();
    if key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(key)
    } else {
        Err(AppError::field(field, ValidationError::BadFormat))
    }
}

/// What claiming a key found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// The key is this request's now (in the caller's transaction).
    Fresh,
    /// Another request with this key committed first: roll back and answer what it answered
    /// (`replayed`).
    Taken,
}

/// Claims the key inside the caller's transaction, before the work it guards: a concurrent
/// request with the same key waits for this transaction and then finds the key taken.
pub async fn claim(
    txn: &impl ConnectionTrait,
    account_id: i32,
    key: &str,
    request_hash: &str,
    now: DateTime<Utc>,
) -> Result<Claim, DbErr> {
    let inserted = idempotency_keys::Entity::insert(idempotency_keys::ActiveModel {
        account_id: Set(account_id),
        key: Set(key.to_owned()),
        request_hash: Set(request_hash.to_owned()),
        response_status: Set(None),
        response_body: Set(None),
        created_at: Set(now),
    })
    .exec(txn)
    .await;
    match inserted {
        Ok(_) => Ok(Claim::Fresh),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Ok(Claim::Taken),
        Err(e) => Err(e),
    }
}

/// Records the answer of the request that claimed the key (in the same transaction).
pub async fn complete(txn: &impl ConnectionTrait, account_id: i32, key: &str, answer: &str) -> Result<(), DbErr> {
    idempotency_keys::Entity::update_many()
        .col_expr(idempotency_keys::Column::ResponseStatus, Expr::value(200i16))
        .col_expr(idempotency_keys::Column::ResponseBody, Expr::value(answer.to_owned()))
        .filter(idempotency_keys::Column::AccountId.eq(account_id))
        .filter(idempotency_keys::Column::Key.eq(key))
        .exec(txn)
        .await
        .map(drop)
}

/// The answer this key already produced for this request, if any; the key used for another
/// request is refused (409), never answered with the first request's result.
pub async fn replayed(
    db: &impl ConnectionTrait,
    account_id: i32,
    key: &str,
    request_hash: &str,
) -> Result<Option<String>, AppError> {
    let row = idempotency_keys::Entity::find_by_id((account_id, key.to_owned()))
        .one(db)
        .await
        .context("reading an idempotency key")?;
    match row {
        Some(row) if row.request_hash != request_hash => {
            Err(AppError::Conflict("this idempotency key was already used for another request".into()))
        }
        row => Ok(row.and_then(|r| r.response_body)),
    }
}
