//! The dashboard's figures, each one query that stays fast at a million orders: the open
//! counts from the queue's partial index (`fapiao_applications_open_by_due`), the issued ones
//! from `issued_fapiao_created` (migration 16), grouped in the database by Shanghai day.

use super::types::{DAYS, Dashboard, DayCount, History};
use crate::admin::queue::service::OPEN_STATUSES_SQL;
use crate::backend::db::DbContext;
use crate::backend::time::china_offset;
use crate::error::AppError;
use chrono::{DateTime, Duration, NaiveTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

fn statement(db: &impl ConnectionTrait, sql: &str, values: Vec<sea_orm::Value>) -> Statement {
    Statement::from_sql_and_values(db.get_database_backend(), sql, values)
}

/// The figures as of `now`.
pub async fn dashboard(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Dashboard, AppError> {
    let history = history(db, now).await?;
    with_open_counts(db, now, history).await
}

/// The open counts as of `now` (from the queue's partial index), with `history`.
pub async fn with_open_counts(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    history: History,
) -> Result<Dashboard, AppError> {
    let context = "read the dashboard";
    let today = now.with_timezone(&china_offset()).date_naive();
    let end_of_today = (today + Duration::days(1))
        .and_time(NaiveTime::MIN)
        .and_local_timezone(china_offset())
        .single()
        .map_or(now, |t| t.with_timezone(&Utc));
    let postgres = db.get_database_backend() == DatabaseBackend::Postgres;

    // The same on both: `?` and `$n` placeholders differ, so the values are bound in order.
    let mark = |n: usize| if postgres { format!("${n}") } else { "?".to_owned() };
    let open_sql = format!(
        "SELECT COUNT(*) AS open, \
                COUNT(CASE WHEN due_at < {} THEN 1 END) AS overdue, \
                COUNT(CASE WHEN due_at >= {} AND due_at < {} THEN 1 END) AS due_today \
         FROM fapiao_applications WHERE {OPEN_STATUSES_SQL}",
        mark(1),
        mark(2),
        mark(3)
    );
    let open_values = vec![now.into(), now.into(), end_of_today.into()];
    let row = db.query_one(statement(db, &open_sql, open_values)).await.context(context)?;
    let count = |name: &str| row.as_ref().and_then(|r| r.try_get::<i64>("", name).ok()).unwrap_or(0).max(0) as u64;
    let (open, overdue, due_today) = (count("open"), count("overdue"), count("due_today"));
    Ok(Dashboard { open, overdue, due_today, history })
}

/// The fapiao issued in the `DAYS` days up to `now` (Shanghai days): per day, the median time
/// from submission, the share on time.
pub async fn history(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<History, AppError> {
    let context = "read the dashboard";
    let today = now.with_timezone(&china_offset()).date_naive();
    let first_day = today - Duration::days(DAYS as i64 - 1);
    let since = first_day
        .and_time(NaiveTime::MIN)
        .and_local_timezone(china_offset())
        .single()
        .map_or(now, |t| t.with_timezone(&Utc));
    let postgres = db.get_database_backend() == DatabaseBackend::Postgres;

    // Shanghai has no daylight saving: its day is the UTC time plus 8 hours.
    let per_day_sql = if postgres {
        "SELECT to_char((created_at AT TIME ZONE 'UTC') + INTERVAL '8 hours', 'YYYY-MM-DD') AS day, COUNT(*) AS n \
         FROM issued_fapiao WHERE created_at >= $1 GROUP BY 1"
    } else {
        "SELECT strftime('%Y-%m-%d', created_at, '+8 hours') AS day, COUNT(*) AS n \
         FROM issued_fapiao WHERE created_at >= ? GROUP BY 1"
    };
    let rows = db.query_all(statement(db, per_day_sql, vec![since.into()])).await.context(context)?;
    let counted: Vec<(String, u64)> = rows
        .iter()
        .filter_map(|r| Some((r.try_get::<String>("", "day").ok()?, r.try_get::<i64>("", "n").ok()?.max(0) as u64)))
        .collect();
    let issued_per_day = (0..DAYS as i64)
        .map(|i| {
            let date = (first_day + Duration::days(i)).format("%Y-%m-%d").to_string();
            let count = counted.iter().find(|(d, _)| *d == date).map_or(0, |(_, n)| *n);
            DayCount { date, count }
        })
        .collect();

    let (median_hours, on_time_percent) = if postgres {
        let sql = "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM i.created_at - a.submitted_at)) AS median, \
                          COUNT(CASE WHEN i.created_at <= a.due_at THEN 1 END) AS on_time, COUNT(*) AS n \
                   FROM issued_fapiao i JOIN fapiao_applications a ON a.id = i.application_id \
                   WHERE i.created_at >= $1";
        let row = db.query_one(statement(db, sql, vec![since.into()])).await.context(context)?;
        let median = row.as_ref().and_then(|r| r.try_get::<Option<f64>>("", "median").ok().flatten());
        let number = |name: &str| row.as_ref().and_then(|r| r.try_get::<i64>("", name).ok()).unwrap_or(0);
        (median.map(|s| s / 3600.0), share(number("on_time"), number("n")))
    } else {
        let sql = "SELECT (julianday(i.created_at) - julianday(a.submitted_at)) * 86400.0 AS seconds, \
                          CASE WHEN i.created_at <= a.due_at THEN 1 ELSE 0 END AS on_time \
                   FROM issued_fapiao i JOIN fapiao_applications a ON a.id = i.application_id \
                   WHERE i.created_at >= ?";
        let rows = db.query_all(statement(db, sql, vec![since.into()])).await.context(context)?;
        let mut seconds: Vec<f64> = rows.iter().filter_map(|r| r.try_get::<f64>("", "seconds").ok()).collect();
        let on_time = rows.iter().filter(|r| r.try_get::<i64>("", "on_time").is_ok_and(|v| v == 1)).count() as i64;
        (median(&mut seconds).map(|s| s / 3600.0), share(on_time, rows.len() as i64))
    };
    Ok(History { issued_per_day, median_hours, on_time_percent })
}

/// `part` of `whole` in whole percent (rounded down, so 100 % means every one); `None` of none.
fn share(part: i64, whole: i64) -> Option<u8> {
    (whole > 0).then(|| u8::try_from(part.clamp(0, whole) * 100 / whole).unwrap_or(100))
}

/// The median, as `percentile_cont(0.5)` computes it (the mean of the middle two of an even
/// number).
fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) { (values[mid - 1] + values[mid]) / 2.0 } else { values[mid] })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_and_the_share_are_the_usual_ones() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(share(0, 0), None);
        assert_eq!(share(2, 3), Some(66));
        assert_eq!(share(3, 3), Some(100));
    }
}
