//! What the support pages and the support service share: a request, its thread, the list.

use crate::domain::SupportStatus;
use serde::{Deserialize, Serialize};

pub use crate::domain::SupportKind;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportSummary {
    pub number: String,
    pub kind: SupportKind,
    pub subject: String,
    /// `open` (waiting for staff), `answered`, `closed`.
    pub status: SupportStatus,
    pub order_number: Option<String>,
    pub updated_at: String,
    pub customer_email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportMessage {
    pub from_staff: bool,
    pub body: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportThread {
    pub summary: SupportSummary,
    pub application_number: Option<String>,
    pub messages: Vec<SupportMessage>,
}
