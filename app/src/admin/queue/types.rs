//! What the queue pages and their service share: the filters, one row of the queue, an application as staff see it.

use crate::applications::ApplicationView;
use crate::domain::ApplicationStatus;
use crate::domain::{DeliveryMethod, FapiaoType, Medium};
use serde::{Deserialize, Serialize};

/// The queue's filters, as in the URL of `/admin`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueFilter {
    /// A status code, `open` (submitted or processing: the default) or `all`.
    pub status: String,
    pub fapiao_type: String,
    pub medium: String,
    pub delivery: String,
    /// Only overdue applications.
    pub overdue: bool,
    /// Application number, order number, title or taxpayer ID (part of it).
    pub q: String,
    pub page: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub number: String,
    pub order_number: String,
    pub title: String,
    pub taxpayer_id: Option<String>,
    pub fapiao_type: FapiaoType,
    pub medium: Medium,
    pub delivery_method: DeliveryMethod,
    pub status: ApplicationStatus,
    pub submitted_at: String,
    pub due_at: String,
    pub overdue: bool,
    pub due_today: bool,
    /// 需红冲: the bill was refunded after its fapiao was issued.
    pub needs_reversal: bool,
    /// The customer asked for a re-issue (换开): a 红冲 to start.
    pub reissue_requested: bool,
    /// 签收: the customer confirmed the paper fapiao arrived.
    pub received: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    pub rows: Vec<QueueRow>,
    /// 红冲 work: fapiao of refunded bills (需红冲), paper waiting to come back, red fapiao to
    /// issue. Shown above the queue whatever its filter.
    pub reversals: Vec<QueueRow>,
    pub page: u64,
    pub pages: u64,
    pub total: u64,
}

pub const QUEUE_PAGE_SIZE: u64 = 50;

/// One application as staff see it: what the customer sees, plus what the actions need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffApplication {
    pub application: ApplicationView,
    /// Sent back with every action: an action on a stale page is refused as a conflict.
    pub version: i32,
    pub customer_email: String,
    /// Today in China (`YYYY-MM-DD`), the issue date's default.
    pub today: String,
}
