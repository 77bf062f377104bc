//! Accounts, for the service center (`/admin/accounts`): find one by email, resend its
//! activation, unlock it after too many failed logins, disable or enable it.

#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::Role;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    pub id: i32,
    pub email: String,
    pub role: Role,
    /// `pending`, `active` or `disabled`.
    pub status: String,
    /// Shanghai time.
    pub created_at: String,
    /// Too many failed logins lately: logging in is refused until it is unlocked or time passes.
    pub locked: bool,
    pub failed_logins: u64,
}

/// What staff can do to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountAction {
    ResendActivation,
    Unlock,
    Disable,
    Enable,
}

impl AccountAction {
    pub const ALL: [Self; 4] = [Self::ResendActivation, Self::Unlock, Self::Disable, Self::Enable];

    pub fn code(self) -> &'static str {
        match self {
            Self::ResendActivation => "resend_activation",
            Self::Unlock => "unlock",
            Self::Disable => "disable",
            Self::Enable => "enable",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    /// The audit log's name for it.
    pub fn audit_action(self) -> &'static str {
        match self {
            Self::ResendActivation => "account.resend_activation",
            Self::Unlock => "account.unlock",
            Self::Disable => "account.disable",
            Self::Enable => "account.enable",
        }
    }

    /// Whether the action makes sense for an account in this state (the page offers only these).
    pub fn offered_for(self, account: &AccountRow) -> bool {
        match self {
            Self::ResendActivation => account.status == "pending",
            Self::Unlock => account.failed_logins > 0,
            Self::Disable => account.status != "disabled",
            Self::Enable => account.status == "disabled",
        }
    }
}

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
    redirect_plain_form_post(&format!("/admin/accounts?q={}", crate::accounts::urlencode(&email)));
    Ok(email)
}
