//! The periodic clean-up: rows that no longer decide anything are deleted, so tables that every
//! request touches (sessions, login attempts, rate-limit hits) stay small. Every app server runs
//! it (each delete is idempotent); the server's worker calls `run` every `INTERVAL`.

use crate::backend::entities::{billing_deliveries, email_outbox, email_tokens, login_attempts, sessions};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

pub const INTERVAL: std::time::Duration = std::time::Duration::from_secs(15 * 60);
/// Login attempts count for an hour at most (`auth::IP_WINDOW`); a day keeps them for support.
pub const LOGIN_ATTEMPTS_KEPT: Duration = Duration::days(1);
/// Rate-limit hits count for an hour at most; a signed billing request is good for minutes.
pub const HITS_KEPT: Duration = Duration::days(1);
/// Sent emails stay readable for support this long.
pub const SENT_MAIL_KEPT: Duration = Duration::days(30);
/// Used or expired email links (activation, reset, email change), and undecided access requests.
pub const LINKS_KEPT: Duration = Duration::days(30);

/// What one run deleted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub sessions: u64,
    pub login_attempts: u64,
    pub rate_limit_hits: u64,
    pub billing_deliveries: u64,
    pub sent_emails: u64,
    pub email_tokens: u64,
    pub access_requests: u64,
}

pub async fn run(db: &impl ConnectionTrait, session_idle: Duration, now: DateTime<Utc>) -> Result<Report, DbErr> {
    let sessions = sessions::Entity::delete_many()
        .filter(
            Condition::any()
                .add(sessions::Column::ExpiresAt.lt(now))
                .add(sessions::Column::LastSeenAt.lt(now - session_idle)),
        )
        .exec(db)
        .await?
        .rows_affected;
    let login_attempts = login_attempts::Entity::delete_many()
        .filter(login_attempts::Column::CreatedAt.lt(now - LOGIN_ATTEMPTS_KEPT))
        .exec(db)
        .await?
        .rows_affected;
    let rate_limit_hits = crate::backend::rate_limit::forget_before(db, now - HITS_KEPT).await?;
    let billing_deliveries = billing_deliveries::Entity::delete_many()
        .filter(billing_deliveries::Column::ReceivedAt.lt(now - HITS_KEPT))
        .exec(db)
        .await?
        .rows_affected;
    let sent_emails = email_outbox::Entity::delete_many()
        .filter(email_outbox::Column::Status.eq(crate::domain::OutboxStatus::Sent))
        .filter(email_outbox::Column::SentAt.lt(now - SENT_MAIL_KEPT))
        .exec(db)
        .await?
        .rows_affected;
    let email_tokens = email_tokens::Entity::delete_many()
        .filter(email_tokens::Column::ExpiresAt.lt(now - LINKS_KEPT))
        .exec(db)
        .await?
        .rows_affected;
    let access_requests = crate::access::service::forget_undecided_before(db, now - LINKS_KEPT).await?;
    Ok(Report {
        sessions,
        login_attempts,
        rate_limit_hits,
        billing_deliveries,
        sent_emails,
        email_tokens,
        access_requests,
    })
}
