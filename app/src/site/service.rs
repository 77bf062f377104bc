//! The site-wide status: maintenance switch and active announcements.

use crate::backend::AppState;
use crate::backend::db::DbContext;
use crate::backend::entities::{announcements, settings};
use crate::backend::time::format_china_minutes;
use crate::error::AppError;
use crate::site::{Announcement, Maintenance, SiteStatus};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

/// Settings key of the maintenance switch.
pub const MAINTENANCE_KEY: &str = "maintenance";

/// The stored form of the maintenance switch (JSON in `settings.value`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MaintenanceSetting {
    pub enabled: bool,
    #[serde(default)]
    pub message_zh: Option<String>,
    #[serde(default)]
    pub message_en: Option<String>,
    #[serde(default)]
    pub expected_end: Option<DateTime<Utc>>,
}

/// How long a server shows the site status it read before reading it again. A change made on
/// this server shows at once (`Cached::forget`, in `AppState::site_status`); one made on another server of the same
/// database shows here within this time. Every page needs the status, and reading it is two
/// queries: cached, a page costs none of them.
pub const STATUS_TTL: std::time::Duration = std::time::Duration::from_secs(3);

/// The site status, read at most once per `STATUS_TTL`.
pub async fn load_status(state: &AppState) -> Result<SiteStatus, AppError> {
    if let Some(status) = state.site_status.fresh(STATUS_TTL) {
        return Ok(status);
    }
    let read_at = std::time::Instant::now();
    let status = read_status(state).await?;
    state.site_status.keep(read_at, &status);
    Ok(status)
}

async fn read_status(state: &AppState) -> Result<SiteStatus, AppError> {
    let now = Utc::now();
    let maintenance = maintenance_setting(&state.db).await?;
    let announcements = active_announcements(&state.db, now).await?;
    Ok(SiteStatus {
        maintenance: maintenance.filter(|m| m.enabled).map(|m| Maintenance {
            message_zh: m.message_zh,
            message_en: m.message_en,
            expected_end: m.expected_end.map(format_china_minutes),
        }),
        announcements,
        service_phone: state.site.service_phone.clone(),
    })
}

pub async fn maintenance_setting(db: &impl ConnectionTrait) -> Result<Option<MaintenanceSetting>, AppError> {
    let Some(row) =
        settings::Entity::find_by_id(MAINTENANCE_KEY).one(db).await.context("read the maintenance setting")?
    else {
        return Ok(None);
    };
    serde_json::from_str(&row.value)
        .map(Some)
        .map_err(|e| AppError::internal("The stored maintenance setting is not valid JSON", e))
}

async fn active_announcements(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<Announcement>, AppError> {
    let rows = announcements::Entity::find()
        .filter(announcements::Column::StartsAt.lte(now))
        .filter(
            Condition::any().add(announcements::Column::EndsAt.is_null()).add(announcements::Column::EndsAt.gt(now)),
        )
        .order_by_desc(announcements::Column::StartsAt)
        .all(db)
        .await
        .context("read the announcements")?;
    Ok(rows
        .into_iter()
        .map(|row| Announcement {
            id: row.id,
            kind: row.kind,
            title_zh: row.title_zh,
            title_en: row.title_en,
            body_zh: row.body_zh,
            body_en: row.body_en,
            expected_mailing_date: row.expected_mailing_date.map(|d| d.format("%Y-%m-%d").to_string()),
        })
        .collect())
}
