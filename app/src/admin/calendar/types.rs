//! What the calendar page and its service share: the days of a year, and one line of the "add days" box.

use crate::domain::CalendarDayKind;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `holiday` or `workday` (an adjusted working weekend day).
    pub kind: CalendarDayKind,
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
pub fn parse_day_line(line: &str) -> Option<(String, CalendarDayKind, String)> {
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
    let kind = CalendarDayKind::parse(kind).ok()?;
    (valid_date && (1..=12).contains(&month) && (1..=31).contains(&day) && name.chars().count() <= 100)
        .then(|| (date.to_owned(), kind, name))
}

#[cfg(test)]
mod tests {
    use super::parse_day_line;
    use crate::domain::CalendarDayKind;

    #[test]
    fn a_line_is_a_date_a_kind_and_a_name() {
        assert_eq!(
            parse_day_line("2027-01-01 holiday 元旦 New Year's Day"),
            Some(("2027-01-01".into(), CalendarDayKind::Holiday, "元旦 New Year's Day".into()))
        );
        assert_eq!(
            parse_day_line("  2027-02-07   workday  春节调休 "),
            Some(("2027-02-07".into(), CalendarDayKind::Workday, "春节调休".into()))
        );
        assert_eq!(parse_day_line("2027-13-01 holiday x"), None);
        assert_eq!(parse_day_line("2027/01/01 holiday x"), None);
        assert_eq!(parse_day_line("2027-01-01 vacation x"), None);
        assert_eq!(parse_day_line("2027-01-01"), None);
    }
}
