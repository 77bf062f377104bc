//! The audit log, for the service center (`/admin/audit`): who did what to which record, when
//! and from where. Newest first, 50 at a time.

#[cfg(feature = "ssr")]
pub mod service;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i32,
    /// Shanghai time, to the second.
    pub at: String,
    /// The actor's email; `None` for the system.
    pub actor: Option<String>,
    pub action: String,
    pub target: String,
    pub detail: Option<String>,
    pub ip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    /// The `before` of the next (older) page, if there is one.
    pub older: Option<i32>,
}

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
