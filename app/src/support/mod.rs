//! Support requests: a customer asks (progress, not received, change of title, split a bill,
//! other), linked to a bill; staff answer in a thread; each staff answer is emailed.

#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

pub use types::*;

use crate::error::AppError;
use leptos::prelude::*;

/// The caller's requests (a customer), or the open ones (staff).
#[server(endpoint = "support/list")]
pub async fn list_support() -> Result<Vec<SupportSummary>, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{current_account, reject};
    let state = AppState::from_context()?;
    let account = current_account().ok_or_else(|| reject(AppError::Unauthorized))?;
    service::list(&state.db, &account).await.map_err(crate::backend::request::reject)
}

#[server(endpoint = "support/create")]
pub async fn create_support(
    kind: String,
    subject: String,
    body: String,
    #[server(default)] order_number: String,
) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{redirect_plain_form_post, reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    let number = service::create(&state.db, &account, &kind, &subject, &body, &order_number).await.map_err(reject)?;
    let path = crate::urls::support_request(&number);
    redirect_plain_form_post(&path);
    leptos_axum::redirect(&path);
    Ok(())
}

#[server(endpoint = "support/thread")]
pub async fn load_support_thread(number: String) -> Result<SupportThread, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{current_account, reject};
    let state = AppState::from_context()?;
    let account = current_account().ok_or_else(|| reject(AppError::Unauthorized))?;
    service::thread(&state.db, &account, &number).await.map_err(reject)
}

/// A message in the thread: from the customer (the request is open again) or from staff (it
/// is answered, and the customer gets an email).
#[server(endpoint = "support/reply")]
pub async fn reply_support(
    number: String,
    body: String,
    #[server(default)] close: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{audit_context, current_account, redirect_plain_form_post, reject};
    let state = AppState::from_context()?;
    let account = current_account().ok_or_else(|| reject(AppError::Unauthorized))?;
    let close = close.as_deref() == Some("true");
    service::reply(&state, &account, &number, &body, close, &audit_context()).await.map_err(reject)?;
    redirect_plain_form_post(&crate::urls::support_request(&number));
    Ok(())
}
