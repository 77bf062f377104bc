//! How the API refuses: a status and a JSON body `{"error": code, "message": text}` (with the
//! refused fields, by name, for 422), and `Retry-After` on 429 and 503.

use app::error::AppError;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The body of every refusal.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// A stable code: `bad_request`, `unauthorized`, `not_found`, `invalid`, `conflict`,
    /// `rate_limited`, `unavailable`, `internal`.
    pub error: &'static str,
    /// What went wrong, in English.
    pub message: String,
    /// For `invalid`: each refused field with its reason (`required`, `bad_format`, …).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

/// A refusal of the API.
#[derive(Debug)]
pub enum ApiError {
    /// 401: no token, or a wrong, expired or revoked one.
    Unauthorized,
    /// 400: the query or the body cannot be read (malformed JSON, a number that is not one).
    BadRequest(String),
    /// 429: over the token's rate limit; retry after this many seconds.
    RateLimited { retry_after_seconds: u64 },
    /// Anything the application refused or failed at.
    App(AppError),
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        Self::App(error)
    }
}

/// The reason of a refused field as a code: the name of the validation error in snake case.
fn field_code(error: &app::domain::ValidationError) -> String {
    let debug = format!("{error:?}");
    let name = debug.split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or_default();
    let mut code = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            code.push('_');
        }
        code.push(c.to_ascii_lowercase());
    }
    code
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, error, message, fields, retry_after) = match self {
            Self::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "A valid access token is required: `Authorization: Bearer fpc_…`.".to_owned(),
                BTreeMap::new(),
                None,
            ),
            Self::BadRequest(message) => (StatusCode::BAD_REQUEST, "bad_request", message, BTreeMap::new(), None),
            Self::RateLimited { retry_after_seconds } => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("Too many requests with this token; retry after {retry_after_seconds} seconds."),
                BTreeMap::new(),
                Some(retry_after_seconds),
            ),
            Self::App(error) => {
                let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let (code, fields, retry) = match &error {
                    AppError::Validation(fields) => {
                        ("invalid", fields.iter().map(|(name, e)| (name.clone(), field_code(e))).collect(), None)
                    }
                    AppError::Unauthorized | AppError::LoginFailed => ("unauthorized", BTreeMap::new(), None),
                    // Another customer's record and a missing one answer alike.
                    AppError::NotFound | AppError::Forbidden => ("not_found", BTreeMap::new(), None),
                    AppError::Conflict(_) | AppError::NotActivated => ("conflict", BTreeMap::new(), None),
                    AppError::TooManyAttempts { retry_after_minutes } => {
                        ("rate_limited", BTreeMap::new(), Some(*retry_after_minutes as u64 * 60))
                    }
                    AppError::Unavailable => ("unavailable", BTreeMap::new(), Some(5)),
                    AppError::Internal | AppError::Transport(_) => ("internal", BTreeMap::new(), None),
                };
                let status = if matches!(error, AppError::Forbidden) { StatusCode::NOT_FOUND } else { status };
                (status, code, error.to_string(), fields, retry)
            }
        };
        let mut response = (status, Json(ErrorBody { error, message, fields })).into_response();
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::ValidationError;

    #[test]
    fn field_reasons_are_snake_case_codes() {
        assert_eq!(field_code(&ValidationError::Required), "required");
        assert_eq!(field_code(&ValidationError::BadCheckCharacter), "bad_check_character");
        assert_eq!(field_code(&ValidationError::TooLong { max: 3 }), "too_long");
        assert_eq!(field_code(&ValidationError::BillNotFree { order: "MO-1".into() }), "bill_not_free");
    }
}
