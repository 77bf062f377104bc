//! Bills (paid orders) of the logged-in customer: the list, one bill, linking another order.

#[cfg(feature = "ssr")]
pub mod order_sync;
#[cfg(feature = "ssr")]
pub mod pdf;
#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::ApplicationStatus;
use crate::error::AppError;
use leptos::prelude::*;
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
}

impl FapiaoProgress {
    /// Whether the customer can start (or continue) an application for the bill.
    pub fn can_apply(self) -> bool {
        match self {
            Self::NotApplied | Self::Draft => true,
            Self::Applied(status) => !status.is_active(),
            Self::Refunded => false,
        }
    }
}

/// One bill as the list and the detail page show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bill {
    pub order_number: String,
    pub product: String,
    /// `¥1,234.56`.
    pub amount: String,
    /// Shanghai time, `2026-10-01 10:00`.
    pub paid_at: String,
    pub payer_name: String,
    pub progress: FapiaoProgress,
    /// The latest application's public number, if any.
    pub application_number: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillPage {
    pub bills: Vec<Bill>,
    /// 1-based.
    pub page: u64,
    pub pages: u64,
    pub total: u64,
}

/// The page sizes offered; the first is the default.
pub const PAGE_SIZES: [u64; 3] = [20, 50, 10];

/// A page size from the URL, or the default.
pub fn page_size(requested: Option<u64>) -> u64 {
    requested.filter(|n| PAGE_SIZES.contains(n)).unwrap_or(PAGE_SIZES[0])
}

/// The logged-in customer's bills, newest first; `query` filters by order number.
#[server(endpoint = "bills")]
pub async fn list_bills(
    page: u64,
    query: String,
    #[server(default)] per_page: Option<u64>,
) -> Result<BillPage, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::require_customer;
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::list(&state.db, account.account_id, &query, page.max(1), page_size(per_page))
        .await
        .map_err(crate::backend::request::reject)
}

/// One of the logged-in customer's bills; another customer's bill is "not found".
#[server(endpoint = "bill")]
pub async fn get_bill(order_number: String) -> Result<Bill, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::require_customer;
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::one(&state.db, account.account_id, &order_number).await.map_err(crate::backend::request::reject)
}

/// Adds the bills of another order's customer to the account: at once with the claim link of the
/// order confirmation email, otherwise once the order's buyer email (or a colleague) confirms.
#[server(endpoint = "link_order")]
pub async fn link_order(order_number: String, #[server(default)] claim: String) -> Result<LinkOutcome, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{client_ip, redirect_plain_form_post, reject, require_customer};
    use crate::bills::service::Linked;
    let state = AppState::from_context()?;
    let account = require_customer()?;
    let base = &state.site.public_base_url;
    let linked = service::link(&state.db, account.account_id, &order_number, &claim, &client_ip(), base)
        .await
        .map_err(reject)?;
    let (outcome, query) = match linked {
        Linked::Attached(order) => (LinkOutcome::Attached, format!("linked={}", crate::accounts::urlencode(&order))),
        Linked::Requested(order) => {
            (LinkOutcome::Requested, format!("requested={}", crate::accounts::urlencode(&order)))
        }
    };
    redirect_plain_form_post(&format!("/bills?{query}"));
    Ok(outcome)
}

/// What linking an order did: the bills are there now, or the order's buyer is asked first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkOutcome {
    Attached,
    Requested,
}
