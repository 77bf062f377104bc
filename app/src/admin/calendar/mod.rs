//! The working-day calendar, for the service center (`/admin/calendar`): the public holidays
//! and adjusted working days of a year, and adding next year's when the State Council
//! publishes them. Due dates are counted on it.

#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

use crate::error::AppError;
use leptos::prelude::*;
pub use types::*;

#[server(endpoint = "admin/calendar")]
pub async fn load_calendar(#[server(default)] year: Option<i32>) -> Result<CalendarYear, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::require_staff;
    let state = AppState::from_context()?;
    require_staff()?;
    service::year_view(&state.db, year).await.map_err(crate::backend::request::reject)
}

/// Adds (or corrects) days, one per line. Refuses the whole box, naming the first bad line,
/// if any line is not understood. Answers how many days were saved.
#[server(endpoint = "admin/calendar_add")]
pub async fn add_calendar_days(days: String) -> Result<usize, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{audit_context, redirect_plain_form_post, reject, require_admin};
    let state = AppState::from_context()?;
    let staff = require_admin()?;
    let (saved, year) = service::add_days(&state.db, &staff, &days, &audit_context()).await.map_err(reject)?;
    redirect_plain_form_post(&format!("/admin/calendar?year={year}&added={saved}"));
    Ok(saved)
}
