//! The audit log, for the service center (`/admin/audit`): who did what to which record, when
//! and from where. Newest first, 50 at a time.

#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

pub use types::*;

use crate::error::AppError;
use leptos::prelude::*;

/// Entries older than `before` (an entry id; none: the newest), matching `q` in the action,
/// the record or the actor's email.
#[server(endpoint = "admin/audit")]
pub async fn load_audit_log(
    #[server(default)] q: String,
    #[server(default)] before: Option<i32>,
) -> Result<AuditPage, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::require_staff;
    let state = AppState::from_context()?;
    require_staff()?;
    service::list(&state.db, &q, before).await.map_err(crate::backend::request::reject)
}
