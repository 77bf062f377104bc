//! The customer API (`/api/v1`): enterprise customers' systems list bills and saved titles, apply for a fapiao
//! for one or several bills with a saved title, follow the application and download its
//! files, with a personal access token (`/account/tokens`, see `app::api_tokens`).
//!
//! Each route is declared once, on its handler (`#[utoipa::path]`): `utoipa-axum` registers the
//! route and its OpenAPI 3.1 description together, so `/api/v1/openapi.json` describes exactly
//! the routes served (a test walks them).

mod applications;
mod auth;
mod bills;
mod error;
mod titles;

pub use auth::ApiLimits;

use app::backend::AppState;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Router};
use std::sync::Arc;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Fapiao Center API",
        version = "1.0.0",
        description = "Bills, fapiao applications and issued files of the customer that owns the access token. \
                       Make a token at /account/tokens and send it as `Authorization: Bearer fpc_…`. \
                       Each token may send `site.api_requests_per_minute` requests a minute (120 by default); \
                       beyond that the answer is 429 with `Retry-After`."
    ),
    modifiers(&TokenScheme),
    tags(
        (name = "bills", description = "The customer's paid orders"),
        (name = "titles", description = "The customer's saved titles (抬头)"),
        (name = "applications", description = "Fapiao applications and their files"),
        (name = "meta", description = "This description")
    )
)]
struct ApiDoc;

/// The bearer token every operation but the description itself requires.
struct TokenScheme;

impl utoipa::Modify for TokenScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("fpc_…").build()),
        );
    }
}

/// The OpenAPI document, as served.
#[derive(Clone)]
struct Document(Arc<String>);

/// Describe the API
///
/// This OpenAPI 3.1 document. No token needed.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", content_type = "application/json"))
)]
async fn openapi_json(Extension(document): Extension<Document>) -> Response {
    let mut response = document.0.as_str().to_owned().into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// Any other address under `/api/v1`: a JSON 404, not a server function's answer.
async fn no_such_route() -> error::ApiError {
    error::ApiError::App(app::error::AppError::NotFound)
}

/// The routes of the API and their description.
fn parts() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(bills::list))
        .routes(routes!(titles::list))
        .routes(routes!(applications::create))
        .routes(routes!(applications::status))
        .routes(routes!(applications::file))
        .routes(routes!(openapi_json))
        .split_for_parts()
}

/// The OpenAPI document of the API, as `/api/v1/openapi.json` serves it.
pub fn document() -> String {
    parts().1.to_pretty_json().expect("the OpenAPI document serialises")
}

/// The API's router, to merge into the site's.
pub fn router(limits: ApiLimits) -> Router<AppState> {
    let (router, _) = parts();
    router
        .route("/api/v1", axum::routing::any(no_such_route))
        .route("/api/v1/{*rest}", axum::routing::any(no_such_route))
        .layer(Extension(Document(Arc::new(document()))))
        .layer(Extension(limits))
}
