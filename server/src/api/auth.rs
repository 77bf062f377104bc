//! Who calls the API: the customer of the bearer token in `Authorization`, each token held to
//! its rate limit (counted in the database, so every app server counts the same). The API
//! never reads the session cookie: a browser's cookies cannot act through it.

use super::error::ApiError;
use app::backend::AppState;
use app::backend::rate_limit::{self, Limit};
use app::backend::sessions::CurrentAccount;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

/// The API's limits, set from the configuration (`site.api_requests_per_minute`).
#[derive(Debug, Clone, Copy)]
pub struct ApiLimits {
    pub requests_per_minute: u64,
}

/// The customer a request's token speaks for.
#[derive(Debug, Clone)]
pub struct ApiCaller(pub CurrentAccount);

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or(ApiError::Unauthorized)?;
        let now = chrono::Utc::now();
        let (token_id, account) =
            app::api_tokens::service::authenticate(&state.db, token, now).await?.ok_or(ApiError::Unauthorized)?;
        let per_minute = parts.extensions.get::<ApiLimits>().map_or(120, |l| l.requests_per_minute);
        let limit = Limit::new("api:token", &token_id.to_string(), per_minute, chrono::Duration::minutes(1));
        match rate_limit::check(&state.db, &[limit], now).await {
            Ok(()) => Ok(Self(account)),
            Err(app::error::AppError::TooManyAttempts { retry_after_minutes }) => {
                Err(ApiError::RateLimited { retry_after_seconds: retry_after_minutes.max(1) as u64 * 60 })
            }
            Err(error) => Err(error.into()),
        }
    }
}
