//! The title book and the address book (/account/titles, /account/addresses): the titles
//! (抬头) and delivery addresses an account keeps for its applications — listed, added,
//! edited, deleted, one of each marked as the default that the application form starts with.
//! Entries are also added by the form's "save" boxes. Each book holds at most `BOOK_LIMIT`.
//!
//! A title is checked by the application form's own rules (`ApplicationForm::check_step`), so
//! a saved title is always one the form accepts.

#[cfg(feature = "ssr")]
pub mod service;
mod types;

pub use types::*;

use crate::error::AppError;
use leptos::prelude::*;

/// The caller's titles, the default first, then newest first.
#[server(endpoint = "books/titles")]
pub async fn titles() -> Result<Vec<TitleEntry>, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::require_customer;
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::titles(&state.db, account.account_id).await
}

/// One of the caller's titles (another account's is `NotFound`).
#[server(endpoint = "books/title")]
pub async fn title(id: i32) -> Result<TitleEntry, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::title(&state.db, account.account_id, id).await.map_err(reject)
}

/// Adds a title to the book (`id` absent) or changes one; back to the book, which says so.
#[server(endpoint = "books/save_title")]
pub async fn save_title(#[server(default)] id: Option<i32>, entry: TitleInput) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{redirect_plain_form_post, reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::save_title(&state.db, account.account_id, id, &entry, chrono::Utc::now()).await.map_err(reject)?;
    redirect_plain_form_post("/account/titles?done=saved");
    Ok(())
}

/// The form of an address of the book: entry `id` (absent: a new one), or what the form sent
/// back (`typed`) to refresh its city and district lists.
#[server(endpoint = "books/address_form")]
pub async fn address_form(
    #[server(default)] id: Option<i32>,
    #[server(default)] typed: Option<AddressInput>,
) -> Result<AddressEditor, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::address_form(&state.db, account.account_id, id, typed).await.map_err(reject)
}

/// Adds an address to the book (`id` absent) or changes one; back to the book, which says so.
#[server(endpoint = "books/save_address")]
pub async fn save_address(#[server(default)] id: Option<i32>, entry: AddressInput) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{redirect_plain_form_post, reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::save_address(&state.db, account.account_id, id, &entry, chrono::Utc::now()).await.map_err(reject)?;
    redirect_plain_form_post("/account/addresses?done=saved");
    Ok(())
}

/// Deletes a title of the book.
#[server(endpoint = "books/delete_title")]
pub async fn delete_title(id: i32) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{redirect_plain_form_post, reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::delete(&state.db, service::Book::Titles, account.account_id, id).await.map_err(reject)?;
    redirect_plain_form_post("/account/titles?done=deleted");
    Ok(())
}

/// Makes a title the default of the book (the one before stops being it).
#[server(endpoint = "books/default_title")]
pub async fn default_title(id: i32) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{redirect_plain_form_post, reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::make_default(&state.db, service::Book::Titles, account.account_id, id).await.map_err(reject)?;
    redirect_plain_form_post("/account/titles?done=default");
    Ok(())
}

/// The caller's addresses, the default first, then newest first.
#[server(endpoint = "books/addresses")]
pub async fn addresses() -> Result<Vec<AddressEntry>, AppError> {
    use crate::backend::AppState;
    use crate::backend::request::require_customer;
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::addresses(&state.db, account.account_id).await
}

/// Deletes an address of the book.
#[server(endpoint = "books/delete_address")]
pub async fn delete_address(id: i32) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{redirect_plain_form_post, reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::delete(&state.db, service::Book::Addresses, account.account_id, id).await.map_err(reject)?;
    redirect_plain_form_post("/account/addresses?done=deleted");
    Ok(())
}

/// Makes an address the default of the book.
#[server(endpoint = "books/default_address")]
pub async fn default_address(id: i32) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::request::{redirect_plain_form_post, reject, require_customer};
    let state = AppState::from_context()?;
    let account = require_customer()?;
    service::make_default(&state.db, service::Book::Addresses, account.account_id, id).await.map_err(reject)?;
    redirect_plain_form_post("/account/addresses?done=default");
    Ok(())
}
