//! What the access pages and the access service share: who sees a customer's bills and who waits.

use serde::{Deserialize, Serialize};

/// A login that sees a customer's bills.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginOfCustomer {
    pub account_id: i32,
    pub email: String,
    pub is_you: bool,
}

/// A login that typed one of the customer's order numbers and waits for approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingApproval {
    pub request_id: i32,
    pub email: String,
    pub order_number: String,
    /// Asia/Shanghai time.
    pub requested: String,
}

/// One customer whose bills the caller sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerLogins {
    pub customer_id: i32,
    pub name: String,
    pub logins: Vec<LoginOfCustomer>,
    pub pending: Vec<PendingApproval>,
}

/// What `/account` shows about access.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessOverview {
    pub customers: Vec<CustomerLogins>,
    /// Order numbers this login typed, still waiting for the buyer's (or a colleague's) yes.
    pub waiting: Vec<String>,
}

/// What the buyer's confirmation link is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuyerRequest {
    pub customer: String,
    pub login: String,
    pub order_number: String,
    pub pending: bool,
}
