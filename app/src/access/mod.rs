//! Who sees a customer's bills: the logins attached to it, requests waiting for approval, and
//! the buyer's confirmation link. Server functions for `/account` and `/access`; the rules are
//! in `access::service`.

#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

pub use types::*;

use crate::error::AppError;
use leptos::prelude::*;

/// The caller's customers with their logins and waiting requests, and its own waiting requests.
#[server(endpoint = "access/overview")]
pub async fn load_access() -> Result<AccessOverview, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::overview(&state.db, account.account_id).await.map_err(reject)
}

/// Only the order numbers the caller typed that still wait for a yes: what `/bills` shows, one
/// indexed query instead of the whole overview on the most visited page.
#[server(endpoint = "access/waiting")]
pub async fn load_waiting_orders() -> Result<Vec<String>, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::waiting(&state.db, account.account_id).await.map_err(reject)
}

/// A login of the customer lets a waiting login see the bills (`approve`) or not (`dismiss`).
#[server(endpoint = "access/decide")]
pub async fn decide_access(request_id: i32, decision: String) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{redirect_plain_form_post, reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    let allow = parse_decision(&decision, "approve", "dismiss").map_err(reject)?;
    let base = &state.site.public_base_url;
    service::decide_by_member(&state.db, account.account_id, request_id, allow, chrono::Utc::now(), base)
        .await
        .map_err(reject)?;
    redirect_plain_form_post("/account#access");
    Ok(())
}

/// A login of the customer removes a login (another, or itself) from the customer's bills.
#[server(endpoint = "access/remove")]
pub async fn remove_login(customer_id: i32, account_id: i32) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{redirect_plain_form_post, reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::remove_login(&state.db, account.account_id, customer_id, account_id).await.map_err(reject)?;
    redirect_plain_form_post("/account#access");
    Ok(())
}

/// The request behind a buyer's link (no login: the link itself is the proof of the mailbox).
#[server(endpoint = "access/request")]
pub async fn load_buyer_request(token: String) -> Result<BuyerRequest, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::reject;
    let state = AppState::from_context()?;
    let view = service::buyer_view(&state.db, &token).await.map_err(reject)?;
    Ok(BuyerRequest {
        customer: view.customer,
        login: view.login,
        order_number: view.order_number,
        pending: view.pending,
    })
}

/// The buyer allows the login (`allow`) or ignores the request (`ignore`).
#[server(endpoint = "access/answer")]
pub async fn answer_request(token: String, decision: String) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{redirect_plain_form_post, reject};
    let state = AppState::from_context()?;
    let allow = parse_decision(&decision, "allow", "ignore").map_err(reject)?;
    let base = &state.site.public_base_url;
    service::decide_by_buyer(&state.db, &token, allow, chrono::Utc::now(), base).await.map_err(reject)?;
    redirect_plain_form_post(&format!("/access?token={}&answered={decision}", crate::urls::urlencode(&token)));
    Ok(())
}

#[cfg(feature = "ssr")]
fn parse_decision(decision: &str, yes: &str, no: &str) -> Result<bool, AppError> {
    match decision {
        d if d == yes => Ok(true),
        d if d == no => Ok(false),
        _ => Err(AppError::field("decision", crate::domain::ValidationError::UnknownValue)),
    }
}
