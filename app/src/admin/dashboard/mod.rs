//! The service center at a glance (the top of `/admin`): open applications, those due today
//! and overdue, fapiao issued per day over 30 days, and the median time from submission to
//! issue against the 2-working-day promise. Server-rendered SVG charts (`pages/admin/dashboard.rs`).

#[cfg(feature = "ssr")]
pub mod service;
mod types;

pub use types::*;

use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "admin/dashboard")]
pub async fn load_dashboard() -> Result<Dashboard, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{reject, require_staff};
    let state = AppState::from_context()?;
    require_staff()?;
    let now = chrono::Utc::now();
    let history = match state.dashboard_history.fresh(HISTORY_TTL) {
        Some(history) => history,
        None => {
            let read_at = std::time::Instant::now();
            let history = service::history(&state.db, now).await.map_err(reject)?;
            state.dashboard_history.keep(read_at, &history);
            history
        }
    };
    service::with_open_counts(&state.db, now, history).await.map_err(reject)
}
