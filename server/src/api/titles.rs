//! `GET /api/v1/titles`: the account's title book, whose ids an application names.

use super::auth::ApiCaller;
use super::error::{ApiError, ErrorBody};
use app::backend::AppState;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

/// A title of the book (`/account/titles`).
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiTitle {
    /// What `title_id` of a new application names.
    pub id: i32,
    /// `enterprise`, `non_enterprise_unit` or `individual`.
    pub buyer_type: String,
    pub title: String,
    pub taxpayer_id: Option<String>,
    /// The one a new application starts with on the pages.
    pub is_default: bool,
}

/// List the saved titles
#[utoipa::path(
    get,
    path = "/api/v1/titles",
    tag = "titles",
    security(("token" = [])),
    responses(
        (status = 200, description = "The title book, the default first", body = Vec<ApiTitle>),
        (status = 401, description = "No token, or a wrong, expired or revoked one", body = ErrorBody),
        (status = 429, description = "Over the token's rate limit (see `Retry-After`)", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiCaller(account): ApiCaller,
) -> Result<Json<Vec<ApiTitle>>, ApiError> {
    let entries = app::books::service::titles(&state.db, account.account_id).await?;
    Ok(Json(
        entries
            .into_iter()
            .map(|e| ApiTitle {
                id: e.id,
                buyer_type: e.input.buyer_type,
                title: e.input.title,
                taxpayer_id: Some(e.input.taxpayer_id).filter(|t| !t.is_empty()),
                is_default: e.is_default,
            })
            .collect(),
    ))
}
