//! The form of one bill: its context, the draft saved step by step (valid or not), the
//! address lists, and reopening a returned application as a draft.

use super::lookup::callers_application;
use super::lookup::{active_application, draft_row, in_order, order_of, together_ids, together_view};
use super::places::{check_divisions, division_options};
use super::saved::{fill_from_address, fill_from_title, fill_saved_address, fill_saved_title};
use crate::applications::form::ApplicationForm;
use crate::applications::steps::Step;
use crate::applications::{ApplyContext, SavedAddress, SavedTitle};
use crate::backend::db::DbContext;
use crate::backend::entities::{application_drafts, fapiao_applications, saved_addresses, saved_titles};
use crate::backend::transaction::begin_write;
use crate::backend::{AppState, divisions};
use crate::domain::ApplicationStatus;
use crate::error::AppError;
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};

/// The draft, or a new form pre-filled from the account's last application (what a customer
/// applying for the next month's bill almost always wants again), with the title and the
/// address the account marked as default in its books, if any.
pub(super) async fn draft_or_prefill(
    db: &impl ConnectionTrait,
    account_id: i32,
    order_id: i32,
) -> Result<ApplicationForm, DbErr> {
    if let Some(draft) = draft_row(db, account_id, order_id).await? {
        return Ok(serde_json::from_str(&draft.data).unwrap_or_default());
    }
    let last = fapiao_applications::Entity::find()
        .filter(fapiao_applications::Column::AccountId.eq(account_id))
        .order_by_desc(fapiao_applications::Column::Id)
        .one(db)
        .await?;
    let mut form = last.map(|a| prefill_from(&a)).unwrap_or_else(ApplicationForm::fresh);
    // A remark belongs to one bill (its purchase order number): never carried to the next.
    form.remark.clear();
    let default_title = saved_titles::Entity::find()
        .filter(saved_titles::Column::AccountId.eq(account_id))
        .filter(saved_titles::Column::IsDefault.eq(true))
        .one(db)
        .await?;
    if let Some(title) = default_title {
        fill_from_title(&mut form, title);
    }
    let default_address = saved_addresses::Entity::find()
        .filter(saved_addresses::Column::AccountId.eq(account_id))
        .filter(saved_addresses::Column::IsDefault.eq(true))
        .one(db)
        .await?;
    if let Some(address) = default_address {
        fill_from_address(&mut form, address);
    }
    Ok(form)
}

pub(super) fn prefill_from(a: &fapiao_applications::Model) -> ApplicationForm {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    ApplicationForm {
        buyer_type: a.buyer_type.code().to_owned(),
        fapiao_type: a.fapiao_type.code().to_owned(),
        medium: a.medium.code().to_owned(),
        title: a.title.clone(),
        taxpayer_id: text(&a.taxpayer_id),
        registered_address: text(&a.registered_address),
        registered_phone: text(&a.registered_phone),
        bank_name: text(&a.bank_name),
        bank_account: text(&a.bank_account),
        save_title: false,
        remark: text(&a.remark),
        delivery_method: a.delivery_method.code().to_owned(),
        recipient: text(&a.recipient),
        mobile: text(&a.mobile),
        province: text(&a.province_code),
        city: text(&a.city_code),
        district: text(&a.district_code),
        street: text(&a.street),
        postal_code: text(&a.postal_code),
        save_address: false,
        delivery_emails: text(&a.delivery_emails),
    }
}

pub(super) async fn save_draft(
    db: &impl ConnectionTrait,
    account_id: i32,
    order_id: i32,
    step: Step,
    form: &ApplicationForm,
) -> Result<(), DbErr> {
    let now = Utc::now();
    let data = serde_json::to_string(form).map_err(|e| DbErr::Custom(e.to_string()))?;
    application_drafts::Entity::insert(application_drafts::ActiveModel {
        account_id: Set(account_id),
        order_id: Set(order_id),
        step: Set(i16::from(step.number())),
        data: Set(data),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([application_drafts::Column::AccountId, application_drafts::Column::OrderId])
            .update_columns([
                application_drafts::Column::Step,
                application_drafts::Column::Data,
                application_drafts::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

pub async fn context(state: &AppState, account_id: i32, order_number: &str) -> Result<ApplyContext, AppError> {
    let db = &state.db;
    let bill = crate::bills::service::one(db, account_id, order_number).await?;
    let order = order_of(db, account_id, order_number).await?;
    let form = draft_or_prefill(db, account_id, order.id).await.context("work on a fapiao application")?;
    let active = active_application(db, order.id).await.context("work on a fapiao application")?;
    let draft = draft_row(db, account_id, order.id).await.context("work on a fapiao application")?;
    let mut bills = vec![order.clone()];
    bills.extend(in_order(db, &together_ids(draft.as_ref())).await.context("work on a fapiao application")?);
    // The whole books, the default first: the form offers every entry (searchable when long).
    let saved_titles = crate::books::service::title_rows(db, account_id)
        .await?
        .into_iter()
        .map(|t| SavedTitle { id: t.id, title: t.title, taxpayer_id: t.taxpayer_id })
        .collect();
    let saved_addresses = crate::books::service::address_rows(db, account_id)
        .await?
        .into_iter()
        .map(|a| {
            let line = crate::books::service::address_line(&a);
            SavedAddress { id: a.id, summary: format!("{} {} {line}", a.recipient, a.mobile) }
        })
        .collect();
    let place_name = divisions::full_name(form.province.trim(), form.city.trim(), form.district.trim());
    let divisions = division_options(&form.province, &form.city);
    Ok(ApplyContext {
        divisions,
        bill,
        form,
        saved_titles,
        saved_addresses,
        active_application: active.map(|a| a.application_number),
        pickup: state.site.pickup.clone(),
        idempotency_key: crate::backend::sessions::new_token(),
        place_name,
        together: together_view(&bills),
    })
}

/// The draft of `first` with `others` on the same fapiao (ticked on the bill list): the
/// first bill's draft, or a new one pre-filled as for one bill.
pub async fn start_together(
    db: &impl ConnectionTrait,
    account_id: i32,
    first: i32,
    others: &[i32],
) -> Result<(), DbErr> {
    let form = draft_or_prefill(db, account_id, first).await?;
    let step =
        draft_row(db, account_id, first).await?.and_then(|d| Step::from_number(d.step as u8)).unwrap_or(Step::Type);
    save_draft(db, account_id, first, step, &form).await?;
    set_together(db, account_id, first, others).await
}

/// Records `others` as the bills that go on the same fapiao as the draft of `first`.
pub(super) async fn set_together(
    db: &impl ConnectionTrait,
    account_id: i32,
    first: i32,
    others: &[i32],
) -> Result<(), DbErr> {
    let together = (!others.is_empty()).then(|| others.iter().map(ToString::to_string).collect::<Vec<_>>().join(","));
    application_drafts::Entity::update_many()
        .col_expr(application_drafts::Column::TogetherWith, sea_orm::sea_query::Expr::value(together))
        .filter(application_drafts::Column::AccountId.eq(account_id))
        .filter(application_drafts::Column::OrderId.eq(first))
        .exec(db)
        .await?;
    Ok(())
}

/// Saves a step; returns where to go next (a path).
pub async fn save_step(
    db: &DatabaseConnection,
    account_id: i32,
    order_number: &str,
    step: u8,
    go: &str,
    typed: ApplicationForm,
) -> Result<String, AppError> {
    let order = order_of(db, account_id, order_number).await?;
    let step = Step::from_number(step).ok_or(AppError::NotFound)?;
    if let Some(active) = active_application(db, order.id).await.context("work on a fapiao application")? {
        return Ok(crate::urls::application(&active.application_number));
    }
    // Nothing is stored from a request with a field beyond its limit (the inputs' maxlength
    // stops a browser before that): the draft keeps what it had.
    let oversized = typed.oversized();
    if !oversized.is_empty() {
        return Err(AppError::Validation(oversized));
    }
    let mut form = draft_or_prefill(db, account_id, order.id).await.context("work on a fapiao application")?;
    form.take_step(step, typed);
    let mut target = step;
    let mut refused = None;
    match go.split_once(':') {
        Some(("title", id)) => fill_saved_title(db, account_id, id, &mut form).await?,
        Some(("address", id)) => fill_saved_address(db, account_id, id, &mut form).await?,
        _ => match go {
            "back" => target = step.previous().unwrap_or(step),
            "next" => {
                let mut errors = form.check_step(step);
                if step == Step::Delivery {
                    check_divisions(&form, &mut errors);
                }
                if errors.is_empty() {
                    target = step.next().unwrap_or(step);
                } else {
                    refused = Some(errors);
                }
            }
            _ => {}
        },
    }
    save_draft(db, account_id, order.id, target, &form).await.context("work on a fapiao application")?;
    match refused {
        Some(errors) => Err(AppError::Validation(errors)),
        None => Ok(target.path(&order.order_number)),
    }
}

/// Withdraws a rejected application of the caller and turns its details into the bill's draft.
/// Returns where the form starts.
pub async fn reopen_rejected(db: &DatabaseConnection, account_id: i32, number: &str) -> Result<String, AppError> {
    let (a, order) = callers_application(db, account_id, number).await?;
    if a.status != ApplicationStatus::Rejected {
        return Err(AppError::Conflict("only a returned application can be corrected".into()));
    }
    let now = Utc::now();
    let txn = begin_write(db).await.context("work on a fapiao application")?;
    let note = "客户修改后重新提交 / Withdrawn by the customer to correct and resubmit";
    super::withdraw::mark_withdrawn(&txn, &a, account_id, note, now).await?;
    save_draft(&txn, account_id, order.id, Step::Type, &prefill_from(&a))
        .await
        .context("work on a fapiao application")?;
    let others: Vec<i32> = super::lookup::bills_of(&txn, a.id)
        .await
        .context("work on a fapiao application")?
        .iter()
        .map(|o| o.id)
        .filter(|id| *id != order.id)
        .collect();
    if !others.is_empty() {
        start_together(&txn, account_id, order.id, &others).await.context("work on a fapiao application")?;
    }
    txn.commit().await.context("work on a fapiao application")?;
    Ok(Step::Type.path(&order.order_number))
}
