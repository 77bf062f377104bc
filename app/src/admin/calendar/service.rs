//! The calendar as the service center edits it: one year's days, and adding days typed one
//! per line. Due times are computed on the same table by `backend::calendar`.

use super::types::{CalendarDay, CalendarYear, parse_day_line};
use crate::backend::db::DbContext;
use crate::backend::entities::calendar_days;
use crate::backend::transaction::begin_write;
use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// One year as staff see it; `None`: the current year (Shanghai).
pub async fn year_view(
    db: &sea_orm::DatabaseConnection,
    year: Option<i32>,
) -> Result<CalendarYear, crate::error::AppError> {
    use sea_orm::QueryOrder;
    let year = year.unwrap_or_else(|| crate::admin::queue::service::china_today(Utc::now()).year()).clamp(2000, 2100);
    let (first, last) = (
        NaiveDate::from_ymd_opt(year, 1, 1).expect("valid date"),
        NaiveDate::from_ymd_opt(year, 12, 31).expect("valid date"),
    );
    let days = calendar_days::Entity::find()
        .filter(calendar_days::Column::Day.between(first, last))
        .order_by_asc(calendar_days::Column::Day)
        .all(db)
        .await
        .context("read the calendar")?
        .into_iter()
        .map(|row| CalendarDay { date: row.day.to_string(), kind: row.kind, name: row.name })
        .collect();
    let mut years: Vec<i32> = calendar_days::Entity::find()
        .all(db)
        .await
        .context("read the calendar")?
        .iter()
        .map(|row| row.day.year())
        .collect();
    years.push(year);
    years.sort_unstable();
    years.dedup();
    Ok(CalendarYear { year, days, years })
}

/// Saves the days typed one per line (`2027-01-01 holiday 元旦`), all or nothing: a day
/// already listed takes the new kind and name. Answers how many days were saved and the year
/// of the first, and writes one audit entry.
pub async fn add_days(
    db: &sea_orm::DatabaseConnection,
    staff: &crate::backend::sessions::CurrentAccount,
    text: &str,
    context: &crate::backend::request::AuditContext,
) -> Result<(usize, i32), crate::error::AppError> {
    use crate::domain::ValidationError;
    use crate::error::AppError;
    let refuse = |error| AppError::field("days", error);
    let now = Utc::now();
    let mut rows = Vec::new();
    for (index, line) in text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty()) {
        let parsed = parse_day_line(line)
            .and_then(|(day, kind, name)| Some((NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok()?, kind, name)));
        let Some((day, kind, name)) = parsed else {
            return Err(refuse(ValidationError::BadLine { line: index + 1 }));
        };
        rows.push(calendar_days::ActiveModel {
            day: sea_orm::Set(day),
            kind: sea_orm::Set(kind),
            name: sea_orm::Set(name),
            created_at: sea_orm::Set(now),
        });
    }
    let Some(first) = rows.first().map(|row| row.day.clone().unwrap()) else {
        return Err(refuse(ValidationError::Required));
    };
    if rows.len() > 400 {
        return Err(refuse(ValidationError::TooMany { max: 400 }));
    }
    let txn = begin_write(db).await.context("save calendar days")?;
    for row in &rows {
        calendar_days::Entity::insert(row.clone())
            .on_conflict(
                OnConflict::column(calendar_days::Column::Day)
                    .update_columns([calendar_days::Column::Kind, calendar_days::Column::Name])
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await
            .context("save calendar days")?;
    }
    let detail = format!("{} days from {first}", rows.len());
    crate::backend::audit::audit(
        &txn,
        staff,
        "calendar.add_days",
        "calendar",
        &first.year().to_string(),
        Some(&detail),
        context,
        now,
    )
    .await
    .context("save calendar days")?;
    txn.commit().await.context("save calendar days")?;
    Ok((rows.len(), first.year()))
}
