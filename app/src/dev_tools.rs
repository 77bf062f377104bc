//! Development pages (`/dev/…`): present on the embedded default and in the end-to-end run,
//! absent in production (setting `server.dev_tools`).

use crate::error::AppError;
use leptos::prelude::*;

/// Answers 404 unless the development pages are on.
#[server(endpoint = "dev_tools")]
pub async fn dev_tools_enabled() -> Result<(), AppError> {
    use crate::server::{AppState, request::reject};
    let state = AppState::from_context()?;
    if state.site.dev_tools { Ok(()) } else { Err(reject(AppError::NotFound)) }
}
