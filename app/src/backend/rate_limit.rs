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

/// Refusals this process gave, remembered by key for a moment (`REFUSAL_MEMORY`, never longer
/// than the wait they announced): a burst of tries at something refused is answered from memory,
/// at no database cost, and the database is asked again at most once per moment and key. The
/// database stays the authority: only a refusal it decided is remembered, so a change there (an
/// operator clearing a lockout) counts within the moment. Held in `AppState`, one per server.
#[derive(Debug, Default)]
pub struct StandingRefusals(std::sync::Mutex<std::collections::HashMap<String, Refusal>>);

#[derive(Debug, Clone, Copy)]
struct Refusal {
    /// The end of the wait the refusal announced.
    until: DateTime<Utc>,
    /// When the memory of it ends.
    forget_at: DateTime<Utc>,
}

/// How long a refusal is given again from memory.
pub const REFUSAL_MEMORY: Duration = Duration::seconds(1);

/// At most this many refusals are remembered; past it, forgotten ones are dropped and, if none
/// is, a refusal is simply decided by the database again: memory stays bounded whatever keys a
/// prober makes up.
pub const REMEMBERED_REFUSALS: usize = 10_000;

impl StandingRefusals {
    /// The end of the announced wait, if a refusal of `key` is remembered at `now`.
    pub fn standing(&self, key: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let remembered = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        remembered.get(key).filter(|refusal| refusal.forget_at > now).map(|refusal| refusal.until)
    }

    /// Forgets the refusals whose key starts with `prefix` (staff lifted what caused them).
    pub fn forget_starting_with(&self, prefix: &str) {
        let mut remembered = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        remembered.retain(|key, _| !key.starts_with(prefix));
    }

    /// Remembers a refusal of `key` that announced a wait until `until`.
    pub fn remember(&self, key: String, until: DateTime<Utc>, now: DateTime<Utc>) {
        let mut remembered = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if remembered.len() >= REMEMBERED_REFUSALS {
            remembered.retain(|_, refusal| refusal.forget_at > now);
        }
        if remembered.len() < REMEMBERED_REFUSALS {
            remembered.insert(key, Refusal { until, forget_at: until.min(now + REFUSAL_MEMORY) });
        }
    }
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

    #[test]
    fn a_refusal_is_remembered_for_a_moment_never_beyond_its_wait() {
        let refusals = StandingRefusals::default();
        let now = Utc::now();
        refusals.remember("login a".into(), now + Duration::minutes(5), now);
        assert_eq!(refusals.standing("login a", now), Some(now + Duration::minutes(5)));
        assert_eq!(refusals.standing("login b", now), None, "per key");
        assert_eq!(refusals.standing("login a", now + REFUSAL_MEMORY), None, "asked again after the moment");
        refusals.remember("short".into(), now + Duration::milliseconds(200), now);
        assert_eq!(refusals.standing("short", now + Duration::milliseconds(300)), None, "never beyond its wait");
    }

    #[test]
    fn memory_stays_bounded_whatever_keys_come() {
        let refusals = StandingRefusals::default();
        let now = Utc::now();
        for i in 0..REMEMBERED_REFUSALS + 5 {
            refusals.remember(format!("key {i}"), now + Duration::minutes(1), now);
        }
        assert_eq!(refusals.0.lock().unwrap().len(), REMEMBERED_REFUSALS);
        let later = now + REFUSAL_MEMORY;
        refusals.remember("new".into(), later + Duration::minutes(1), later);
        assert_eq!(refusals.standing("new", later), Some(later + Duration::minutes(1)), "forgotten ones make room");
    }
}
