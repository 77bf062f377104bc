//! Responses the server's own routes share: a file to download, not found, and whether the
//! caller is a browser form (which is answered with a redirect) or a script (JSON).

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// 404, as for any address that does not exist.
pub fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not found.").into_response()
}

/// Whether the request comes from a browser that wants a page back (a form posted without
/// JavaScript, a link), not from a script.
pub fn wants_html(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"))
}

/// A file to download: its type, its name (ASCII for old clients, and in full as UTF-8 per
/// RFC 6266 / RFC 5987), and never kept by a shared cache.
pub fn attachment(body: impl Into<Body>, content_type: &str, file_name: &str) -> Response {
    let mut response = Response::new(body.into());
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    let ascii_name: String =
        file_name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let disposition =
        format!("attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{}", app::urls::urlencode(file_name));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_file_name_survives_in_full_and_old_clients_get_an_ascii_one() {
        let response = attachment("x", "application/pdf", "发票 FP1.pdf");
        let disposition = response.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().to_owned();
        assert_eq!(disposition, "attachment; filename=\"___FP1.pdf\"; filename*=UTF-8''%E5%8F%91%E7%A5%A8%20FP1.pdf");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "private, no-store");
    }
}
