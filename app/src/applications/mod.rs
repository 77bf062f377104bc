//! Fapiao applications: the multi-step form (its steps in `steps`, its rules in `form`), the
//! server functions behind it, and the customer's view of an application after confirming.

#[cfg(feature = "ssr")]
pub mod service;

pub mod form;
pub mod steps;

use crate::bills::Bill;
use crate::domain::ApplicationStatus;
use crate::error::AppError;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The Shanghai branch where paper fapiao can be collected (from configuration).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickupPoint {
    pub address_zh: String,
    pub address_en: String,
    pub contact: String,
    pub phone: String,
}

/// A title the account saved for reuse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedTitle {
    pub id: i32,
    pub title: String,
    pub taxpayer_id: Option<String>,
}

/// A delivery address the account saved for reuse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAddress {
    pub id: i32,
    /// `韩梅梅 138…5678 上海市 市辖区 浦东新区 张江路 88 号`.
    pub summary: String,
}

/// Everything the application form of one bill shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyContext {
    pub bill: Bill,
    /// The saved draft, or a new form pre-filled from the account's last application.
    pub form: form::ApplicationForm,
    pub saved_titles: Vec<SavedTitle>,
    pub saved_addresses: Vec<SavedAddress>,
    /// The bill's active application: the bill takes no second one.
    pub active_application: Option<String>,
    pub pickup: PickupPoint,
    /// Sent back with "confirm", so a double click or a retry creates one application.
    pub idempotency_key: String,
    /// The names of the chosen province/city/district, for the review.
    pub place_name: Option<String>,
    /// The options of the address selects for the chosen province and city.
    pub divisions: DivisionOptions,
}

/// Options of the three cascading address selects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DivisionOptions {
    pub provinces: Vec<(String, String)>,
    pub cities: Vec<(String, String)>,
    pub districts: Vec<(String, String)>,
}

/// One entry of an application's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// Shanghai time.
    pub at: String,
    pub status: ApplicationStatus,
    pub note: Option<String>,
}

/// An e-fapiao file (PDF, OFD or XML) of an issued fapiao.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileLink {
    /// Where the owning customer (or staff) downloads it.
    pub href: String,
    pub kind: String,
    pub file_name: String,
    pub size_bytes: i64,
}

/// The issued fapiao of an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedView {
    pub code: Option<String>,
    pub number: String,
    pub issue_date: String,
    pub amount: String,
    pub courier: Option<String>,
    pub tracking_number: Option<String>,
    pub reversed: bool,
    pub files: Vec<FileLink>,
}

/// An application as its customer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationView {
    pub number: String,
    pub status: ApplicationStatus,
    pub bill: Bill,
    pub fapiao_type: String,
    pub medium: String,
    pub title: String,
    pub taxpayer_id: Option<String>,
    pub registered_address: Option<String>,
    pub registered_phone: Option<String>,
    pub bank_name: Option<String>,
    pub bank_account: Option<String>,
    pub payer_name_differs: bool,
    pub delivery_method: String,
    pub recipient: Option<String>,
    pub mobile: Option<String>,
    /// Province, city, district and street.
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub delivery_emails: Option<String>,
    pub rejection_reason: Option<String>,
    pub submitted_at: String,
    pub due_at: String,
    pub timeline: Vec<TimelineEntry>,
    /// The fapiao, once issued (the latest, when one was reversed and issued again).
    pub fapiao: Option<IssuedView>,
}

/// A line of the customer's application list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationSummary {
    pub number: String,
    pub order_number: String,
    pub title: String,
    pub status: ApplicationStatus,
    pub submitted_at: String,
}

/// The form of one of the caller's bills, with its draft.
#[server(endpoint = "application_form")]
pub async fn load_application_form(order_number: String) -> Result<ApplyContext, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::require_customer;
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::context(&state, account.account_id, &order_number).await
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
    let number = service::confirm(&state, &account, &order_number, &idempotency_key).await.map_err(reject)?;
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
    service::view(&state.db, account.account_id, &number).await
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
