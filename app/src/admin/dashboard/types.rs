//! The figures of the service center at a glance.

use serde::{Deserialize, Serialize};

/// How many days the issued-per-day chart covers.
pub const DAYS: usize = 30;

/// Fapiao issued on one day (Shanghai time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub count: u64,
}

/// What `/admin` opens with: the open counts as they are, the last 30 days as of at most
/// `HISTORY_TTL` ago.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// Open applications (submitted or in processing).
    pub open: u64,
    /// Open, past their due time.
    pub overdue: u64,
    /// Open, due later today (Shanghai).
    pub due_today: u64,
    pub history: History,
}

/// The fapiao issued in the last `DAYS` days: read at most once a minute per server (they
/// change only as fapiao are issued, and reading them aggregates every one of them).
pub const HISTORY_TTL: std::time::Duration = std::time::Duration::from_secs(60);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// The last `DAYS` days, oldest first, today last.
    pub issued_per_day: Vec<DayCount>,
    /// Median hours from submission to issue, of the fapiao issued in those days.
    pub median_hours: Option<f64>,
    /// Of those, the share issued by the due time (2 working days), in percent.
    pub on_time_percent: Option<u8>,
}

impl Dashboard {
    /// Open applications due after today.
    pub fn later(&self) -> u64 {
        self.open.saturating_sub(self.overdue + self.due_today)
    }
}

impl History {
    /// All fapiao issued in the chart's days.
    pub fn issued_total(&self) -> u64 {
        self.issued_per_day.iter().map(|d| d.count).sum()
    }
}
