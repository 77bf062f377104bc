//! Fapiao applications: the multi-step form (its steps in `steps`, its rules in `form`), the
//! server functions behind it, and the customer's view of an application after confirming.

#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

pub use types::*;

pub mod form;
pub mod steps;

use crate::error::AppError;

use leptos::prelude::*;

/// The form of one of the caller's bills, with its draft.
#[server(endpoint = "application_form")]
pub async fn load_application_form(order_number: String) -> Result<ApplyContext, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::require_customer;
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::context(&state, account.account_id, &order_number).await.map_err(crate::backend::request::reject)
}

/// Saves what was typed on `step` into the draft (always, valid or not: nothing typed is
/// lost) and answers where to go, as `go` says: `next` (only when the step is valid), `back`,
/// `stay`, `title:{id}` / `address:{id}` (fill in a saved title or address). A form posted
/// without JavaScript is redirected there.
#[server(endpoint = "save_application_step")]
pub async fn save_application_step(
    order_number: String,
    step: u8,
    #[server(default)] go: String,
    // Absent when nothing on the step is filled in (no radio chosen yet).
    #[server(default)] form: form::ApplicationForm,
) -> Result<String, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{redirect_plain_form_post, reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    let target =
        service::save_step(&state.db, account.account_id, &order_number, step, &go, form).await.map_err(reject)?;
    redirect_plain_form_post(&target);
    Ok(target)
}

/// Turns the draft into an application. Idempotent by `idempotency_key`; a bill that already
/// has an active application leads to that application.
#[server(endpoint = "confirm_application")]
pub async fn confirm_application(order_number: String, idempotency_key: String) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    let number = service::confirm(&state, &account, &order_number, &idempotency_key, crate::backend::request::locale())
        .await
        .map_err(reject)?;
    leptos_axum::redirect(&format!("/applications/{number}?submitted=1"));
    Ok(())
}

/// The provinces, the cities of `province` and the districts of `city`.
#[server(endpoint = "division_options")]
pub async fn load_division_options(province: String, city: String) -> Result<DivisionOptions, AppError> {
    Ok(crate::applications::service::division_options(&province, &city))
}

/// One of the caller's applications.
#[server(endpoint = "application")]
pub async fn get_application(number: String) -> Result<ApplicationView, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::require_customer;
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::view(&state.db, account.account_id, &number).await.map_err(crate::backend::request::reject)
}

/// The caller's applications, newest first.
#[server(endpoint = "applications")]
pub async fn list_applications() -> Result<Vec<ApplicationSummary>, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::require_customer;
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::list(&state.db, account.account_id).await
}

/// A returned (rejected) application: withdraws it and opens its details as a new draft of
/// the same bill, so the customer corrects what the service center asked for and submits again.
/// Emails the issued e-fapiao again, to the same or a corrected address: the customer whose
/// bill it is, or staff.
#[server(endpoint = "resend_fapiao")]
pub async fn resend_fapiao(number: String, resend_to: String) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{audit_context, current_account, reject};
    let state = AppState::from_context()?;
    let caller = current_account().ok_or_else(|| reject(AppError::Unauthorized))?;
    service::resend(&state, &caller, &number, &resend_to, audit_context()).await.map_err(reject)?;
    crate::backend::request::back_with_done("resent");
    Ok(())
}

/// The buyer confirms the 红字确认单 of a reversal waiting for it (待购买方确认), online.
#[server(endpoint = "confirm_reversal")]
pub async fn confirm_reversal(number: String) -> Result<(), AppError> {
    use crate::admin::queue::service::{Transition, apply};
    use crate::backend::AppState;
    use crate::backend::request::{audit_context, redirect_plain_form_post, reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    // The customer's own application only (anyone else's answers 404, as if none existed).
    let view = service::view(&state.db, account.account_id, &number).await.map_err(reject)?;
    let version = service::by_number(&state.db, &view.number)
        .await
        .map_err(|_| reject(AppError::Internal))?
        .ok_or_else(|| reject(AppError::NotFound))?
        .version;
    apply(&state, &account, &number, version, Transition::BuyerConfirm, audit_context()).await.map_err(reject)?;
    redirect_plain_form_post(&crate::urls::application(&number));
    Ok(())
}

/// Withdraws (撤销) the caller's application while the service center has not started on it;
/// the bill is free for a new application. Back to the application's page, which says so.
#[server(endpoint = "withdraw_application")]
pub async fn withdraw_application(number: String) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{back_with_done, reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::withdraw(&state.db, account.account_id, &number).await.map_err(reject)?;
    back_with_done("withdrawn");
    Ok(())
}

/// 签收: the customer confirms the mailed paper fapiao arrived. Back to the application.
#[server(endpoint = "confirm_receipt")]
pub async fn confirm_receipt(number: String) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{back_with_done, reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::confirm_receipt(&state.db, account.account_id, &number).await.map_err(reject)?;
    back_with_done("received");
    Ok(())
}

/// 换开: asks to re-issue the caller's issued fapiao with a new title or type, for a reason.
/// The service center answers with a 红冲; then the new application waits, pre-filled.
#[server(endpoint = "request_reissue")]
pub async fn request_reissue(
    number: String,
    #[server(default)] reason: String,
    #[server(default)] buyer_type: String,
    #[server(default)] fapiao_type: String,
    #[server(default)] title: String,
    #[server(default)] taxpayer_id: String,
) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{back_with_done, reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    let input = service::ReissueInput { reason, buyer_type, fapiao_type, title, taxpayer_id };
    service::request_reissue(&state.db, account.account_id, &number, input).await.map_err(reject)?;
    back_with_done("reissue_requested");
    Ok(())
}

#[server(endpoint = "resubmit_application")]
pub async fn resubmit_application(number: String) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    let path = service::reopen_rejected(&state.db, account.account_id, &number).await.map_err(reject)?;
    leptos_axum::redirect(&path);
    Ok(())
}
