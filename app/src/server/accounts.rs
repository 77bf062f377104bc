//! Creating account rows: the one place that knows what a new account looks like.

use super::entities::accounts;
use crate::domain::{AccountStatus, EmailAddress, Role};
use chrono::{DateTime, Utc};
use sea_orm::Set;

/// A new account, not yet inserted. Active accounts count as activated at `now`.
pub fn new_row(
    email: &EmailAddress,
    password_hash: String,
    role: Role,
    status: AccountStatus,
    now: DateTime<Utc>,
) -> accounts::ActiveModel {
    accounts::ActiveModel {
        email: Set(email.to_string()),
        password_hash: Set(password_hash),
        role: Set(role.code().to_owned()),
        status: Set(status.code().to_owned()),
        locale: Set("zh-CN".to_owned()),
        activated_at: Set((status == AccountStatus::Active).then_some(now)),
        locked_until: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}
