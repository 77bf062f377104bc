//! The service center's back office: the queue of applications and the actions on one.
//! Every server function here starts with `require_staff`; customers and visitors get 404.

#[cfg(feature = "ssr")]
pub mod service;

use crate::applications::ApplicationView;
use crate::domain::ApplicationStatus;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The queue's filters, as in the URL of `/admin`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueFilter {
    /// A status code, `open` (submitted or processing: the default) or `all`.
    pub status: String,
    pub fapiao_type: String,
    pub medium: String,
    pub delivery: String,
    /// Only overdue applications.
    pub overdue: bool,
    /// Application number, order number, title or taxpayer ID (part of it).
    pub q: String,
    pub page: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub number: String,
    pub order_number: String,
    pub title: String,
    pub taxpayer_id: Option<String>,
    pub fapiao_type: String,
    pub medium: String,
    pub delivery_method: String,
    pub status: ApplicationStatus,
    pub submitted_at: String,
    pub due_at: String,
    pub overdue: bool,
    pub due_today: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    pub rows: Vec<QueueRow>,
    pub page: u64,
    pub pages: u64,
    pub total: u64,
}

pub const QUEUE_PAGE_SIZE: u64 = 50;

/// One application as staff see it: what the customer sees, plus what the actions need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffApplication {
    pub application: ApplicationView,
    /// Sent back with every action: an action on a stale page is refused as a conflict.
    pub version: i32,
    pub customer_email: String,
    /// Today in China (`YYYY-MM-DD`), the issue date's default.
    pub today: String,
}

#[server(endpoint = "admin/queue")]
pub async fn staff_queue(filter: QueueFilter) -> Result<QueuePage, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::require_staff;
    let state = AppState::from_context()?;
    require_staff()?;
    service::queue(&state.db, &filter, chrono::Utc::now()).await.map_err(crate::backend::request::reject)
}

#[server(endpoint = "admin/application")]
pub async fn get_staff_application(number: String) -> Result<StaffApplication, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::require_staff;
    let state = AppState::from_context()?;
    require_staff()?;
    service::detail(&state.db, &number).await.map_err(crate::backend::request::reject)
}

/// An action on an application other than issuing (which uploads files: a plain multipart
/// form to `/admin/applications/{number}/issue`). `action`: `start`, `reject` (with `note`
/// as the reason), `mail` (with `courier` and `tracking_number`), `pickup`, `reverse`
/// (with `note`).
#[server(endpoint = "admin/act")]
pub async fn staff_act(
    number: String,
    version: i32,
    action: String,
    #[server(default)] note: String,
    #[server(default)] courier: String,
    #[server(default)] tracking_number: String,
) -> Result<(), AppError> {
    use crate::admin::queue::service::Transition;
    use crate::backend::AppState;
    use crate::backend::request::{audit_context, redirect_plain_form_post, reject, require_staff};
    let state = AppState::from_context()?;
    let staff = require_staff()?;
    let transition = Transition::from_form(&action, &note, &courier, &tracking_number).map_err(reject)?;
    service::apply(&state, &staff, &number, version, transition, audit_context()).await.map_err(reject)?;
    redirect_plain_form_post(&format!("/admin/applications/{number}"));
    Ok(())
}
