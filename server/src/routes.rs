//! Routes outside Leptos: health probes, the no-JavaScript language switch, file downloads.

use app::backend::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use serde::Deserialize;
use serde_json::json;

/// Liveness: the process answers. Never touches the database, so a database outage does not
/// get healthy processes restarted.
pub async fn healthz() -> impl IntoResponse {
    Json(json!({ "status": "ok" }))
}

/// Readiness: the database answers. A load balancer stops sending traffic while it does not.
pub async fn readyz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => Json(json!({ "status": "ready", "database": "ok" })).into_response(),
        Err(error) => {
            tracing::warn!(%error, "readiness check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "unavailable", "database": "unreachable" })))
                .into_response()
        }
    }
}

/// `/metrics`: Prometheus text, for the operator's scraper only — a loopback client or a trusted
/// proxy's address, forwarding for nobody. Anyone else gets 404, as for a page that does not
/// exist.
pub async fn metrics(State(state): State<AppState>, request: axum::extract::Request) -> Response {
    let operator = request.extensions().get::<app::backend::request::ClientAddress>().is_some_and(|c| c.operator);
    if !operator {
        return StatusCode::NOT_FOUND.into_response();
    }
    match app::backend::metrics::render(&state.db).await {
        Ok(text) => {
            let content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8";
            ([(header::CONTENT_TYPE, content_type)], text).into_response()
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "metrics unavailable").into_response(),
    }
}

/// `/bills/{order}/pdf`: one of the logged-in customer's bills as a PDF download. Another
/// customer's bill, like a bill that does not exist, is 404.
pub async fn bill_pdf(
    State(state): State<AppState>,
    Path(order): Path<String>,
    request: axum::extract::Request,
) -> Response {
    use app::backend::sessions::CurrentAccount;
    let Some(account) = request.extensions().get::<CurrentAccount>().cloned() else {
        return Redirect::to(&app::urls::login_then(&app::urls::bill_pdf(&order))).into_response();
    };
    let bill = match app::bills::service::one(&state.db, account.account_id, &order).await {
        Ok(bill) => bill,
        Err(app::error::AppError::NotFound) => return (StatusCode::NOT_FOUND, "No such bill.").into_response(),
        Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, "The bill could not be read.").into_response(),
    };
    let pdf = app::bills::pdf::font(&state.site.pdf_font).and_then(|font| {
        let now = app::backend::time::format_china_minutes(chrono::Utc::now());
        app::bills::pdf::render(&bill, &font, &now)
    });
    match pdf {
        Ok(bytes) => crate::responses::attachment(bytes, "application/pdf", &format!("bill-{}.pdf", bill.order_number)),
        Err(error) => {
            tracing::error!(%error, "Failed to make a bill PDF");
            (StatusCode::SERVICE_UNAVAILABLE, "The PDF cannot be made right now; please try again later.")
                .into_response()
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct LocaleForm {
    locale: String,
    #[serde(default)]
    next: String,
}

/// The language switch (a plain form; `islands.js` sends it without a reload): remembers the
/// choice in the cookie the server reads, then returns to the page the visitor was on.
pub async fn set_locale(Form(form): Form<LocaleForm>) -> Response {
    let Some(locale) = ["zh-CN", "en"].into_iter().find(|l| *l == form.locale) else {
        return (StatusCode::BAD_REQUEST, "Unknown language: choose zh-CN or en.").into_response();
    };
    let mut response = Redirect::to(&safe_local_path(&form.next)).into_response();
    let cookie = format!("i18n_pref_locale={locale}; Path=/; Max-Age=31536000; SameSite=Lax");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// Only paths of this site: an open redirect would let a link on our domain send people
/// anywhere. `next` must resolve, against this site, to this site — the way a browser resolves
/// it, tabs and newlines dropped (`/\t/evil.example` is `//evil.example`, another host) — and the
/// path is answered as the URL parser wrote it, so no raw byte of the input reaches the
/// `Location` header.
fn safe_local_path(next: &str) -> String {
    const SITE: &str = "http://fapiao.invalid/";
    let Ok(site) = url::Url::parse(SITE) else { return "/".to_owned() };
    match site.join(next) {
        Ok(target) if next.starts_with('/') && target.origin() == site.origin() => {
            target[url::Position::BeforePath..].to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_local_path;

    #[test]
    fn redirects_stay_on_this_site() {
        assert_eq!(safe_local_path("/bills?page=2"), "/bills?page=2");
        assert_eq!(safe_local_path("/bills/MO-20261001-01#top"), "/bills/MO-20261001-01#top");
        assert_eq!(safe_local_path("/support?q=发票"), "/support?q=%E5%8F%91%E7%A5%A8");
        for hostile in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
            "\\/evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            " //evil.example",
            "bills",
            "",
        ] {
            assert_eq!(safe_local_path(hostile), "/", "{hostile:?}");
        }
        // A newline inside a path is dropped by the parser, never written into the header.
        assert_eq!(safe_local_path("/bills\r\nSet-Cookie: x=1"), "/billsSet-Cookie:%20x=1");
    }
}
