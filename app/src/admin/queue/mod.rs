//! The service center (`/admin`): the queue of applications and the actions on one.
//! Every server function here starts with `require_staff`; customers and visitors get 404.

#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

pub use types::*;

use crate::error::AppError;
use leptos::prelude::*;

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
/// as the reason), `mail` (with `courier`, `tracking_number` and, for another courier than the
/// customer chose, `note`), `pickup`, and the 红冲 steps: `start_reversal` (`reason`,
/// `confirmation_number`, `buyer_must_confirm`), `returned`, `complete_reversal`
/// (`red_number`, `red_date`).
#[server(endpoint = "admin/act")]
#[allow(clippy::too_many_arguments)]
pub async fn staff_act(
    number: String,
    version: i32,
    action: String,
    #[server(default)] note: String,
    #[server(default)] courier: String,
    #[server(default)] tracking_number: String,
    #[server(default)] reason: String,
    #[server(default)] confirmation_number: String,
    #[server(default)] buyer_must_confirm: Option<String>,
    #[server(default)] red_number: String,
    #[server(default)] red_date: String,
) -> Result<(), AppError> {
    use crate::admin::queue::service::{ActionFields, Transition};
    use crate::backend::AppState;
    use crate::backend::request::{audit_context, redirect_plain_form_post, reject, require_staff};
    let state = AppState::from_context()?;
    let staff = require_staff()?;
    let form = ActionFields {
        note: &note,
        courier: &courier,
        tracking_number: &tracking_number,
        reason: &reason,
        confirmation_number: &confirmation_number,
        buyer_must_confirm: buyer_must_confirm.is_some_and(|v| !v.is_empty() && v != "false"),
        red_number: &red_number,
        red_date: &red_date,
    };
    let transition = Transition::from_form(&action, &form).map_err(reject)?;
    service::apply(&state, &staff, &number, version, transition, audit_context()).await.map_err(reject)?;
    redirect_plain_form_post(&crate::urls::admin_application(&number));
    Ok(())
}
