//! Single-use links sent by email (activation, password reset, email change). Only the
//! SHA-256 of a token is stored; issuing a new token of a purpose kills the older ones.

use crate::backend::entities::email_tokens;
use crate::backend::sessions::{hash_token, new_token};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

pub const ACTIVATION: &str = "activation";
pub const PASSWORD_RESET: &str = "password_reset";
pub const EMAIL_CHANGE: &str = "email_change";

/// Invalidates the account's earlier tokens of this purpose and issues a new one, valid for
/// `validity`. Returns the token for the link.
pub async fn issue(
    db: &impl ConnectionTrait,
    account_id: i32,
    purpose: &str,
    validity: Duration,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    issue_carrying(db, account_id, purpose, validity, now, None).await
}

/// `issue`, with the new address an email-change link confirms.
pub async fn issue_carrying(
    db: &impl ConnectionTrait,
    account_id: i32,
    purpose: &str,
    validity: Duration,
    now: DateTime<Utc>,
    new_email: Option<String>,
) -> Result<String, DbErr> {
    revoke(db, account_id, purpose, now).await?;
    let token = new_token();
    email_tokens::ActiveModel {
        account_id: Set(account_id),
        purpose: Set(purpose.to_owned()),
        token_hash: Set(hash_token(&token)),
        new_email: Set(new_email),
        expires_at: Set(now + validity),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Kills the account's outstanding tokens of this purpose (a newer link replaces them, or what
/// they would change no longer holds).
pub async fn revoke(
    db: &impl ConnectionTrait,
    account_id: i32,
    purpose: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    email_tokens::Entity::update_many()
        .col_expr(email_tokens::Column::UsedAt, Expr::value(now))
        .filter(email_tokens::Column::AccountId.eq(account_id))
        .filter(email_tokens::Column::Purpose.eq(purpose))
        .filter(email_tokens::Column::UsedAt.is_null())
        .exec(db)
        .await
        .map(|_| ())
}

/// The account of a token that is still usable at `now`, without using it (a cheap check
/// before slow work; `consume` remains the one that decides).
pub async fn find_valid(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: &str,
    now: DateTime<Utc>,
) -> Result<Option<i32>, DbErr> {
    let row = email_tokens::Entity::find()
        .filter(email_tokens::Column::TokenHash.eq(hash_token(token.trim())))
        .filter(email_tokens::Column::Purpose.eq(purpose))
        .filter(email_tokens::Column::UsedAt.is_null())
        .filter(email_tokens::Column::ExpiresAt.gt(now))
        .one(db)
        .await?;
    Ok(row.map(|r| r.account_id))
}

/// Uses a token: if it exists for this purpose, is unused and unexpired, marks it used (a
/// compare-and-set, so of two simultaneous uses one wins) and returns its account.
pub async fn consume(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: &str,
    now: DateTime<Utc>,
) -> Result<Option<i32>, DbErr> {
    let hash = hash_token(token.trim());
    let used = email_tokens::Entity::update_many()
        .col_expr(email_tokens::Column::UsedAt, Expr::value(now))
        .filter(email_tokens::Column::TokenHash.eq(hash.clone()))
        .filter(email_tokens::Column::Purpose.eq(purpose))
        .filter(email_tokens::Column::UsedAt.is_null())
        .filter(email_tokens::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    if used.rows_affected != 1 {
        return Ok(None);
    }
    let row = email_tokens::Entity::find().filter(email_tokens::Column::TokenHash.eq(hash)).one(db).await?;
    Ok(row.map(|r| r.account_id))
}

/// `consume`, returning the whole token row (for the address an email change confirms).
pub async fn consume_row(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: &str,
    now: DateTime<Utc>,
) -> Result<Option<email_tokens::Model>, DbErr> {
    if consume(db, token, purpose, now).await?.is_none() {
        return Ok(None);
    }
    email_tokens::Entity::find().filter(email_tokens::Column::TokenHash.eq(hash_token(token.trim()))).one(db).await
}
