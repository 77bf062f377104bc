//! The working-day calendar, for the service center (`/admin/calendar`): the public holidays
//! and adjusted working days of a year, and adding next year's when the State Council
//! publishes them. Due dates are counted on it.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `holiday` or `workday` (an adjusted working weekend day).
    pub kind: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarYear {
    pub year: i32,
    pub days: Vec<CalendarDay>,
    /// Every year that has days loaded, for the year switch.
    pub years: Vec<i32>,
}

/// One line of the "add days" box: `2027-01-01 holiday 元旦 New Year's Day`.
pub fn parse_day_line(line: &str) -> Option<(String, String, String)> {
    let mut parts = line.split_whitespace();
    let date = parts.next()?;
    let kind = parts.next()?;
    let name = parts.collect::<Vec<_>>().join(" ");
    let valid_date = date.len() == 10
        && date
            .as_bytes()
            .iter()
            .enumerate()
            .all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
    let month: u32 = date.get(5..7)?.parse().ok()?;
    let day: u32 = date.get(8..10)?.parse().ok()?;
    let known_kind = kind == "holiday" || kind == "workday";
    (valid_date && (1..=12).contains(&month) && (1..=31).contains(&day) && known_kind && name.chars().count() <= 100)
        .then(|| (date.to_owned(), kind.to_owned(), name))
}

#[server(endpoint = "admin/calendar")]
pub async fn load_calendar(#[server(default)] year: Option<i32>) -> Result<CalendarYear, AppError> {
    use crate::backend::request::require_staff;
    use crate::backend::{AppState, calendar};
    let state = AppState::from_context()?;
    require_staff()?;
    calendar::year_view(&state.db, year).await.map_err(crate::backend::request::reject)
}

/// Adds (or corrects) days, one per line. Refuses the whole box, naming the first bad line,
/// if any line is not understood. Answers how many days were saved.
#[server(endpoint = "admin/calendar_add")]
pub async fn add_calendar_days(days: String) -> Result<usize, AppError> {
    use crate::backend::request::{audit_context, redirect_plain_form_post, reject, require_admin};
    use crate::backend::{AppState, calendar};
    let state = AppState::from_context()?;
    let staff = require_admin()?;
    let (saved, year) = calendar::add_days(&state.db, &staff, &days, &audit_context()).await.map_err(reject)?;
    redirect_plain_form_post(&format!("/admin/calendar?year={year}"));
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use super::parse_day_line;

    #[test]
    fn a_line_is_a_date_a_kind_and_a_name() {
        assert_eq!(
            parse_day_line("2027-01-01 holiday 元旦 New Year's Day"),
            Some(("2027-01-01".into(), "holiday".into(), "元旦 New Year's Day".into()))
        );
        assert_eq!(
            parse_day_line("  2027-02-07   workday  春节调休 "),
            Some(("2027-02-07".into(), "workday".into(), "春节调休".into()))
        );
        assert_eq!(parse_day_line("2027-13-01 holiday x"), None);
        assert_eq!(parse_day_line("2027/01/01 holiday x"), None);
        assert_eq!(parse_day_line("2027-01-01 vacation x"), None);
        assert_eq!(parse_day_line("2027-01-01"), None);
    }
}
