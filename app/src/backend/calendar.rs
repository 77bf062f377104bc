//! The mainland working-day calendar: which days the service center works, and when an
//! application is due. The calendar is data (`calendar_days`): public holidays and the
//! weekend days worked in exchange (调休), loaded from the bundled dataset and extended by
//! an admin when the State Council publishes the next year's.

use crate::backend::entities::calendar_days;
use crate::domain::CalendarDayKind;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, sea_query::OnConflict};
use std::collections::HashMap;

/// Working days the service center has to handle an application: the promise every confirmation email and the queue state.
pub const DUE_WORKING_DAYS: u32 = 2;
/// Applications are due by the end of the service center's working day, Shanghai time.
pub const END_OF_WORKING_DAY: NaiveTime = NaiveTime::from_hms_opt(18, 0, 0).expect("valid time");

/// The listed exceptions to "Monday to Friday".
#[derive(Debug, Default, Clone)]
pub struct Calendar {
    exceptions: HashMap<NaiveDate, bool>,
}

impl Calendar {
    pub fn from_days(days: impl IntoIterator<Item = (NaiveDate, bool)>) -> Self {
        Self { exceptions: days.into_iter().collect() }
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        self.exceptions.get(&day).copied().unwrap_or(!matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
    }

    /// The `n`-th working day after `day` (not counting `day` itself).
    pub fn add_working_days(&self, day: NaiveDate, n: u32) -> NaiveDate {
        let mut current = day;
        let mut left = n;
        while left > 0 {
            current += Duration::days(1);
            if self.is_working_day(current) {
                left -= 1;
            }
        }
        current
    }

    /// When an application submitted at `submitted_at` is due: the end of the working day
    /// two working days after the day it arrived (Shanghai time), whatever hour it arrived.
    pub fn due_at(&self, submitted_at: DateTime<Utc>) -> DateTime<Utc> {
        let day = submitted_at.with_timezone(&crate::backend::time::china_offset()).date_naive();
        let due_day = self.add_working_days(day, DUE_WORKING_DAYS);
        crate::backend::time::china_offset()
            .from_local_datetime(&due_day.and_time(END_OF_WORKING_DAY))
            .single()
            .map_or(submitted_at + Duration::days(4), |at| at.with_timezone(&Utc))
    }
}

/// The calendar around `from` (the next 60 days cover any due time: the longest holiday,
/// 春节, is 9 days).
pub async fn load(db: &impl ConnectionTrait, from: DateTime<Utc>) -> Result<Calendar, DbErr> {
    let start = from.date_naive() - Duration::days(1);
    let rows = calendar_days::Entity::find()
        .filter(calendar_days::Column::Day.between(start, start + Duration::days(60)))
        .all(db)
        .await?;
    Ok(Calendar::from_days(rows.into_iter().map(|row| (row.day, row.kind == CalendarDayKind::Workday))))
}

/// One year of the bundled dataset (`app/data/calendar/{year}.json`, npm `chinese-days`):
/// `{"holidays": {"2026-01-01": "New Year's Day,元旦,1", …}, "workdays": {…}}`.
#[derive(serde::Deserialize)]
struct DatasetYear {
    holidays: HashMap<String, String>,
    workdays: HashMap<String, String>,
}

const BUNDLED_YEARS: [&str; 3] = [
    include_str!("../../data/calendar/2024.json"),
    include_str!("../../data/calendar/2025.json"),
    include_str!("../../data/calendar/2026.json"),
];

/// The days of the bundled dataset as `(day, kind, name)`.
pub fn bundled_days() -> Vec<(NaiveDate, CalendarDayKind, String)> {
    let mut days = Vec::new();
    for year in BUNDLED_YEARS {
        let year: DatasetYear = serde_json::from_str(year).expect("the bundled calendar is valid JSON (tested)");
        for (map, kind) in [(year.holidays, CalendarDayKind::Holiday), (year.workdays, CalendarDayKind::Workday)] {
            for (day, label) in map {
                if let Ok(day) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") {
                    // "Spring Festival,春节,4": keep "春节 Spring Festival".
                    let mut parts = label.split(',');
                    let (en, zh) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                    days.push((day, kind, format!("{zh} {en}").trim().to_owned()));
                }
            }
        }
    }
    days
}

/// Adds the bundled days that are not in the table yet. Days already there — possibly
/// corrected by an admin — are left as they are.
pub async fn load_bundled(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let now = Utc::now();
    let rows: Vec<_> = bundled_days()
        .into_iter()
        .map(|(day, kind, name)| calendar_days::ActiveModel {
            day: sea_orm::Set(day),
            kind: sea_orm::Set(kind),
            name: sea_orm::Set(name),
            created_at: sea_orm::Set(now),
        })
        .collect();
    for chunk in rows.chunks(100) {
        calendar_days::Entity::insert_many(chunk.to_vec())
            .on_conflict(OnConflict::column(calendar_days::Column::Day).do_nothing().to_owned())
            .do_nothing()
            .exec(db)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Calendar {
        Calendar::from_days(bundled_days().into_iter().map(|(day, kind, _)| (day, kind == CalendarDayKind::Workday)))
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn weekdays_work_weekends_rest_unless_listed() {
        let calendar = bundled();
        assert!(calendar.is_working_day(date(2026, 11, 24)), "an ordinary Tuesday");
        assert!(!calendar.is_working_day(date(2026, 11, 28)), "an ordinary Saturday");
        assert!(!calendar.is_working_day(date(2026, 10, 1)), "National Day");
        assert!(calendar.is_working_day(date(2026, 2, 14)), "a Saturday worked before 春节 (调休)");
    }

    #[test]
    fn due_two_working_days_later_at_six_pm_shanghai() {
        let calendar = bundled();
        // Tuesday 10:00 Shanghai → Thursday 18:00 Shanghai (10:00 UTC).
        let at = Utc.with_ymd_and_hms(2026, 11, 24, 2, 0, 0).unwrap();
        assert_eq!(calendar.due_at(at), Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap());
        // Friday evening → Tuesday.
        let at = Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap();
        assert_eq!(calendar.due_at(at), Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap());
        // 23:30 UTC on Monday is already Tuesday in Shanghai.
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 23, 30, 0).unwrap();
        assert_eq!(calendar.due_at(at), Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap());
    }

    #[test]
    fn holidays_are_skipped_and_adjusted_weekends_count() {
        let calendar = bundled();
        // Submitted Wednesday 2026-09-30: 10-01..10-07 are the National Day holiday, so the
        // working days are 10-08 (Thursday) and 10-09 (Friday).
        let at = Utc.with_ymd_and_hms(2026, 9, 30, 2, 0, 0).unwrap();
        let due = calendar.due_at(at).with_timezone(&crate::backend::time::china_offset()).date_naive();
        assert_eq!(due, calendar.add_working_days(date(2026, 9, 30), 2));
        assert!(due > date(2026, 10, 7));
        // The Saturday worked before 春节 2026 (02-14) counts: Friday 02-13 + 1 = Saturday.
        assert_eq!(calendar.add_working_days(date(2026, 2, 13), 1), date(2026, 2, 14));
    }
}
