//! Accounts, for the service center (`/admin/accounts`): find one by email, resend its
//! activation, unlock it after too many failed logins, disable or enable it.

#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

pub use types::*;

use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "admin/accounts")]
pub async fn find_accounts(#[server(default)] q: String) -> Result<Vec<AccountRow>, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::require_staff;
    let state = AppState::from_context()?;
    require_staff()?;
    service::find(&state.db, &q, chrono::Utc::now()).await.map_err(crate::backend::request::reject)
}

/// Carries out an action; answers the account's email for the confirmation message.
#[server(endpoint = "admin/account_action")]
pub async fn act_on_account(account_id: i32, action: String) -> Result<String, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{audit_context, redirect_plain_form_post, reject, require_staff};
    let state = AppState::from_context()?;
    let staff = require_staff()?;
    let action = AccountAction::parse(&action)
        .ok_or_else(|| reject(AppError::Transport(format!("unknown account action {action:?}"))))?;
    let now = chrono::Utc::now();
    let base = &state.site.public_base_url;
    let email =
        service::act(&state.db, &staff, account_id, action, base, &audit_context(), now).await.map_err(reject)?;
    if action == AccountAction::Unlock {
        // Refusals this server still gives from memory end with the lockout.
        let key = crate::auth::service::refusal_key(&crate::auth::service::attempt_key(&email), "");
        state.login_refusals.forget_starting_with(&key);
    }
    redirect_plain_form_post(&format!("/admin/accounts?q={}&done=1", crate::urls::urlencode(&email)));
    Ok(email)
}
