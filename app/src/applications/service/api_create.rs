//! An application made in one call by a customer's system (the API's `POST
//! /api/v1/applications`): the bills, a title from the account's title book, the type and the
//! addresses for the e-fapiao. It goes through the same draft and the same confirmation as
//! the form — the same checks, the same one-active-application-per-bill rule, the same
//! idempotency keys — so an application made here is indistinguishable from one made on the
//! pages.

use super::draft::{save_draft, set_together};
use super::lookup::{active_application, order_of};
use super::saved::fill_saved_title;
use crate::applications::form::ApplicationForm;
use crate::applications::steps::Step;
use crate::backend::AppState;
use crate::backend::db::DbContext;
use crate::backend::idempotency;
use crate::backend::sessions::{CurrentAccount, hash_token};
use crate::domain::{Medium, ValidationError};
use crate::error::AppError;
use crate::i18n::Locale;

/// The most bills one call applies for (as many as the bill list lets a customer tick).
pub const MAX_BILLS: usize = 500;

/// What the API client asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewApplication {
    /// Order numbers; the first one's application number names the fapiao.
    pub bills: Vec<String>,
    /// An entry of the account's title book (`/account/titles`).
    pub title_id: i32,
    /// `general` (普通发票) or `special` (专用发票).
    pub fapiao_type: String,
    /// Where the e-fapiao is sent: 1 to 3 addresses.
    pub emails: Vec<String>,
    /// 备注 to print on the fapiao (optional).
    pub remark: String,
}

/// The client's idempotency key as the confirmation stores keys: any text of 1 to 100 visible
/// ASCII characters, hashed to the 32 hex characters a page's key has.
pub fn idempotency_key(client_key: &str) -> Result<String, AppError> {
    let valid = (1..=100).contains(&client_key.len()) && client_key.bytes().all(|b| b.is_ascii_graphic());
    if !valid {
        return Err(AppError::field("idempotency_key", ValidationError::BadFormat));
    }
    Ok(hash_token(&format!("api:{client_key}"))[..32].to_owned())
}

/// Applies for one fapiao for `new.bills`. Returns the application number; the same key again
/// (for the same first bill) returns the same number and changes nothing.
pub async fn create(
    state: &AppState,
    account: &CurrentAccount,
    new: &NewApplication,
    client_key: &str,
    locale: Locale,
) -> Result<String, AppError> {
    let db = &state.db;
    let key = idempotency_key(client_key)?;
    let Some(first_number) = new.bills.first() else {
        return Err(AppError::field("bills", ValidationError::NoBillsSelected));
    };
    if new.bills.len() > MAX_BILLS {
        return Err(AppError::field("bills", ValidationError::TooMany { max: MAX_BILLS }));
    }
    let first = order_of(db, account.account_id, first_number).await?;
    // A repeated call answers what the first one did, before anything is looked at again.
    let request_hash = hash_token(&first.order_number);
    if let Some(number) = idempotency::replayed(db, account.account_id, &key, &request_hash).await? {
        return Ok(number);
    }
    let mut bills = Vec::with_capacity(new.bills.len());
    for number in &new.bills {
        let order = order_of(db, account.account_id, number).await?;
        if bills.iter().any(|b: &crate::backend::entities::orders::Model| b.id == order.id) {
            continue;
        }
        if active_application(db, order.id).await.context("find the bill's application")?.is_some() {
            return Err(AppError::field("bills", ValidationError::BillNotFree { order: order.order_number }));
        }
        bills.push(order);
    }
    if bills.len() > 1 {
        crate::bills::selection::check_group(db, &bills, state.site.single_fapiao_limit).await?;
    }
    let mut form = ApplicationForm {
        fapiao_type: new.fapiao_type.trim().to_owned(),
        medium: Medium::Electronic.code().to_owned(),
        delivery_emails: new.emails.join(", "),
        remark: new.remark.clone(),
        ..ApplicationForm::default()
    };
    fill_saved_title(db, account.account_id, &new.title_id.to_string(), &mut form)
        .await
        .map_err(|_| AppError::field("title_id", ValidationError::UnknownValue))?;
    let oversized = form.oversized();
    if !oversized.is_empty() {
        return Err(AppError::Validation(oversized));
    }
    form.validate().map_err(|(_, errors)| AppError::Validation(errors))?;
    save_draft(db, account.account_id, first.id, Step::Review, &form).await.context("save the application")?;
    let others: Vec<i32> = bills[1..].iter().map(|b| b.id).collect();
    set_together(db, account.account_id, first.id, &others).await.context("save the application")?;
    super::confirm(state, account, &first.order_number, &key, locale).await
}
