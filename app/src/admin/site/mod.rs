//! Staff switches for the whole site: the maintenance mode and the announcements customers
//! see on every page (stock shortages carry the expected mailing date).

#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

use crate::error::AppError;
use leptos::prelude::*;
pub use types::*;

#[server(endpoint = "admin/site")]
pub async fn load_site_admin() -> Result<SiteAdmin, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::require_staff;
    let state = AppState::from_context()?;
    require_staff()?;
    service::admin_view(&state.db).await.map_err(crate::backend::request::reject)
}

/// Turns maintenance on (`enabled` = "true") or off, with the message customers read.
#[server(endpoint = "admin/maintenance")]
pub async fn set_maintenance(
    #[server(default)] enabled: Option<String>,
    #[server(default)] message_zh: String,
    #[server(default)] message_en: String,
    #[server(default)] expected_end: String,
) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{audit_context, redirect_plain_form_post, reject, require_admin};
    let state = AppState::from_context()?;
    let staff = require_admin()?;
    let on = enabled.as_deref() == Some("true");
    service::set_maintenance(&state.db, &staff, on, &message_zh, &message_en, &expected_end, &audit_context())
        .await
        .map_err(reject)?;
    state.site_status.forget();
    redirect_plain_form_post("/admin/site");
    Ok(())
}

/// Publishes an announcement now, until `ends_at` (or until ended).
#[server(endpoint = "admin/announce")]
pub async fn create_announcement(
    kind: String,
    title_zh: String,
    title_en: String,
    #[server(default)] body_zh: String,
    #[server(default)] body_en: String,
    #[server(default)] expected_mailing_date: String,
    #[server(default)] ends_at: String,
) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{audit_context, redirect_plain_form_post, reject, require_staff};
    let state = AppState::from_context()?;
    let staff = require_staff()?;
    let form = service::AnnouncementForm { kind, title_zh, title_en, body_zh, body_en, expected_mailing_date, ends_at };
    service::create_announcement(&state.db, &staff, form, &audit_context()).await.map_err(reject)?;
    state.site_status.forget();
    redirect_plain_form_post("/admin/site");
    Ok(())
}

#[server(endpoint = "admin/announce_end")]
pub async fn end_announcement(id: i32) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{audit_context, redirect_plain_form_post, reject, require_staff};
    let state = AppState::from_context()?;
    let staff = require_staff()?;
    service::end_announcement(&state.db, &staff, id, &audit_context()).await.map_err(reject)?;
    state.site_status.forget();
    redirect_plain_form_post("/admin/site");
    Ok(())
}
