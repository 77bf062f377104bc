//! Development pages (`/dev/…`): only with the setting `server.dev_tools` (`make dev`, the
//! end-to-end run), only for loopback clients; absent otherwise.

use crate::error::AppError;
use leptos::prelude::*;

/// Answers 404 unless the development pages are on.
#[server(endpoint = "dev_tools")]
pub async fn dev_tools_enabled() -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::require_development_setting;
    require_development_setting(AppState::from_context()?.site.dev_tools)
}
