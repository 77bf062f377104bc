//! Bills (paid orders) of the logged-in customer: the list, one bill, linking another order.

#[cfg(feature = "ssr")]
pub mod order_sync;
#[cfg(feature = "ssr")]
pub mod pdf;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

pub use types::*;

use crate::error::AppError;
use leptos::prelude::*;

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
        Linked::Attached(order) => (LinkOutcome::Attached, format!("linked={}", crate::urls::urlencode(&order))),
        Linked::Requested(order) => (LinkOutcome::Requested, format!("requested={}", crate::urls::urlencode(&order))),
    };
    redirect_plain_form_post(&format!("/bills?{query}"));
    Ok(outcome)
}
