//! Personal access tokens for the customer API (`/api/v1`, served by the server crate):
//! `/account/tokens` makes them (named, valid for 30, 90 or 365 days), shows a new one once,
//! lists them and revokes them. Only a token's SHA-256 is stored.
//!
//! A new token reaches the page through a short-lived cookie (HttpOnly, SameSite=Strict,
//! limited to `/account/tokens`, cleared when the page shows it), never through the URL: the
//! form is a plain form (it works without JavaScript) and is answered with a redirect.

#[cfg(feature = "ssr")]
pub mod service;
mod types;

pub use types::*;

use crate::error::AppError;
use leptos::prelude::*;

/// The cookie that carries a new token to the page, once.
#[cfg(feature = "ssr")]
const NEW_TOKEN_COOKIE: &str = "fapiao_new_token";

#[cfg(feature = "ssr")]
fn new_token_cookie(value: &str, max_age: u32) -> String {
    let secure = crate::backend::AppState::from_context().is_ok_and(|s| s.site.sessions.cookie_secure);
    let secure = if secure { "; Secure" } else { "" };
    format!("{NEW_TOKEN_COOKIE}={value}; Path=/account/tokens; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

/// The caller's tokens, and the token just made if the page is shown right after (then the
/// cookie that carried it is cleared).
#[server(endpoint = "api_tokens")]
pub async fn api_tokens() -> Result<TokenPage, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{cookie, reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    let tokens = service::list(&state.db, account.account_id, chrono::Utc::now()).await.map_err(reject)?;
    let new_token = cookie(NEW_TOKEN_COOKIE).filter(|t| t.starts_with(service::PREFIX));
    if new_token.is_some() {
        crate::backend::request::set_cookie(&new_token_cookie("", 0));
    }
    Ok(TokenPage { tokens, new_token })
}

/// Makes a token; back to the page, which shows it once.
#[server(endpoint = "create_api_token")]
pub async fn create_api_token(
    #[server(default)] name: String,
    #[server(default)] days: String,
) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{redirect_plain_form_post, reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    let days: i64 = days.trim().parse().unwrap_or(0);
    let token =
        service::create(&state.db, account.account_id, &name, days, chrono::Utc::now()).await.map_err(reject)?;
    crate::backend::request::set_cookie(&new_token_cookie(&token, 300));
    redirect_plain_form_post("/account/tokens?done=created");
    Ok(())
}

/// Revokes a token: it stops working at once.
#[server(endpoint = "revoke_api_token")]
pub async fn revoke_api_token(id: i32) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{redirect_plain_form_post, reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::revoke(&state.db, account.account_id, id, chrono::Utc::now()).await.map_err(reject)?;
    redirect_plain_form_post("/account/tokens?done=revoked");
    Ok(())
}
