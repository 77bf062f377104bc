//! Personal access tokens in the database: made (the token returned once, its SHA-256
//! stored), listed, revoked, and checked on each API request.

use super::types::{NAME_MAX_CHARS, TOKEN_LIMIT, TokenEntry, TokenState, VALIDITY_DAYS};
use crate::backend::db::DbContext;
use crate::backend::entities::{access_tokens, accounts};
use crate::backend::sessions::{CurrentAccount, hash_token};
use crate::backend::time::format_china_minutes;
use crate::backend::transaction::begin_write;
use crate::domain::{AccountStatus, Role, ValidationError};
use crate::error::AppError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

/// What every token starts with: a secret scanner (and a person) recognises one.
pub const PREFIX: &str = "fpc_";

/// A new random token: the prefix and 32 random bytes in hex.
fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    format!("{PREFIX}{}", hex::encode(bytes))
}

fn state_of(t: &access_tokens::Model, now: DateTime<Utc>) -> TokenState {
    if t.revoked_at.is_some() {
        TokenState::Revoked
    } else if t.expires_at <= now {
        TokenState::Expired
    } else {
        TokenState::Active
    }
}

/// The account's tokens, newest first.
pub async fn list(db: &impl ConnectionTrait, account_id: i32, now: DateTime<Utc>) -> Result<Vec<TokenEntry>, AppError> {
    let rows = access_tokens::Entity::find()
        .filter(access_tokens::Column::AccountId.eq(account_id))
        .order_by_desc(access_tokens::Column::Id)
        .all(db)
        .await
        .context("list the access tokens")?;
    Ok(rows
        .into_iter()
        .map(|t| TokenEntry {
            state: state_of(&t, now),
            id: t.id,
            name: t.name,
            created_at: format_china_minutes(t.created_at),
            expires_at: format_china_minutes(t.expires_at),
            last_used_at: t.last_used_at.map(format_china_minutes),
        })
        .collect())
}

/// Makes a token named `name`, valid for `days` (one of `VALIDITY_DAYS`). Returns the token:
/// the only time it exists outside the caller's hands.
pub async fn create(
    db: &DatabaseConnection,
    account_id: i32,
    name: &str,
    days: i64,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::field("name", ValidationError::Required));
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return Err(AppError::field("name", ValidationError::TooLong { max: NAME_MAX_CHARS }));
    }
    if !VALIDITY_DAYS.contains(&days) {
        return Err(AppError::field("days", ValidationError::NotOffered));
    }
    let txn = begin_write(db).await.context("make an access token")?;
    // One writer per account (PostgreSQL; SQLite's write lock already is): two tabs making the
    // 20th token at once cannot both pass the count.
    accounts::Entity::find_by_id(account_id).lock_exclusive().one(&txn).await.context("make an access token")?;
    let live = access_tokens::Entity::find()
        .filter(access_tokens::Column::AccountId.eq(account_id))
        .filter(access_tokens::Column::RevokedAt.is_null())
        .filter(access_tokens::Column::ExpiresAt.gt(now))
        .count(&txn)
        .await
        .context("make an access token")?;
    if live >= TOKEN_LIMIT as u64 {
        return Err(AppError::field("name", ValidationError::TooMany { max: TOKEN_LIMIT }));
    }
    let secret = new_secret();
    access_tokens::ActiveModel {
        created_at: Set(now),
        account_id: Set(account_id),
        name: Set(name.to_owned()),
        token_hash: Set(hash_token(&secret)),
        expires_at: Set(now + Duration::days(days)),
        revoked_at: Set(None),
        last_used_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .context("make an access token")?;
    txn.commit().await.context("make an access token")?;
    Ok(secret)
}

/// Revokes one of the account's tokens (another account's is `NotFound`). Revoking twice is
/// harmless.
pub async fn revoke(db: &impl ConnectionTrait, account_id: i32, id: i32, now: DateTime<Utc>) -> Result<(), AppError> {
    let found = access_tokens::Entity::update_many()
        .col_expr(access_tokens::Column::RevokedAt, Expr::value(now))
        .filter(access_tokens::Column::Id.eq(id))
        .filter(access_tokens::Column::AccountId.eq(account_id))
        .filter(access_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await
        .context("revoke an access token")?;
    if found.rows_affected == 0 {
        let exists = access_tokens::Entity::find_by_id(id)
            .filter(access_tokens::Column::AccountId.eq(account_id))
            .one(db)
            .await
            .context("revoke an access token")?;
        if exists.is_none() {
            return Err(AppError::NotFound);
        }
    }
    Ok(())
}

/// The customer a bearer token speaks for, with the token's id (for its rate limit): `None`
/// for a token that is unknown, expired or revoked, or whose account is not an active
/// customer's. Marks the token used (at most once a minute).
pub async fn authenticate(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<(i32, CurrentAccount)>, AppError> {
    if !token.starts_with(PREFIX) || token.len() != PREFIX.len() + 64 {
        return Ok(None);
    }
    let found = access_tokens::Entity::find()
        .filter(access_tokens::Column::TokenHash.eq(hash_token(token)))
        .one(db)
        .await
        .context("check an access token")?;
    let Some(t) = found.filter(|t| state_of(t, now) == TokenState::Active) else { return Ok(None) };
    let account = accounts::Entity::find_by_id(t.account_id).one(db).await.context("check an access token")?;
    // A disabled account's tokens stop working with it.
    let Some(account) = account.filter(|a| a.role == Role::Customer && a.status == AccountStatus::Active) else {
        return Ok(None);
    };
    if t.last_used_at.is_none_or(|used| now - used >= Duration::minutes(1)) {
        access_tokens::Entity::update_many()
            .col_expr(access_tokens::Column::LastUsedAt, Expr::value(now))
            .filter(access_tokens::Column::Id.eq(t.id))
            .exec(db)
            .await
            .context("mark an access token used")?;
    }
    Ok(Some((t.id, CurrentAccount { account_id: account.id, email: account.email, role: account.role })))
}
