//! Logging in and out: server functions shared by the login page and the header.

#[cfg(feature = "ssr")]
pub mod password_reset;
#[cfg(feature = "ssr")]
pub mod registration;
#[cfg(feature = "ssr")]
pub mod service;

#[cfg(feature = "ssr")]
use crate::backend::db::DbContext;
use crate::domain::Role;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Who is logged in, as the pages need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub email: String,
    pub role: Role,
}

/// Who is logged in, as known when the page was loaded. Provided by the layout to every page.
#[derive(Debug, Clone)]
struct CurrentAccountContext(Option<AccountSummary>);

/// Reads the logged-in account of the request (server) or of the page's HTML (browser) and
/// provides it to every page. Called once, by the layout: pages reached by client-side
/// navigation read the same value with `use_current_account`.
pub fn provide_current_account() {
    let account = SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        let account =
            crate::backend::request::current_account().map(|a| AccountSummary { email: a.email, role: a.role });
        #[cfg(not(feature = "ssr"))]
        let account = None;
        account
    })
    .into_inner();
    provide_context(CurrentAccountContext(account));
}

/// The logged-in account, if any (see `provide_current_account`).
pub fn use_current_account() -> Option<AccountSummary> {
    use_context::<CurrentAccountContext>().and_then(|c| c.0)
}

/// Whether the logged-in account is an admin: pages show admin-only forms to admins only (the
/// server functions check again; see `require_admin`).
pub fn use_is_admin() -> bool {
    use_current_account().is_some_and(|a| a.role == Role::Admin)
}

/// Checks the credentials, starts a new session (any session the browser had is ended, so a
/// session id planted before login is worthless) and answers where to go: `next`, the page that
/// asked for the login, if it is a page of this site (`urls::local_path`); else a customer's
/// bills, or the service center's queue for staff.
#[server(endpoint = "login")]
pub async fn login(
    email: String,
    password: String,
    #[server(default)] next: Option<String>,
) -> Result<String, AppError> {
    use crate::auth::service::{LoginOutcome, authenticate};
    use crate::backend::request::{client_ip, cookie, reject};
    use crate::backend::{AppState, sessions};

    let state = AppState::from_context()?;
    let config = &state.site.sessions;
    let outcome =
        authenticate(&state.db, &email, &password, &client_ip(), &state.login_refusals, chrono::Utc::now()).await?;
    let (account_id, role) = match outcome {
        LoginOutcome::LoggedIn { account_id, role } => (account_id, role),
        LoginOutcome::Invalid => return Err(reject(AppError::LoginFailed)),
        LoginOutcome::NotActivated => return Err(reject(AppError::NotActivated)),
        LoginOutcome::Throttled { retry_after_minutes } => {
            return Err(reject(AppError::TooManyAttempts { retry_after_minutes }));
        }
    };
    if let Some(old) = cookie(config.cookie_name()) {
        sessions::destroy(&state.db, &old).await.context("end the old session")?;
    }
    let token = sessions::create(&state.db, account_id, config).await.context("start a session")?;
    crate::backend::request::set_cookie(&config.set_cookie(&token));
    crate::accounts::service::remember_locale(&state.db, account_id, crate::backend::request::locale())
        .await
        .context("remember the account's language")?;
    let home = if role == Role::Customer { "/bills" } else { "/admin" };
    let landing = next.as_deref().and_then(crate::urls::local_path).unwrap_or(home);
    crate::backend::request::redirect_plain_form_post(landing);
    Ok(landing.to_owned())
}

/// Ends the session on the server (not just the cookie) and goes to the home page.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::backend::request::cookie;
    use crate::backend::{AppState, sessions};

    let state = AppState::from_context()?;
    let config = &state.site.sessions;
    if let Some(token) = cookie(config.cookie_name()) {
        sessions::destroy(&state.db, &token).await.context("end a session")?;
    }
    crate::backend::request::set_cookie(&config.clear_cookie());
    crate::backend::request::redirect_plain_form_post("/");
    Ok(())
}
