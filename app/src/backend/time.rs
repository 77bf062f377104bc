//! Times are stored in UTC and shown in China Standard Time (UTC+8 all year: mainland China
//! has no daylight saving time, so a fixed offset is exact).

use chrono::{DateTime, FixedOffset, Utc};

pub fn china_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// `2026-11-24 16:30`, in Asia/Shanghai time.
pub fn format_china_minutes(at: DateTime<Utc>) -> String {
    at.with_timezone(&china_offset()).format("%Y-%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn utc_evening_is_next_morning_in_shanghai() {
        let at = Utc.with_ymd_and_hms(2026, 11, 24, 20, 5, 0).unwrap();
        assert_eq!(format_china_minutes(at), "2026-11-25 04:05");
    }
}
