//! Turning the draft into an application: exactly once per bill and per idempotency key,
//! with its bills (one, or the several ticked together), its timeline entry and the
//! confirmation email in the same transaction.

use super::lookup::{active_application, draft_row, in_order, order_of, together_ids};
use super::places::check_divisions;
use super::saved::{save_address, save_title};
use crate::applications::form::{ApplicationForm, Delivery, ValidApplication};
use crate::applications::steps::Step;
use crate::backend::db::{DbContext, database_error};
use crate::backend::emails::{Email, MailLanguage, compose};
use crate::backend::entities::{application_bills, application_drafts, fapiao_applications, orders};
use crate::backend::outbox::enqueue;
use crate::backend::sessions::CurrentAccount;
use crate::backend::time::format_china_minutes;
use crate::backend::transaction::begin_write;
use crate::backend::{AppState, calendar};
use crate::backend::{idempotency, timeline};
use crate::domain::ApplicationEventKind;
use crate::domain::OrderStatus;
use crate::domain::{ApplicationStatus, EmailAddress};
use crate::error::{AppError, FieldErrors};
use crate::i18n::Locale;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, Set, SqlErr};

pub(super) fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// Confirms the draft of a bill. Returns the application number — of the new application, or
/// of the one this key (or another confirm of the same bill) already created.
pub async fn confirm(
    state: &AppState,
    account: &CurrentAccount,
    order_number: &str,
    idempotency_key: &str,
    locale: Locale,
) -> Result<String, AppError> {
    let db = &state.db;
    let key = idempotency::parse(idempotency_key, "idempotency_key")?;
    let order = order_of(db, account.account_id, order_number).await?;
    let request_hash = crate::backend::sessions::hash_token(&order.order_number);
    if let Some(number) = idempotency::replayed(db, account.account_id, key, &request_hash).await? {
        return Ok(number);
    }
    if let Some(active) = active_application(db, order.id).await.context("find the bill's application")? {
        return Ok(active.application_number);
    }
    if order.status != OrderStatus::Paid {
        return Err(AppError::Conflict("the order is not paid".into()));
    }
    let draft = draft_row(db, account.account_id, order.id).await.context("load the draft")?;
    let form = match &draft {
        Some(draft) => serde_json::from_str::<ApplicationForm>(&draft.data).unwrap_or_default(),
        // No draft: either nothing was filled in, or a concurrent confirm just turned it into
        // the application (and deleted it) — then lead to that application.
        None => {
            return match active_application(db, order.id).await.context("find the bill's application")? {
                Some(active) => Ok(active.application_number),
                None => Err(AppError::Validation(ApplicationForm::default().check_step(Step::Type))),
            };
        }
    };
    let valid = form.validate().map_err(|(_, errors)| AppError::Validation(errors))?;
    // The bill and the others ticked with it, checked again: one may have been applied for,
    // or refunded, since.
    let mut bills = vec![order.clone()];
    bills.extend(in_order(db, &together_ids(draft.as_ref())).await.context("load the draft's bills")?);
    if bills.len() > 1 {
        crate::bills::selection::check_group(db, &bills, state.site.single_fapiao_limit).await?;
    }
    let mut errors = FieldErrors::new();
    check_divisions(&form, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let now = Utc::now();
    let due_at = calendar::load(db, now).await.context("load the working-day calendar")?.due_at(now);
    let payer_differs = form.payer_name_differs(&order.payer_name);

    let txn = begin_write(db).await.context("start confirming an application")?;
    if idempotency::claim(&txn, account.account_id, key, &request_hash, now)
        .await
        .context("claim the idempotency key")?
        == idempotency::Claim::Taken
    {
        txn.rollback().await.context("roll back a replayed confirmation")?;
        return idempotency::replayed(db, account.account_id, key, &request_hash)
            .await?
            .ok_or_else(|| AppError::Conflict("this confirmation is already being processed".into()));
    }
    let inserted =
        new_application_row(account.account_id, &order, &valid, payer_differs, now, due_at).insert(&txn).await;
    let application = match inserted {
        Ok(row) => row,
        Err(e) if is_unique_violation(&e) => {
            // Another confirm of this bill won the race: show its application.
            txn.rollback().await.context("roll back a concurrent confirmation")?;
            let active = active_application(db, order.id).await.context("find the bill's application")?;
            return active.map(|a| a.application_number).ok_or_else(|| AppError::Conflict("retry".into()));
        }
        Err(e) => return Err(database_error("create the application", &e)),
    };
    let number =
        format!("FP{}{:08}", now.with_timezone(&crate::backend::time::china_offset()).format("%Y%m%d"), application.id);
    let held = application_bills::Entity::insert_many(bills.iter().map(|bill| application_bills::ActiveModel {
        created_at: Set(now),
        application_id: Set(application.id),
        order_id: Set(bill.id),
        released: Set(false),
        ..Default::default()
    }))
    .exec(&txn)
    .await;
    match held {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {
            // Another application took one of the bills meanwhile: say which.
            txn.rollback().await.context("roll back a concurrent confirmation")?;
            if let Some(active) = active_application(db, order.id).await.context("find the bill's application")? {
                return Ok(active.application_number);
            }
            crate::bills::selection::check_group(db, &bills, state.site.single_fapiao_limit).await?;
            return Err(AppError::Conflict("retry".into()));
        }
        Err(e) => return Err(database_error("record the application's bills", &e)),
    }
    // Still paid now that the application holds them: a split or a refund that committed
    // meanwhile (it held the bill's row) wins, and nothing is created.
    let paid = orders::Entity::find()
        .filter(orders::Column::Id.is_in(bills.iter().map(|o| o.id)))
        .filter(orders::Column::Status.eq(OrderStatus::Paid.code()))
        .count(&txn)
        .await
        .context("check the bills are still paid")?;
    if paid != bills.len() as u64 {
        txn.rollback().await.context("roll back a confirmation")?;
        return Err(AppError::Conflict("the bill was split or refunded meanwhile".into()));
    }
    let mut active_model: fapiao_applications::ActiveModel = application.into();
    active_model.application_number = Set(number.clone());
    let application = active_model.update(&txn).await.context("number the application")?;

    timeline::record(
        &txn,
        timeline::Event {
            application_id: application.id,
            kind: ApplicationEventKind::Submitted,
            from: None,
            to: ApplicationStatus::Submitted,
            note: None,
            actor: Some(account.account_id),
            at: now,
        },
    )
    .await
    .context("record the submission")?;
    if valid.save_title {
        save_title(&txn, account.account_id, &application, now).await.context("save the title for reuse")?;
    }
    if valid.save_address {
        save_address(&txn, account.account_id, &application, now).await.context("save the address for reuse")?;
    }
    if let Ok(to) = EmailAddress::parse(&account.email) {
        let due = format_china_minutes(application.due_at);
        let order_numbers = bills.iter().map(|o| o.order_number.as_str()).collect::<Vec<_>>().join(", ");
        let email = Email::ApplicationSubmitted {
            number: &application.application_number,
            order_number: &order_numbers,
            taxed: crate::bills::selection::taxed_total(&bills),
            title: &application.title,
            due: &due,
        };
        let language = MailLanguage::One(locale);
        enqueue(&txn, compose(to, language, &state.site.public_base_url, &email))
            .await
            .context("queue the confirmation email")?;
    }
    application_drafts::Entity::delete_many()
        .filter(application_drafts::Column::AccountId.eq(account.account_id))
        .filter(application_drafts::Column::OrderId.eq(order.id))
        .exec(&txn)
        .await
        .context("delete the confirmed draft")?;
    idempotency::complete(&txn, account.account_id, key, &number).await.context("complete the idempotency key")?;
    txn.commit().await.context("commit the application")?;
    tracing::info!(application = %number, order = %order.order_number, "fapiao application submitted");
    Ok(number)
}

pub(super) fn new_application_row(
    account_id: i32,
    order: &orders::Model,
    valid: &ValidApplication,
    payer_name_differs: bool,
    now: DateTime<Utc>,
    due_at: DateTime<Utc>,
) -> fapiao_applications::ActiveModel {
    let registration = &valid.buyer.registration;
    let text = |v: Option<&dyn AsRef<str>>| v.map(|v| v.as_ref().to_owned());
    let (method, recipient, mobile, address, emails) = match &valid.delivery {
        Delivery::Email(emails) => (crate::domain::DeliveryMethod::Email, None, None, None, Some(emails.to_string())),
        Delivery::Courier { method, recipient, mobile, address } => {
            (*method, Some(recipient.to_string()), Some(mobile.to_string()), Some(address), None)
        }
        Delivery::Pickup { recipient, mobile } => {
            (crate::domain::DeliveryMethod::Pickup, Some(recipient.to_string()), Some(mobile.to_string()), None, None)
        }
    };
    fapiao_applications::ActiveModel {
        // Replaced by the public number (which contains the row id) in the same transaction.
        application_number: Set(format!("PENDING-{}", crate::backend::sessions::new_token())[..24].to_owned()),
        order_id: Set(order.id),
        account_id: Set(account_id),
        status: Set(ApplicationStatus::Submitted),
        version: Set(1),
        fapiao_type: Set(valid.fapiao_type),
        buyer_type: Set(valid.buyer_type),
        medium: Set(valid.medium),
        title: Set(valid.buyer.title.to_string()),
        taxpayer_id: Set(valid.buyer.tax_id.as_ref().map(|t| t.as_ref().to_owned())),
        registered_address: Set(text(registration.address.as_ref().map(|v| v as &dyn AsRef<str>))),
        registered_phone: Set(text(registration.phone.as_ref().map(|v| v as &dyn AsRef<str>))),
        bank_name: Set(text(registration.bank_name.as_ref().map(|v| v as &dyn AsRef<str>))),
        bank_account: Set(text(registration.bank_account.as_ref().map(|v| v as &dyn AsRef<str>))),
        remark: Set(valid.remark.as_ref().map(ToString::to_string)),
        payer_name_differs: Set(payer_name_differs),
        delivery_method: Set(method),
        recipient: Set(recipient),
        mobile: Set(mobile),
        province_code: Set(address.map(|a| a.province.clone())),
        city_code: Set(address.map(|a| a.city.clone())),
        district_code: Set(address.map(|a| a.district.clone())),
        street: Set(address.map(|a| a.street.to_string())),
        postal_code: Set(address.map(|a| a.postal_code.as_ref().to_owned())),
        delivery_emails: Set(emails),
        rejection_reason: Set(None),
        submitted_at: Set(now),
        due_at: Set(due_at),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}
