//! What the bill pages and the bill service share: one bill, where it stands with its fapiao, page sizes.

use crate::domain::ApplicationStatus;
use serde::{Deserialize, Serialize};

/// Where a bill stands with its fapiao, as the bill list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FapiaoProgress {
    /// Paid, no application yet.
    NotApplied,
    /// An application form was started and saved, not confirmed.
    Draft,
    /// The latest application and its status.
    Applied(ApplicationStatus),
    /// The order was refunded: no fapiao.
    Refunded,
    /// The bill was split into parts: each part takes its own fapiao.
    Split,
}

impl FapiaoProgress {
    /// Whether the customer can start (or continue) an application for the bill.
    pub fn can_apply(self) -> bool {
        match self {
            Self::NotApplied | Self::Draft => true,
            Self::Applied(status) => !status.is_active(),
            Self::Refunded | Self::Split => false,
        }
    }
}

/// One bill as the list and the detail page show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bill {
    pub order_number: String,
    pub product: String,
    /// 价税合计, `¥1,234.56`.
    pub amount: String,
    /// 税率, `6%`.
    pub tax_rate: String,
    /// 税额, `¥69.88`.
    pub tax: String,
    /// Shanghai time, `2026-10-01 10:00`.
    pub paid_at: String,
    pub payer_name: String,
    pub progress: FapiaoProgress,
    /// The latest application's public number, if any.
    pub application_number: Option<String>,
    /// Ticked on the bill list, to apply for together with the other ticked bills.
    pub selected: bool,
    /// 价税合计 in fen, for the list's running total of the ticked bills.
    pub amount_fen: i64,
    /// The bill is whole (not a part) and not applied for, so it may be split; `get_bill` also
    /// requires the site to let customers split (`site.customer_split`).
    #[serde(default)]
    pub split_by_customer: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillPage {
    pub bills: Vec<Bill>,
    /// 1-based.
    pub page: u64,
    pub pages: u64,
    pub total: u64,
    /// The bills ticked so far, on this page and the others.
    pub selection: SelectionSummary,
}

/// The form field of a split's amounts.
pub const SPLIT_FIELD: &str = "amounts";

/// The form field the messages about ticked bills belong to.
pub const SELECTION_FIELD: &str = "selection";

/// How many bills are ticked to go on one fapiao, and their total.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectionSummary {
    pub count: u64,
    pub total_fen: i64,
}

/// The bills of one fapiao when it is for several: each bill, and their total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Together {
    pub bills: Vec<BillLine>,
    /// 价税合计 of all of them, `¥1,234.56`, and in fen.
    pub total: String,
    pub total_fen: i64,
    /// 税率 (one for all of them) and 税额 of the total.
    pub tax_rate: String,
    pub tax: String,
}

/// One bill of a fapiao for several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillLine {
    pub order_number: String,
    pub product: String,
    pub amount: String,
}

/// The most bills one fapiao is applied for with: a month's bills of a large account several
/// times over, and a list the service center can still check.
pub const MAX_BILLS_TOGETHER: usize = 500;

/// The page sizes offered; the first is the default.
pub const PAGE_SIZES: [u64; 3] = [20, 50, 10];

/// A page size from the URL, or the default.
pub fn page_size(requested: Option<u64>) -> u64 {
    requested.filter(|n| PAGE_SIZES.contains(n)).unwrap_or(PAGE_SIZES[0])
}

/// What linking an order did: the bills are there now, or the order's buyer is asked first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkOutcome {
    Attached,
    Requested,
}
