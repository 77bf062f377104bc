//! Who may call the server's own routes (uploads, downloads, exports), as axum extractors: a
//! handler that takes `Staff` or `Admin` runs only for that caller. Everyone else gets 404, as
//! if the route did not exist — the same answer the service center's server functions give.

use crate::responses::not_found;
use app::backend::sessions::CurrentAccount;
use app::domain::Role;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::Response;

/// A logged-in staff member or admin (put into the request by the session middleware).
#[derive(Debug, Clone)]
pub struct Staff(pub CurrentAccount);

impl<S: Send + Sync> FromRequestParts<S> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<CurrentAccount>().filter(|a| a.role.is_staff()).cloned().map(Staff).ok_or_else(not_found)
    }
}

/// A logged-in admin.
#[derive(Debug, Clone)]
pub struct Admin(pub CurrentAccount);

impl<S: Send + Sync> FromRequestParts<S> for Admin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<CurrentAccount>()
            .filter(|a| a.role == Role::Admin)
            .cloned()
            .map(Admin)
            .ok_or_else(not_found)
    }
}
