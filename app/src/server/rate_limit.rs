//! Limits on requests that anyone may send without logging in (register, link an order,
//! resend the activation, forgot password): per client address and per target (an order
//! number, an email). Counted in the database, so every app server behind the load balancer
//! counts the same; the hit is written before it is counted, so concurrent requests cannot all
//! slip under the limit (each sees the others that were written before its count).

use super::entities::rate_limit_hits;
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
    let db_error = |e| AppError::internal("Failed to count requests for a rate limit", e);
    for limit in limits {
        rate_limit_hits::ActiveModel { created_at: Set(now), bucket: Set(limit.bucket.clone()), ..Default::default() }
            .insert(db)
            .await
            .map_err(db_error)?;
    }
    for limit in limits {
        let recent = rate_limit_hits::Entity::find()
            .filter(rate_limit_hits::Column::Bucket.eq(limit.bucket.as_str()))
            .filter(rate_limit_hits::Column::CreatedAt.gt(now - limit.window));
        if recent.clone().count(db).await.map_err(db_error)? > limit.max {
            let oldest = recent.order_by_asc(rate_limit_hits::Column::CreatedAt).one(db).await.map_err(db_error)?;
            let wait = oldest.map_or(limit.window, |o| o.created_at + limit.window - now);
            tracing::warn!(bucket = %limit.bucket, "rate limit reached");
            super::metrics::count_refused(limit.kind);
            return Err(AppError::TooManyAttempts { retry_after_minutes: ((wait.num_seconds() + 59) / 60).max(1) });
        }
    }
    Ok(())
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
