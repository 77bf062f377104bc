//! Limits on requests that anyone may send without logging in (register, link an order,
//! resend the activation, forgot password): per client address and per target (an order
//! number, an email). Counted in the database, so every app server behind the load balancer
//! counts the same; the hit is written before it is counted, so concurrent requests cannot all
//! slip under the limit (each sees the others that were written before its count).

use crate::backend::db::DbContext;
use crate::backend::entities::rate_limit_hits;
use crate::error::AppError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

/// One limit: at most `max` requests of this bucket within `window`.
#[derive(Debug, Clone)]
pub struct Limit {
    /// The kind of limit (`register:ip`), for the refusal counter of `/metrics`.
    pub kind: &'static str,
    /// What is counted, e.g. `register:ip:203.0.113.7` or `register:order:MO-20261001-01`.
    pub bucket: String,
    pub max: u64,
    pub window: Duration,
}

impl Limit {
    pub fn new(kind: &'static str, key: &str, max: u64, window: Duration) -> Self {
        // Keys are typed by strangers: a bounded length, case folded (an email or an order
        // number in capitals is the same one).
        let key: String = key.trim().to_lowercase().chars().take(80).collect();
        Self { kind, bucket: format!("{kind}:{key}"), max, window }
    }
}

/// Counts this request against every limit; the first one over its maximum refuses it with
/// `TooManyAttempts`, saying how many minutes until the oldest counted request leaves the window.
pub async fn check(db: &impl ConnectionTrait, limits: &[Limit], now: DateTime<Utc>) -> Result<(), AppError> {
    for limit in limits {
        rate_limit_hits::ActiveModel { created_at: Set(now), bucket: Set(limit.bucket.clone()), ..Default::default() }
            .insert(db)
            .await
            .context("count requests for a rate limit")?;
    }
    for limit in limits {
        let recent = rate_limit_hits::Entity::find()
            .filter(rate_limit_hits::Column::Bucket.eq(limit.bucket.as_str()))
            .filter(rate_limit_hits::Column::CreatedAt.gt(now - limit.window));
        if recent.clone().count(db).await.context("count requests for a rate limit")? > limit.max {
            let oldest = recent
                .order_by_asc(rate_limit_hits::Column::CreatedAt)
                .one(db)
                .await
                .context("count requests for a rate limit")?;
            let wait = oldest.map_or(limit.window, |o| o.created_at + limit.window - now);
            tracing::warn!(bucket = %limit.bucket, "rate limit reached");
            crate::backend::metrics::count_refused(limit.kind);
            return Err(AppError::TooManyAttempts { retry_after_minutes: ((wait.num_seconds() + 59) / 60).max(1) });
        }
    }
    Ok(())
}

/// Emails that anyone can make us send (activation, password reset, the "already registered"
/// notice, email-change confirmation) go to one address at most once per this interval and
/// purpose; a request within it gets the same answer and sends nothing, so nobody can flood a
/// mailbox through us.
pub const MAIL_INTERVAL: Duration = Duration::minutes(2);

/// Whether an email of `kind` (`mail:activation`, …) may go to `address` now; counts it if so.
pub async fn mail_allowed(
    db: &impl ConnectionTrait,
    kind: &'static str,
    address: &str,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let limit = Limit::new(kind, address, 1, MAIL_INTERVAL);
    let recent = rate_limit_hits::Entity::find()
        .filter(rate_limit_hits::Column::Bucket.eq(limit.bucket.as_str()))
        .filter(rate_limit_hits::Column::CreatedAt.gt(now - limit.window));
    if recent.count(db).await? >= limit.max {
        crate::backend::metrics::count_refused(kind);
        return Ok(false);
    }
    rate_limit_hits::ActiveModel { created_at: Set(now), bucket: Set(limit.bucket), ..Default::default() }
        .insert(db)
        .await?;
    Ok(true)
}

/// Requests per client address for the unauthenticated mail-sending forms (resend activation,
/// forgot password), and current-password checks per account (changing the password or the
/// email: a stolen session must not become a password oracle).
pub fn per_address(kind: &'static str, client_ip: &str) -> Limit {
    Limit::new(kind, client_ip, 20, Duration::minutes(10))
}
pub fn current_password_checks(account_id: i32) -> Limit {
    Limit::new("current_password", &account_id.to_string(), 10, Duration::minutes(15))
}

/// Hits older than every window, for the periodic clean-up.
pub async fn forget_before(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, sea_orm::DbErr> {
    let deleted =
        rate_limit_hits::Entity::delete_many().filter(rate_limit_hits::Column::CreatedAt.lt(before)).exec(db).await?;
    Ok(deleted.rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_folded_and_bounded() {
        let limit = Limit::new("register:order", "  MO-20261001-01 ", 5, Duration::hours(1));
        assert_eq!(limit.bucket, "register:order:mo-20261001-01");
        assert!(Limit::new("x", &"a".repeat(1000), 1, Duration::minutes(1)).bucket.len() <= 82);
    }
}
