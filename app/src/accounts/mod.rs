//! Registration, activation and the dev mailbox: server functions used by their pages.

#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod settings;

#[cfg(feature = "ssr")]
use crate::backend::db::DbContext;
use crate::domain::EmailAddress;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Registers with an order number; goes on to the "check your email" page.
#[server(endpoint = "register")]
pub async fn register(
    order_number: String,
    email: String,
    password: String,
    password_again: String,
    #[server(default)] claim: String,
) -> Result<(), AppError> {
    use crate::auth::registration::{RegistrationForm, register};
    use crate::backend::AppState;
    use crate::backend::request::{client_ip, locale, reject};
    let state = AppState::from_context()?;
    let form = RegistrationForm { order_number, email, password, password_again, claim };
    let base = &state.site.public_base_url;
    let email = register(&state.db, form, &client_ip(), locale(), base, chrono::Utc::now()).await.map_err(reject)?;
    leptos_axum::redirect(&format!("/register/sent?email={}", crate::urls::urlencode(email.as_ref())));
    Ok(())
}

/// Uses an activation link (a POST from the activation page: a GET never changes anything).
#[server(endpoint = "activate")]
pub async fn activate(token: String) -> Result<(), AppError> {
    use crate::auth::registration::{Activation, activate};
    use crate::backend::AppState;
    use crate::backend::request::reject;
    let state = AppState::from_context()?;
    match activate(&state.db, token.trim(), &state.site.public_base_url, chrono::Utc::now()).await? {
        Activation::Activated => {
            leptos_axum::redirect("/login?activated=1");
            Ok(())
        }
        Activation::Invalid => Err(reject(AppError::NotFound)),
    }
}

/// Sends a fresh activation link (the old ones stop working). Same answer for any email.
#[server(endpoint = "resend_activation")]
pub async fn resend_activation(email: String) -> Result<(), AppError> {
    use crate::auth::registration;
    use crate::backend::AppState;
    use crate::backend::request::reject;
    let state = AppState::from_context()?;
    let ip = crate::backend::request::client_ip();
    registration::resend_activation(&state.db, &email, &ip, &state.site.public_base_url, chrono::Utc::now())
        .await
        .map_err(reject)?;
    crate::backend::request::back_with_done("activation_sent");
    Ok(())
}

/// Sends a password reset link if the email has an account. Same answer for any email.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::auth::password_reset;
    use crate::backend::AppState;
    use crate::backend::request::reject;
    let state = AppState::from_context()?;
    let ip = crate::backend::request::client_ip();
    password_reset::request(&state.db, &email, &ip, &state.site.public_base_url, chrono::Utc::now())
        .await
        .map_err(reject)?;
    crate::backend::request::back_with_done("reset_sent");
    Ok(())
}

/// Sets a new password with a reset link; every session of the account ends.
#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String, password_again: String) -> Result<(), AppError> {
    use crate::auth::password_reset;
    use crate::backend::AppState;
    use crate::backend::request::reject;
    let state = AppState::from_context()?;
    password_reset::reset(&state.db, &token, &password, &password_again, chrono::Utc::now()).await.map_err(reject)?;
    leptos_axum::redirect("/login?reset=1");
    Ok(())
}

/// Changes the logged-in account's password; its other sessions end.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    new_password_again: String,
) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{cookie, current_account, reject};
    let state = AppState::from_context()?;
    let account = current_account().ok_or_else(|| reject(AppError::Unauthorized))?;
    let keep = cookie(state.site.sessions.cookie_name());
    settings::change_password(
        &state.db,
        account.account_id,
        keep.as_deref(),
        &current_password,
        &new_password,
        &new_password_again,
        chrono::Utc::now(),
    )
    .await
    .map_err(reject)?;
    crate::backend::request::back_with_done("password");
    Ok(())
}

/// Asks to change the login email; the change happens when the link sent to the new address
/// is used. Answers the new address, for the "check your email" message.
#[server(endpoint = "request_email_change")]
pub async fn request_email_change(current_password: String, new_email: String) -> Result<String, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{current_account, reject};
    let state = AppState::from_context()?;
    let account = current_account().ok_or_else(|| reject(AppError::Unauthorized))?;
    let sent_to = settings::request_email_change(
        &state.db,
        account.account_id,
        &current_password,
        &new_email,
        &state.site.public_base_url,
        chrono::Utc::now(),
    )
    .await
    .map_err(reject)?;
    crate::backend::request::redirect_plain_form_post(&format!(
        "/account?email_sent={}",
        crate::urls::urlencode(sent_to.as_ref())
    ));
    Ok(sent_to.to_string())
}

/// Uses the link sent to the new address (a POST from the confirmation page).
#[server(endpoint = "confirm_email_change")]
pub async fn confirm_email_change(token: String) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{cookie, reject};
    let state = AppState::from_context()?;
    let this_session = cookie(state.site.sessions.cookie_name());
    let confirmed =
        settings::confirm_email_change(&state.db, &token, this_session.as_deref(), chrono::Utc::now()).await;
    match confirmed.map_err(reject)? {
        Some(_) => {
            leptos_axum::redirect("/account?email_changed=1");
            Ok(())
        }
        None => Err(reject(AppError::NotFound)),
    }
}

/// An email in the dev mailbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailboxEmail {
    pub id: i32,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// Asia/Shanghai time.
    pub created: String,
}

/// The outbox, newest first — only with the development setting `server.dev_mailbox`, and only
/// for a browser on this machine: it holds activation and password-reset links.
#[server(endpoint = "dev_mailbox")]
pub async fn dev_mailbox() -> Result<Vec<MailboxEmail>, AppError> {
    use crate::backend::AppState;
    use crate::backend::entities::email_outbox;
    use crate::backend::request::require_development_setting;
    use crate::backend::time::format_china_minutes;
    use sea_orm::{EntityTrait, QueryOrder, QuerySelect};
    let state = AppState::from_context()?;
    require_development_setting(state.site.dev_mailbox)?;
    let rows = email_outbox::Entity::find()
        .order_by_desc(email_outbox::Column::Id)
        .limit(100)
        .all(&state.db)
        .await
        .context("read the outbox")?;
    Ok(rows
        .into_iter()
        .map(|row| MailboxEmail {
            id: row.id,
            to: row.to_address,
            subject: row.subject,
            body: row.body_text,
            created: format_china_minutes(row.created_at),
        })
        .collect())
}

/// Whether `value` is a plausible email to show back on the "check your email" page.
pub fn displayable_email(value: &str) -> Option<String> {
    EmailAddress::parse(value).ok().map(|e| e.to_string())
}
