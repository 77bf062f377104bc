//! Cross-cutting HTTP behaviour: security headers, cross-site request refusal.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The Content-Security-Policy of every response. Pages pass the nonce that Leptos put on
/// its hydration and streaming scripts; other responses allow no inline script at all.
/// `wasm-unsafe-eval` lets the browser compile the Wasm bundle; nothing else is loosened.
pub fn content_security_policy(nonce: Option<&str>, live_reload: bool) -> String {
    let scripts = match nonce {
        Some(nonce) => format!("'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_owned(),
    };
    // `cargo leptos watch` reloads the page over a websocket on its own port.
    let connect = if live_reload { "'self' ws: wss:" } else { "'self'" };
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; connect-src {connect}; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Adds the security headers every response carries. A CSP set by the page (with its nonce)
/// is kept; otherwise the strict one without inline scripts is added.
pub async fn security_headers(hsts: bool, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    set_if_absent(headers, header::CONTENT_SECURITY_POLICY, &content_security_policy(None, false));
    set_if_absent(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set_if_absent(headers, header::X_FRAME_OPTIONS, "DENY");
    set_if_absent(headers, header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    set_if_absent(headers, "permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()");
    set_if_absent(headers, "cross-origin-opener-policy", "same-origin");
    if hsts {
        set_if_absent(headers, header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
    }
    response
}

fn set_if_absent(headers: &mut HeaderMap, name: impl header::IntoHeaderName + Clone + AsRef<str>, value: &str) {
    if !headers.contains_key(name.as_ref())
        && let Ok(value) = HeaderValue::from_str(value)
    {
        headers.insert(name, value);
    }
}

/// Refuses state-changing requests that a browser sent from another site (CSRF), for every
/// route, server functions included. Browsers mark such requests with `Sec-Fetch-Site` and
/// `Origin`; requests with neither (server-to-server calls such as the billing webhook, which
/// is authenticated by its signature) are let through. `public_origin` is the configured
/// `public_base_url`'s origin: behind a reverse proxy that rewrites `Host`, it is what the
/// browser's `Origin` names.
pub async fn refuse_cross_site(public_origin: std::sync::Arc<str>, request: Request, next: Next) -> Response {
    if is_state_changing(request.method()) && is_cross_site(request.headers(), &public_origin) {
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            Body::from("Cross-site request refused: submit the form from the Fapiao Center itself."),
        )
            .into_response();
    }
    next.run(request).await
}

fn is_state_changing(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn is_cross_site(headers: &HeaderMap, public_origin: &str) -> bool {
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && (site == "cross-site" || site == "same-site")
    {
        return true;
    }
    match text(header::ORIGIN) {
        // `Origin: null` comes from sandboxed frames and privacy redirects: never ours.
        Some("null") => true,
        Some(origin) if origin.eq_ignore_ascii_case(public_origin) => false,
        Some(origin) => {
            let host = text(header::HOST);
            host.is_none() || origin.split_once("://").map(|(_, authority)| authority) != host
        }
        None => false,
    }
}

/// The origin (`scheme://host[:port]`) of a base URL, as a browser writes it in `Origin`.
pub fn origin_of(base_url: &str) -> String {
    match url::Url::parse(base_url) {
        Ok(url) => url.origin().ascii_serialization(),
        Err(_) => String::new(),
    }
}

/// Loads the site status (maintenance switch, announcements) before a page is rendered; see
/// `app::site::PreloadedStatus`. Only for GET requests that ask for HTML.
pub async fn preload_site_status(
    axum::extract::State(state): axum::extract::State<app::backend::AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let wants_html = request.method() == Method::GET
        && request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_none_or(|accept| accept.contains("text/html") || accept.contains("*/*"))
        && !request.uri().path().starts_with("/pkg/")
        && !request.uri().path().starts_with("/api/");
    if wants_html {
        match app::site::service::load_status(&state).await {
            Ok(status) => {
                request.extensions_mut().insert(app::site::PreloadedStatus(status));
            }
            // The page still renders, without banner: better than no page at all.
            Err(_) => tracing::warn!("could not load the site status for a page"),
        }
    }
    next.run(request).await
}

/// Finds who is logged in (from the session cookie) and puts it in the request's extensions,
/// where pages and server functions read it (`app::backend::request::current_account`).
pub async fn load_session(
    axum::extract::State(state): axum::extract::State<app::backend::AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let config = &state.site.sessions;
    let token = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|cookie| config.token_from_cookie_header(cookie));
    let mut logged_in = false;
    if let Some(token) = token {
        match app::auth::service::current_account(&state.db, &token, config, chrono::Utc::now()).await {
            Ok(Some(account)) => {
                request.extensions_mut().insert(account);
                logged_in = true;
            }
            Ok(None) => {}
            // Not "logged out": the database is unreachable or busy. Try again, not log in again.
            Err(_) => {
                tracing::warn!("could not read the session; answering 503");
                return temporarily_unavailable(request.uri().path(), 5);
            }
        }
    }
    let personal = logged_in && !is_public_asset(request.uri().path());
    let mut response = next.run(request).await;
    if personal {
        // What a logged-in person sees (bills, bank accounts, staff queues) never stays in a
        // browser's or a proxy's cache, where the next user of a shared computer finds it.
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The built front end and static files: the same for everyone, cacheable.
fn is_public_asset(path: &str) -> bool {
    path.starts_with("/pkg/") || path == "/favicon.svg"
}

/// The client's own `X-Request-Id` is moved to `X-Client-Request-Id` before ours is set: the id
/// that reaches the logs and the audit log is always one this server made, never a value a
/// client chose (which could pin a forged id onto a staff action).
pub async fn distrust_client_request_id(mut request: Request, next: Next) -> Response {
    if let Some(theirs) = request.headers_mut().remove("x-request-id") {
        request.headers_mut().insert("x-client-request-id", theirs);
    }
    next.run(request).await
}

/// 503 with `Retry-After`: the `Unavailable` error as JSON for server functions, a short
/// bilingual page for a browser.
fn temporarily_unavailable(path: &str, retry_after_seconds: u32) -> Response {
    let (content_type, body) = if path.starts_with("/api/") {
        ("application/json", serde_json::to_string(&app::error::AppError::Unavailable).unwrap_or_default())
    } else {
        (
            "text/plain; charset=utf-8",
            "服务暂时不可用，请稍后再试。\nTemporarily unavailable: please try again in a moment.\n".to_owned(),
        )
    };
    let mut response = (StatusCode::SERVICE_UNAVAILABLE, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds));
    response
}

/// A server function that fails answers with the status of its error, whatever the function
/// did: the framework answers every error with 500, and here the serialised `AppError` is read
/// back and given `AppError::status` (with `Retry-After` where the client may retry). Arguments
/// that cannot be decoded never reach our code and arrive as `Transport`: the client's mistake,
/// 400. The body stays as it was.
pub async fn server_function_errors_carry_their_status(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR || !response.headers().contains_key("serverfnerror") {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry_after = match error {
            app::error::AppError::Unavailable => Some(5),
            app::error::AppError::TooManyAttempts { retry_after_minutes } => Some(retry_after_minutes * 60),
            _ => None,
        };
        if let Some(seconds) = retry_after
            && !parts.headers.contains_key(header::RETRY_AFTER)
        {
            parts.headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// While maintenance is on, server functions that change data answer 503 for everyone but
/// staff (who keep working). Logging in and out, the billing feed and reads stay open; what a
/// customer typed before is in the draft and waits there.
pub async fn maintenance_guard(
    axum::extract::State(state): axum::extract::State<app::backend::AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let open = [
        "/api/login",
        "/api/logout",
        "/api/billing/",
        "/api/bills",
        "/api/bill",
        "/api/application_form",
        "/api/application",
        "/api/applications",
        "/api/division_options",
        "/api/dev_mailbox",
        "/api/dev_tools",
    ];
    let changes_data = request.method() == Method::POST
        && (path.starts_with("/api/") || path.starts_with("/admin/"))
        && !open.iter().any(|p| path == *p || (p.ends_with('/') && path.starts_with(p)));
    let staff = request
        .extensions()
        .get::<app::backend::sessions::CurrentAccount>()
        .is_some_and(|a| a.role != app::domain::Role::Customer);
    if !changes_data || staff {
        return next.run(request).await;
    }
    match app::site::service::maintenance_setting(&state.db).await {
        Ok(Some(setting)) if setting.enabled => temporarily_unavailable(path, 600),
        _ => next.run(request).await,
    }
}

/// Counts every answered request and its latency for `/metrics`, by route: the route as
/// declared (`/bills/{order}`), a registered server function's path, or `other` — never the
/// raw path, which a prober could vary without end.
pub async fn record_metrics(request: Request, next: Next) -> Response {
    let method = request.method().as_str().to_owned();
    let route = match request.extensions().get::<axum::extract::MatchedPath>().map(|m| m.as_str().to_owned()) {
        Some(matched) if matched == "/api/{*fn_name}" => {
            let path = request.uri().path();
            if is_server_function(path) { path.to_owned() } else { "other".to_owned() }
        }
        Some(matched) => matched,
        None => "other".to_owned(),
    };
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    app::backend::metrics::observe_request(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

fn is_server_function(path: &str) -> bool {
    static PATHS: std::sync::OnceLock<std::collections::HashSet<&'static str>> = std::sync::OnceLock::new();
    PATHS.get_or_init(|| leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path).collect()).contains(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    const PUBLIC: &str = "https://fapiao.example.com";

    #[test]
    fn same_origin_and_non_browser_requests_pass() {
        let same = headers(&[("host", "fapiao.example.com"), ("origin", "https://fapiao.example.com")]);
        assert!(!is_cross_site(&same, PUBLIC));
        let site = headers(&[("sec-fetch-site", "same-origin"), ("host", "a:3000"), ("origin", "http://a:3000")]);
        assert!(!is_cross_site(&site, PUBLIC));
        assert!(!is_cross_site(&headers(&[("host", "fapiao.example.com")]), PUBLIC), "no Origin: not a browser form");
    }

    #[test]
    fn behind_a_proxy_that_rewrites_host_the_public_origin_counts() {
        let proxied = headers(&[("host", "127.0.0.1:3000"), ("origin", "https://fapiao.example.com")]);
        assert!(!is_cross_site(&proxied, PUBLIC));
        assert!(is_cross_site(&headers(&[("host", "127.0.0.1:3000"), ("origin", "https://evil.example")]), PUBLIC));
        assert_eq!(origin_of("https://fapiao.example.com/"), PUBLIC);
        assert_eq!(origin_of("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
    }

    #[test]
    fn other_origins_are_refused() {
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")]), PUBLIC));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")]), PUBLIC));
        let evil = headers(&[("host", "fapiao.example.com"), ("origin", "https://evil.example")]);
        assert!(is_cross_site(&evil, PUBLIC));
        assert!(is_cross_site(&headers(&[("host", "fapiao.example.com"), ("origin", "null")]), PUBLIC));
        assert!(is_cross_site(&headers(&[("origin", "https://evil.example")]), PUBLIC), "no Host");
    }

    #[test]
    fn the_policy_allows_hydration_and_nothing_inline_without_a_nonce() {
        let strict = content_security_policy(None, false);
        assert!(strict.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(strict.contains("frame-ancestors 'none'"));
        assert!(content_security_policy(Some("abc"), false).contains("'nonce-abc'"));
    }
}
