//! What the current request carries, for pages and server functions: the logged-in account
//! (put there by the server's session middleware), the session token, the client address.

use super::sessions::CurrentAccount;
use http::request::Parts;
use leptos::prelude::use_context;

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// The logged-in account, if any.
pub fn current_account() -> Option<CurrentAccount> {
    parts()?.extensions.get::<CurrentAccount>().cloned()
}

/// The value of a cookie the request sent (the session token, the language).
pub fn cookie(cookie_name: &str) -> Option<String> {
    let parts = parts()?;
    parts.headers.get_all(http::header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|cookie| {
        cookie
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find_map(|(name, value)| (name == cookie_name).then(|| value.to_owned()))
    })
}

/// The language the visitor reads the pages in: the language switch's cookie, else Chinese.
pub fn locale() -> crate::i18n::Locale {
    let code = cookie(LOCALE_COOKIE);
    super::emails::locale_from_code(code.as_deref().unwrap_or_default())
}

/// The cookie the language switch writes (leptos_i18n's name for it).
pub const LOCALE_COOKIE: &str = "i18n_pref_locale";

/// The client's IP address as seen by this server.
pub fn client_ip() -> String {
    parts()
        .and_then(|p| {
            p.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip().to_string())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Sets the HTTP status of the response to the error's and returns the error, so a server
/// function answers 401/403/429… instead of a generic error status. Not for a form posted
/// without JavaScript: that one is answered with a redirect back to the form, carrying the
/// error, and a browser follows a redirect only with a 3xx status.
pub fn reject(error: crate::error::AppError) -> crate::error::AppError {
    if is_plain_form_post() {
        return error;
    }
    if let (Some(response), Ok(status)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(error.status()))
    {
        response.set_status(status);
    }
    error
}

/// Redirects a form posted without JavaScript to `path`. Script callers are left alone: they
/// decide themselves where to go (see `auth::reload_after_success`), and a second, competing
/// navigation would interrupt theirs.
pub fn redirect_plain_form_post(path: &str) {
    if is_plain_form_post() {
        leptos_axum::redirect(path);
    }
}

/// Whether the request is a form posted by a browser without JavaScript (it accepts HTML).
fn is_plain_form_post() -> bool {
    parts().is_some_and(|p| {
        p.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"))
    })
}

/// The logged-in customer calling a customer function. Staff accounts are not customers:
/// they have no bills of their own. Sets 401 when nobody is logged in.
pub fn require_customer() -> Result<CurrentAccount, crate::error::AppError> {
    match current_account() {
        Some(account) if account.role == crate::domain::Role::Customer => Ok(account),
        Some(_) => Err(reject(crate::error::AppError::NotFound)),
        None => Err(reject(crate::error::AppError::Unauthorized)),
    }
}

/// A staff member (or admin) calling a back-office function. Everyone else gets 404, as if the
/// back office did not exist.
pub fn require_staff() -> Result<CurrentAccount, crate::error::AppError> {
    match current_account() {
        Some(account) if matches!(account.role, crate::domain::Role::Staff | crate::domain::Role::Admin) => Ok(account),
        _ => Err(reject(crate::error::AppError::NotFound)),
    }
}

/// Where a request comes from, for the audit log.
#[derive(Debug, Clone, Default)]
pub struct AuditContext {
    pub ip: String,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
}

impl AuditContext {
    /// From a request's headers and the client address the server saw.
    pub fn from_request(headers: &http::HeaderMap, ip: String) -> Self {
        let header =
            |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(|v| v.chars().take(300).collect());
        Self { ip, user_agent: header("user-agent"), request_id: header("x-request-id") }
    }
}

/// The audit context of the request a server function is answering.
pub fn audit_context() -> AuditContext {
    match parts() {
        Some(parts) => AuditContext::from_request(&parts.headers, client_ip()),
        None => AuditContext { ip: client_ip(), ..Default::default() },
    }
}
