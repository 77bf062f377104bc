//! The service center's switches for what every page shows: maintenance on or off with its
//! message, announcements published and ended. Every change is audit-logged.

use crate::admin::site::{AnnouncementRow, SiteAdmin};
use crate::backend::db::DbContext;
use crate::backend::entities::{announcements, settings};
use crate::backend::request::AuditContext;
use crate::backend::sessions::CurrentAccount;
use crate::backend::time::format_china_minutes;
use crate::domain::ValidationError;
use crate::error::AppError;
use crate::site::AnnouncementKind;
use crate::site::service::{MAINTENANCE_KEY, MaintenanceSetting, maintenance_setting};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, Set};
use sea_orm::{EntityTrait, QueryOrder};

/// `YYYY-MM-DDTHH:MM` (a datetime-local input), Shanghai time.
fn parse_local_time(field: &str, value: &str) -> Result<Option<DateTime<Utc>>, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let naive = chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
        .map_err(|_| AppError::field(field, ValidationError::BadFormat))?;
    use chrono::TimeZone;
    crate::backend::time::china_offset()
        .from_local_datetime(&naive)
        .single()
        .map(|t| Some(t.with_timezone(&Utc)))
        .ok_or_else(|| AppError::field(field, ValidationError::BadFormat))
}

fn local_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&crate::backend::time::china_offset()).format("%Y-%m-%dT%H:%M").to_string()
}

fn limited(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(AppError::field(field, ValidationError::TooLong { max }));
    }
    Ok(value.to_owned())
}

pub async fn admin_view(db: &sea_orm::DatabaseConnection) -> Result<SiteAdmin, AppError> {
    let now = Utc::now();
    let maintenance = maintenance_setting(db).await?.unwrap_or_default();
    let rows = announcements::Entity::find()
        .order_by_desc(announcements::Column::StartsAt)
        .all(db)
        .await
        .context("change the site settings")?;
    Ok(SiteAdmin {
        maintenance_on: maintenance.enabled,
        message_zh: maintenance.message_zh.unwrap_or_default(),
        message_en: maintenance.message_en.unwrap_or_default(),
        expected_end: maintenance.expected_end.map(local_time).unwrap_or_default(),
        announcements: rows
            .into_iter()
            .take(50)
            .map(|row| AnnouncementRow {
                active: row.starts_at <= now && row.ends_at.is_none_or(|end| end > now),
                id: row.id,
                kind: row.kind,
                title_zh: row.title_zh,
                title_en: row.title_en,
                expected_mailing_date: row.expected_mailing_date.map(|d| d.format("%Y-%m-%d").to_string()),
                starts_at: format_china_minutes(row.starts_at),
                ends_at: row.ends_at.map(format_china_minutes),
            })
            .collect(),
    })
}

pub async fn set_maintenance(
    db: &sea_orm::DatabaseConnection,
    staff: &CurrentAccount,
    enabled: bool,
    message_zh: &str,
    message_en: &str,
    expected_end: &str,
    context: &AuditContext,
) -> Result<(), AppError> {
    let setting = MaintenanceSetting {
        enabled,
        message_zh: Some(limited("message_zh", message_zh, 500)?).filter(|m| !m.is_empty()),
        message_en: Some(limited("message_en", message_en, 500)?).filter(|m| !m.is_empty()),
        expected_end: parse_local_time("expected_end", expected_end)?,
    };
    let now = Utc::now();
    let value = serde_json::to_string(&setting).map_err(|e| AppError::internal("Failed to encode a setting", e))?;
    settings::Entity::insert(settings::ActiveModel {
        key: Set(MAINTENANCE_KEY.to_owned()),
        value: Set(value.clone()),
        updated_at: Set(now),
        updated_by: Set(Some(staff.account_id)),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::column(settings::Column::Key)
            .update_columns([settings::Column::Value, settings::Column::UpdatedAt, settings::Column::UpdatedBy])
            .to_owned(),
    )
    .exec(db)
    .await
    .context("change the site settings")?;
    let action = if enabled { "maintenance.on" } else { "maintenance.off" };
    crate::backend::audit::audit(db, staff, action, "setting", MAINTENANCE_KEY, Some(&value), context, now)
        .await
        .context("change the site settings")
}

/// An announcement as typed in the service center.
pub struct AnnouncementForm {
    pub kind: String,
    pub title_zh: String,
    pub title_en: String,
    pub body_zh: String,
    pub body_en: String,
    pub expected_mailing_date: String,
    pub ends_at: String,
}

pub async fn create_announcement(
    db: &sea_orm::DatabaseConnection,
    staff: &CurrentAccount,
    form: AnnouncementForm,
    context: &AuditContext,
) -> Result<(), AppError> {
    let kind = AnnouncementKind::parse(&form.kind).map_err(|e| AppError::field("kind", e))?;
    let required = |field: &str, value: &str, max: usize| {
        let value = limited(field, value, max)?;
        if value.is_empty() { Err(AppError::field(field, ValidationError::Required)) } else { Ok(value) }
    };
    let title_zh = required("title_zh", &form.title_zh, 200)?;
    let title_en = required("title_en", &form.title_en, 200)?;
    let expected_mailing_date = match form.expected_mailing_date.trim() {
        "" if kind == AnnouncementKind::StockShortage => {
            return Err(AppError::field("expected_mailing_date", ValidationError::Required));
        }
        "" => None,
        date => Some(
            chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
                .map_err(|_| AppError::field("expected_mailing_date", ValidationError::BadFormat))?,
        ),
    };
    let now = Utc::now();
    let row = announcements::ActiveModel {
        kind: Set(kind),
        title_zh: Set(title_zh),
        title_en: Set(title_en),
        body_zh: Set(limited("body_zh", &form.body_zh, 2000)?),
        body_en: Set(limited("body_en", &form.body_en, 2000)?),
        expected_mailing_date: Set(expected_mailing_date),
        starts_at: Set(now),
        ends_at: Set(parse_local_time("ends_at", &form.ends_at)?),
        created_by: Set(Some(staff.account_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .context("change the site settings")?;
    crate::backend::audit::audit(
        db,
        staff,
        "announcement.create",
        "announcement",
        &row.id.to_string(),
        Some(&row.title_zh),
        context,
        now,
    )
    .await
    .context("change the site settings")
}

pub async fn end_announcement(
    db: &sea_orm::DatabaseConnection,
    staff: &CurrentAccount,
    id: i32,
    context: &AuditContext,
) -> Result<(), AppError> {
    let now = Utc::now();
    let row = announcements::Entity::find_by_id(id)
        .one(db)
        .await
        .context("change the site settings")?
        .ok_or(AppError::NotFound)?;
    let mut ended: announcements::ActiveModel = row.into();
    ended.ends_at = Set(Some(now));
    ended.update(db).await.context("change the site settings")?;
    crate::backend::audit::audit(db, staff, "announcement.end", "announcement", &id.to_string(), None, context, now)
        .await
        .context("change the site settings")
}
