//! What the current request carries, for pages and server functions: the logged-in account
//! (put there by the server's session middleware), the session token, the client address.

use crate::backend::sessions::CurrentAccount;
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
    crate::backend::emails::locale_from_code(code.as_deref().unwrap_or_default())
}

/// The cookie the language switch writes (leptos_i18n's name for it).
pub const LOCALE_COOKIE: &str = "i18n_pref_locale";

/// Who sent the request, as the server's `client_address` middleware found out: the client's
/// address (the TCP peer, or the address a trusted reverse proxy forwards for) and where the
/// connection comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress {
    pub ip: std::net::IpAddr,
    /// A loopback peer that forwards for nobody: a browser on this machine.
    pub at_this_machine: bool,
    /// A loopback peer or a trusted proxy's address, forwarding for nobody: the operator's
    /// own tooling (a metrics scraper), never a visitor coming through the proxy.
    pub operator: bool,
}

/// The request's `ClientAddress` (set for every request the server answers).
pub fn client_address() -> Option<ClientAddress> {
    parts()?.extensions.get::<ClientAddress>().copied()
}

/// The client's IP address: what login attempts and rate limits are counted under.
pub fn client_ip() -> String {
    client_address().map_or_else(|| "unknown".to_owned(), |a| a.ip.to_string())
}

/// A development convenience (the dev mailbox, the gallery): 404, as if it did not exist, unless
/// its setting is on and the caller sits at this machine (a loopback peer forwarding for nobody:
/// a reverse proxy on the same host connects from loopback too, but says whom it forwards for).
pub fn require_development_setting(enabled: bool) -> Result<(), crate::error::AppError> {
    if enabled && client_address().is_some_and(|a| a.at_this_machine) {
        Ok(())
    } else {
        Err(reject(crate::error::AppError::NotFound))
    }
}

/// Sets the HTTP status of the response to the error's (`AppError::status`) and returns the
/// error. A server function's own response gets its status from the server's middleware
/// (`server_function_errors_carry_their_status`) in any case; `reject` is what gives a page
/// rendered on the server the status of the data it could not load (404 for a bill that is not
/// the caller's). Not for a form posted without JavaScript: that one is answered with a
/// redirect back to the form, carrying the error, and a browser follows a redirect only with a
/// 3xx status.
pub fn reject(error: crate::error::AppError) -> crate::error::AppError {
    if is_plain_form_post() {
        return error;
    }
    if let (Some(response), Ok(status)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(error.status()))
    {
        response.set_status(status);
        match &error {
            crate::error::AppError::Unavailable => {
                response.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from_static("5"));
            }
            crate::error::AppError::TooManyAttempts { retry_after_minutes } => {
                if let Ok(value) = http::HeaderValue::from_str(&(retry_after_minutes * 60).to_string()) {
                    response.insert_header(http::header::RETRY_AFTER, value);
                }
            }
            _ => {}
        }
    }
    error
}

/// Adds a `Set-Cookie` header (a full cookie line) to the response of this request.
pub fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) =
        (leptos::prelude::use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(value))
    {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

/// Redirects a form posted as a page (a server component's form, or any form without
/// JavaScript) to `path`. Script callers are left alone: they decide themselves where to go,
/// and a second, competing navigation would interrupt theirs.
pub fn redirect_plain_form_post(path: &str) {
    if is_plain_form_post() {
        leptos_axum::redirect(path);
    }
}

/// For a form that was posted as a page (a server component's form, or any form without
/// JavaScript) and did what it asked: back to the page it came from — the Referer's path and
/// query only, so never another site — with `done={what}` added, for the page to say so
/// (`ui::done_by_form`). A refusal needs nothing: it goes back with `__err` by itself.
pub fn back_with_done(what: &str) {
    if !is_plain_form_post() {
        return;
    }
    let referer = parts()
        .and_then(|p| p.headers.get(http::header::REFERER).and_then(|v| v.to_str().ok()).map(str::to_owned))
        .unwrap_or_default();
    leptos_axum::redirect(&done_path(&referer, what));
}

/// `referer`'s path and query (`/` when it has none), without an earlier answer, plus `done`.
fn done_path(referer: &str, what: &str) -> String {
    let after_scheme = referer.split_once("://").map_or("", |(_, rest)| rest);
    let path_and_query = after_scheme.find('/').map_or("/", |at| &after_scheme[at..]);
    let path_and_query = path_and_query.split('#').next().unwrap_or("/");
    let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
    // `//host` would be another site once redirected to.
    let path = if path.starts_with("//") { "/" } else { path };
    let mut params: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !["__err=", "__path=", "done="].iter().any(|k| p.starts_with(k)))
        .collect();
    let done = format!("done={}", crate::urls::urlencode(what));
    params.push(&done);
    format!("{path}?{}", params.join("&"))
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

/// A staff member (or admin) calling a service-center (admin) function. Everyone else gets 404, as if the
/// service center did not exist.
pub fn require_staff() -> Result<CurrentAccount, crate::error::AppError> {
    match current_account() {
        Some(account) if matches!(account.role, crate::domain::Role::Staff | crate::domain::Role::Admin) => Ok(account),
        _ => Err(reject(crate::error::AppError::NotFound)),
    }
}

/// An admin calling a function that only admins may use (staff accounts, the order import, the
/// calendar, the maintenance switch). Staff get 403 (they know the service center exists, and
/// the page says why); everyone else 404, as for any service-center function.
pub fn require_admin() -> Result<CurrentAccount, crate::error::AppError> {
    let account = require_staff()?;
    if account.role == crate::domain::Role::Admin {
        Ok(account)
    } else {
        Err(reject(crate::error::AppError::Forbidden))
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

#[cfg(test)]
mod tests {
    use super::done_path;

    #[test]
    fn done_goes_back_to_the_same_page_of_this_site_only() {
        assert_eq!(done_path("http://127.0.0.1:3000/account", "password"), "/account?done=password");
        assert_eq!(
            done_path("https://fapiao.example.cn/admin/calendar?year=2027&__err=x&__path=y&done=old#top", "added:2"),
            "/admin/calendar?year=2027&done=added%3A2"
        );
        assert_eq!(done_path("https://evil.example//other.example/x", "a"), "/?done=a");
        assert_eq!(done_path("", "a"), "/?done=a");
        assert_eq!(done_path("garbage", "a"), "/?done=a");
    }
}
