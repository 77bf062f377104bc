//! Bills (paid orders) of the logged-in customer: the list, one bill, linking another order.

#[cfg(feature = "ssr")]
pub mod order_sync;
#[cfg(feature = "ssr")]
pub mod pdf;
#[cfg(feature = "ssr")]
pub mod selection;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod split;
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
    let mut found = service::list(&state.db, account.account_id, &query, page.max(1), page_size(per_page))
        .await
        .map_err(crate::backend::request::reject)?;
    found.selection = selection::summary(&state.db, account.account_id)
        .await
        .map_err(|e| crate::backend::db::database_error("read the ticked bills", &e))
        .map_err(crate::backend::request::reject)?;
    Ok(found)
}

/// Ticks the bills of `chosen` and unticks the rest of `shown` (the page's bills), keeping the
/// ticks of other pages. `then`: `page` ticks every bill of the page that can be ticked,
/// `apply` goes on to one application for every ticked bill, `clear` unticks them all,
/// anything else keeps the ticks and stays on the list.
#[server(endpoint = "select_bills")]
pub async fn select_bills(
    #[server(default)] shown: Vec<String>,
    #[server(default)] chosen: Vec<String>,
    #[server(default)] then: String,
) -> Result<SelectionSummary, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{back_with_done, redirect_plain_form_post, reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    let db = &state.db;
    match then.as_str() {
        "clear" => {
            selection::clear(db, account.account_id).await.map_err(reject)?;
            back_with_done("selection_cleared");
            return Ok(SelectionSummary::default());
        }
        "apply" => {
            let ticks = selection::Ticks::These(&chosen);
            let summary = selection::update(db, account.account_id, &shown, ticks).await.map_err(reject)?;
            let first =
                selection::apply(db, account.account_id, state.site.single_fapiao_limit).await.map_err(reject)?;
            redirect_plain_form_post(&crate::urls::apply(&first));
            return Ok(summary);
        }
        _ => {}
    }
    let ticks = if then == "page" { selection::Ticks::WholePage } else { selection::Ticks::These(&chosen) };
    let summary = selection::update(db, account.account_id, &shown, ticks).await.map_err(reject)?;
    back_with_done("selection_kept");
    Ok(summary)
}

/// One of the logged-in customer's bills; another customer's bill is "not found".
#[server(endpoint = "bill")]
pub async fn get_bill(order_number: String) -> Result<Bill, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::require_customer;
    let state = AppState::from_context()?;
    let account = require_customer()?;
    let bill =
        service::one(&state.db, account.account_id, &order_number).await.map_err(crate::backend::request::reject)?;
    Ok(Bill { split_by_customer: bill.split_by_customer && state.site.customer_split, ..bill })
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

/// Splits a bill into parts by amount (yuan, separated by commas): staff, from the customer's
/// split request; the customer, where the site allows it (`site.customer_split`). Each part is
/// then a bill of its own. Back to the page the form was on.
#[server(endpoint = "split_bill")]
pub async fn split_bill(order_number: String, #[server(default)] amounts: String) -> Result<Vec<String>, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{back_with_done, current_account, reject};
    use crate::domain::Role;
    let state = AppState::from_context()?;
    let splitter = match current_account() {
        Some(account) if account.role != Role::Customer => split::Splitter::Staff,
        Some(account) if state.site.customer_split => split::Splitter::Customer(account.account_id),
        Some(_) => return Err(reject(AppError::Forbidden)),
        None => return Err(reject(AppError::Unauthorized)),
    };
    let parts = split::split(&state.db, splitter, &order_number, &amounts, chrono::Utc::now()).await.map_err(reject)?;
    back_with_done("split");
    Ok(parts)
}
