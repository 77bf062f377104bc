//! The fapiao application: drafts saved step by step, confirmation (exactly once per bill and
//! per idempotency key), and the customer's view of the result.

use crate::applications::form::{ApplicationForm, Delivery, ValidApplication};
use crate::applications::steps::Step;
use crate::applications::{
    ApplicationSummary, ApplicationView, ApplyContext, DivisionOptions, FileLink, IssuedView, SavedAddress, SavedTitle,
    TimelineEntry,
};
use crate::backend::emails::{Email, MailLanguage, compose};
use crate::backend::entities::{
    application_drafts, application_events, fapiao_applications, fapiao_files, idempotency_keys, issued_fapiao, orders,
    saved_addresses, saved_titles,
};
use crate::backend::outbox::enqueue;
use crate::backend::sessions::CurrentAccount;
use crate::backend::time::format_china_minutes;
use crate::backend::transaction::begin_write;
use crate::backend::{AppState, calendar, divisions};
use crate::bills::service::{find_for_account, visible_to};
use crate::domain::OrderStatus;
use crate::domain::{ApplicationStatus, EmailAddress, Fen, ValidationError};
use crate::error::{AppError, FieldErrors};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Set, SqlErr,
};

fn db_error(e: DbErr) -> AppError {
    AppError::internal("Failed to work on a fapiao application", e)
}

async fn order_of(db: &impl ConnectionTrait, account_id: i32, order_number: &str) -> Result<orders::Model, AppError> {
    find_for_account(db, account_id, order_number).await.map_err(db_error)?.ok_or(AppError::NotFound)
}

/// The application with this public number (whoever it belongs to: callers check).
pub async fn by_number(db: &impl ConnectionTrait, number: &str) -> Result<Option<fapiao_applications::Model>, DbErr> {
    fapiao_applications::Entity::find()
        .filter(fapiao_applications::Column::ApplicationNumber.eq(number.trim()))
        .one(db)
        .await
}

/// The bill's application that still holds it, if any.
async fn active_application(
    db: &impl ConnectionTrait,
    order_id: i32,
) -> Result<Option<fapiao_applications::Model>, DbErr> {
    fapiao_applications::Entity::find()
        .filter(fapiao_applications::Column::OrderId.eq(order_id))
        .filter(
            fapiao_applications::Column::Status
                .is_not_in([ApplicationStatus::Reversed.code(), ApplicationStatus::Withdrawn.code()]),
        )
        .one(db)
        .await
}

async fn draft_row(
    db: &impl ConnectionTrait,
    account_id: i32,
    order_id: i32,
) -> Result<Option<application_drafts::Model>, DbErr> {
    application_drafts::Entity::find()
        .filter(application_drafts::Column::AccountId.eq(account_id))
        .filter(application_drafts::Column::OrderId.eq(order_id))
        .one(db)
        .await
}

/// The draft, or a new form pre-filled from the account's last application (what a customer
/// applying for the next month's bill almost always wants again).
async fn draft_or_prefill(db: &impl ConnectionTrait, account_id: i32, order_id: i32) -> Result<ApplicationForm, DbErr> {
    if let Some(draft) = draft_row(db, account_id, order_id).await? {
        return Ok(serde_json::from_str(&draft.data).unwrap_or_default());
    }
    let last = fapiao_applications::Entity::find()
        .filter(fapiao_applications::Column::AccountId.eq(account_id))
        .order_by_desc(fapiao_applications::Column::Id)
        .one(db)
        .await?;
    Ok(last.map(|a| prefill_from(&a)).unwrap_or_default())
}

fn prefill_from(a: &fapiao_applications::Model) -> ApplicationForm {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    ApplicationForm {
        fapiao_type: a.fapiao_type.code().to_owned(),
        medium: a.medium.code().to_owned(),
        title: a.title.clone(),
        taxpayer_id: text(&a.taxpayer_id),
        registered_address: text(&a.registered_address),
        registered_phone: text(&a.registered_phone),
        bank_name: text(&a.bank_name),
        bank_account: text(&a.bank_account),
        save_title: false,
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

async fn save_draft(
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
    let form = draft_or_prefill(db, account_id, order.id).await.map_err(db_error)?;
    let active = active_application(db, order.id).await.map_err(db_error)?;
    let saved_titles = saved_titles::Entity::find()
        .filter(saved_titles::Column::AccountId.eq(account_id))
        .order_by_desc(saved_titles::Column::UpdatedAt)
        .limit(20)
        .all(db)
        .await
        .map_err(db_error)?
        .into_iter()
        .map(|t| SavedTitle { id: t.id, title: t.title, taxpayer_id: t.taxpayer_id })
        .collect();
    let saved_addresses = saved_addresses::Entity::find()
        .filter(saved_addresses::Column::AccountId.eq(account_id))
        .order_by_desc(saved_addresses::Column::UpdatedAt)
        .limit(20)
        .all(db)
        .await
        .map_err(db_error)?
        .into_iter()
        .map(|a| {
            let place = divisions::full_name(&a.province_code, &a.city_code, &a.district_code).unwrap_or_default();
            SavedAddress { id: a.id, summary: format!("{} {} {place} {}", a.recipient, a.mobile, a.street) }
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
    })
}

/// The problems only the server can see: whether the division codes form a real chain.
fn check_divisions(form: &ApplicationForm, errors: &mut FieldErrors) {
    if !form.needs_address() || ["province", "city", "district"].iter().any(|f| errors.contains_key(*f)) {
        return;
    }
    let (p, c, d) = (form.province.trim(), form.city.trim(), form.district.trim());
    if divisions::cities(p).is_empty() {
        errors.insert("province".into(), ValidationError::NotOffered);
    } else if divisions::districts(p, c).is_empty() {
        errors.insert("city".into(), ValidationError::NotOffered);
    } else if divisions::full_name(p, c, d).is_none() {
        errors.insert("district".into(), ValidationError::NotOffered);
    }
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
    if let Some(active) = active_application(db, order.id).await.map_err(db_error)? {
        return Ok(format!("/applications/{}", active.application_number));
    }
    // Nothing is stored from a request with a field beyond its limit (the inputs' maxlength
    // stops a browser before that): the draft keeps what it had.
    let oversized = typed.oversized();
    if !oversized.is_empty() {
        return Err(AppError::Validation(oversized));
    }
    let mut form = draft_or_prefill(db, account_id, order.id).await.map_err(db_error)?;
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
    save_draft(db, account_id, order.id, target, &form).await.map_err(db_error)?;
    match refused {
        Some(errors) => Err(AppError::Validation(errors)),
        None => Ok(target.path(&order.order_number)),
    }
}

async fn fill_saved_title(
    db: &impl ConnectionTrait,
    account_id: i32,
    id: &str,
    form: &mut ApplicationForm,
) -> Result<(), AppError> {
    let id: i32 = id.parse().map_err(|_| AppError::NotFound)?;
    let saved = saved_titles::Entity::find_by_id(id)
        .filter(saved_titles::Column::AccountId.eq(account_id))
        .one(db)
        .await
        .map_err(db_error)?
        .ok_or(AppError::NotFound)?;
    let text = |v: Option<String>| v.unwrap_or_default();
    form.title = saved.title;
    form.taxpayer_id = text(saved.taxpayer_id);
    form.registered_address = text(saved.registered_address);
    form.registered_phone = text(saved.registered_phone);
    form.bank_name = text(saved.bank_name);
    form.bank_account = text(saved.bank_account);
    Ok(())
}

async fn fill_saved_address(
    db: &impl ConnectionTrait,
    account_id: i32,
    id: &str,
    form: &mut ApplicationForm,
) -> Result<(), AppError> {
    let id: i32 = id.parse().map_err(|_| AppError::NotFound)?;
    let saved = saved_addresses::Entity::find_by_id(id)
        .filter(saved_addresses::Column::AccountId.eq(account_id))
        .one(db)
        .await
        .map_err(db_error)?
        .ok_or(AppError::NotFound)?;
    form.recipient = saved.recipient;
    form.mobile = saved.mobile;
    form.province = saved.province_code;
    form.city = saved.city_code;
    form.district = saved.district_code;
    form.street = saved.street;
    form.postal_code = saved.postal_code;
    Ok(())
}

pub fn division_options(province: &str, city: &str) -> DivisionOptions {
    let pairs = |list: &[divisions::Division]| list.iter().map(|d| (d.code.clone(), d.name.clone())).collect();
    DivisionOptions {
        provinces: pairs(divisions::provinces()),
        cities: pairs(divisions::cities(province.trim())),
        districts: pairs(divisions::districts(province.trim(), city.trim())),
    }
}

fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// An idempotency key as the review page sends it: 32 hex characters.
fn parse_key(key: &str) -> Result<&str, AppError> {
    let key = key.trim();
    if key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(key)
    } else {
        Err(AppError::Validation(FieldErrors::from([("idempotency_key".to_owned(), ValidationError::BadFormat)])))
    }
}

/// Confirms the draft of a bill. Returns the application number — of the new application, or
/// of the one this key (or another confirm of the same bill) already created.
pub async fn confirm(
    state: &AppState,
    account: &CurrentAccount,
    order_number: &str,
    idempotency_key: &str,
) -> Result<String, AppError> {
    let db = &state.db;
    let key = parse_key(idempotency_key)?;
    let order = order_of(db, account.account_id, order_number).await?;
    let request_hash = crate::backend::sessions::hash_token(&order.order_number);
    if let Some(number) = replayed(db, account.account_id, key, &request_hash).await? {
        return Ok(number);
    }
    if let Some(active) = active_application(db, order.id).await.map_err(db_error)? {
        return Ok(active.application_number);
    }
    if order.status != OrderStatus::Paid {
        return Err(AppError::Conflict("the order is not paid".into()));
    }
    let form = match draft_row(db, account.account_id, order.id).await.map_err(db_error)? {
        Some(draft) => serde_json::from_str::<ApplicationForm>(&draft.data).unwrap_or_default(),
        // No draft: either nothing was filled in, or a concurrent confirm just turned it into
        // the application (and deleted it) — then lead to that application.
        None => {
            return match active_application(db, order.id).await.map_err(db_error)? {
                Some(active) => Ok(active.application_number),
                None => Err(AppError::Validation(ApplicationForm::default().check_step(Step::Type))),
            };
        }
    };
    let valid = form.validate().map_err(|(_, errors)| AppError::Validation(errors))?;
    let mut errors = FieldErrors::new();
    check_divisions(&form, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let now = Utc::now();
    let due_at = calendar::load(db, now).await.map_err(db_error)?.due_at(now);
    let payer_differs = form.payer_name_differs(&order.payer_name);

    let txn = begin_write(db).await.map_err(db_error)?;
    // The key first: a concurrent confirm with the same key waits here for this transaction
    // and then finds the key taken.
    let claimed = idempotency_keys::Entity::insert(idempotency_keys::ActiveModel {
        account_id: Set(account.account_id),
        key: Set(key.to_owned()),
        request_hash: Set(request_hash.clone()),
        response_status: Set(None),
        response_body: Set(None),
        created_at: Set(now),
    })
    .exec(&txn)
    .await;
    match claimed {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {
            txn.rollback().await.map_err(db_error)?;
            return replayed(db, account.account_id, key, &request_hash)
                .await?
                .ok_or_else(|| AppError::Conflict("this confirmation is already being processed".into()));
        }
        Err(e) => return Err(db_error(e)),
    }
    let inserted =
        new_application_row(account.account_id, &order, &valid, payer_differs, now, due_at).insert(&txn).await;
    let application = match inserted {
        Ok(row) => row,
        Err(e) if is_unique_violation(&e) => {
            // Another confirm of this bill won the race: show its application.
            txn.rollback().await.map_err(db_error)?;
            let active = active_application(db, order.id).await.map_err(db_error)?;
            return active.map(|a| a.application_number).ok_or_else(|| AppError::Conflict("retry".into()));
        }
        Err(e) => return Err(db_error(e)),
    };
    let number =
        format!("FP{}{:08}", now.with_timezone(&crate::backend::time::china_offset()).format("%Y%m%d"), application.id);
    let mut active_model: fapiao_applications::ActiveModel = application.into();
    active_model.application_number = Set(number.clone());
    let application = active_model.update(&txn).await.map_err(db_error)?;

    application_events::ActiveModel {
        application_id: Set(application.id),
        kind: Set("submitted".into()),
        from_status: Set(None),
        to_status: Set(ApplicationStatus::Submitted),
        note: Set(None),
        actor_account_id: Set(Some(account.account_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(db_error)?;
    if valid.save_title {
        save_title(&txn, account.account_id, &application, now).await.map_err(db_error)?;
    }
    if valid.save_address {
        save_address(&txn, account.account_id, &application, now).await.map_err(db_error)?;
    }
    if let Ok(to) = EmailAddress::parse(&account.email) {
        let due = format_china_minutes(application.due_at);
        let email = Email::ApplicationSubmitted {
            number: &application.application_number,
            order_number: &order.order_number,
            amount: Fen::new(order.amount_fen),
            title: &application.title,
            due: &due,
        };
        let language = MailLanguage::One(crate::backend::request::locale());
        enqueue(&txn, compose(to, language, &state.site.public_base_url, &email)).await.map_err(db_error)?;
    }
    application_drafts::Entity::delete_many()
        .filter(application_drafts::Column::AccountId.eq(account.account_id))
        .filter(application_drafts::Column::OrderId.eq(order.id))
        .exec(&txn)
        .await
        .map_err(db_error)?;
    idempotency_keys::Entity::update_many()
        .col_expr(idempotency_keys::Column::ResponseStatus, sea_orm::sea_query::Expr::value(200i16))
        .col_expr(idempotency_keys::Column::ResponseBody, sea_orm::sea_query::Expr::value(number.clone()))
        .filter(idempotency_keys::Column::AccountId.eq(account.account_id))
        .filter(idempotency_keys::Column::Key.eq(key))
        .exec(&txn)
        .await
        .map_err(db_error)?;
    txn.commit().await.map_err(db_error)?;
    tracing::info!(application = %number, order = %order.order_number, "fapiao application submitted");
    Ok(number)
}

/// The application number a key already produced for this request. A key is bound to the bill
/// it was first used for: the same key for another bill is a client's mistake (409), never the
/// first bill's application passed off as the second's.
async fn replayed(
    db: &impl ConnectionTrait,
    account_id: i32,
    key: &str,
    request_hash: &str,
) -> Result<Option<String>, AppError> {
    let row = idempotency_keys::Entity::find_by_id((account_id, key.to_owned())).one(db).await.map_err(db_error)?;
    match row {
        Some(row) if row.request_hash != request_hash => {
            Err(AppError::Conflict("this idempotency key was already used for another bill".into()))
        }
        row => Ok(row.and_then(|r| r.response_body)),
    }
}

fn new_application_row(
    account_id: i32,
    order: &orders::Model,
    valid: &ValidApplication,
    payer_name_differs: bool,
    now: DateTime<Utc>,
    due_at: DateTime<Utc>,
) -> fapiao_applications::ActiveModel {
    let registration = valid.buyer.registration.as_ref();
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
        medium: Set(valid.medium),
        title: Set(valid.buyer.title.to_string()),
        taxpayer_id: Set(valid.buyer.taxpayer_id.as_ref().map(|t| t.as_ref().to_owned())),
        registered_address: Set(text(registration.map(|r| &r.address as &dyn AsRef<str>))),
        registered_phone: Set(text(registration.map(|r| &r.phone as &dyn AsRef<str>))),
        bank_name: Set(text(registration.map(|r| &r.bank_name as &dyn AsRef<str>))),
        bank_account: Set(text(registration.map(|r| &r.bank_account as &dyn AsRef<str>))),
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

async fn save_title(
    db: &impl ConnectionTrait,
    account_id: i32,
    a: &fapiao_applications::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    // One saved entry per title text: saving it again updates it.
    saved_titles::Entity::delete_many()
        .filter(saved_titles::Column::AccountId.eq(account_id))
        .filter(saved_titles::Column::Title.eq(a.title.clone()))
        .exec(db)
        .await?;
    saved_titles::ActiveModel {
        account_id: Set(account_id),
        fapiao_type: Set(a.fapiao_type),
        title: Set(a.title.clone()),
        taxpayer_id: Set(a.taxpayer_id.clone()),
        registered_address: Set(a.registered_address.clone()),
        registered_phone: Set(a.registered_phone.clone()),
        bank_name: Set(a.bank_name.clone()),
        bank_account: Set(a.bank_account.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(drop)
}

async fn save_address(
    db: &impl ConnectionTrait,
    account_id: i32,
    a: &fapiao_applications::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    saved_addresses::ActiveModel {
        account_id: Set(account_id),
        recipient: Set(text(&a.recipient)),
        mobile: Set(text(&a.mobile)),
        province_code: Set(text(&a.province_code)),
        city_code: Set(text(&a.city_code)),
        district_code: Set(text(&a.district_code)),
        street: Set(text(&a.street)),
        postal_code: Set(text(&a.postal_code)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(drop)
}

/// The caller's application with this number (the caller must see its bill).
pub async fn view(db: &DatabaseConnection, account_id: i32, number: &str) -> Result<ApplicationView, AppError> {
    let not_found = || crate::backend::request::reject(AppError::NotFound);
    let a = by_number(db, number).await.map_err(db_error)?.ok_or_else(not_found)?;
    let order = visible_to(account_id)
        .filter(orders::Column::Id.eq(a.order_id))
        .one(db)
        .await
        .map_err(db_error)?
        .ok_or_else(not_found)?;
    let bill = crate::bills::service::one(db, account_id, &order.order_number).await?;
    view_of(db, a, bill).await
}

/// The view of an application and its bill, for whoever may see them (checked by the caller).
pub async fn view_of(
    db: &impl ConnectionTrait,
    a: fapiao_applications::Model,
    bill: crate::bills::Bill,
) -> Result<ApplicationView, AppError> {
    let events = application_events::Entity::find()
        .filter(application_events::Column::ApplicationId.eq(a.id))
        .order_by_asc(application_events::Column::Id)
        .all(db)
        .await
        .map_err(db_error)?;
    let timeline = events
        .into_iter()
        .map(|e| TimelineEntry { at: format_china_minutes(e.created_at), status: e.to_status, note: e.note })
        .collect();
    let fapiao = issued_view(db, &a).await.map_err(db_error)?;
    let address = a.district_code.as_ref().map(|district| {
        let place = divisions::full_name(
            a.province_code.as_deref().unwrap_or(""),
            a.city_code.as_deref().unwrap_or(""),
            district,
        )
        .unwrap_or_default();
        format!("{place} {}", a.street.clone().unwrap_or_default())
    });
    Ok(ApplicationView {
        status: a.status,
        number: a.application_number,
        bill,
        fapiao_type: a.fapiao_type,
        medium: a.medium,
        title: a.title,
        taxpayer_id: a.taxpayer_id,
        registered_address: a.registered_address,
        registered_phone: a.registered_phone,
        bank_name: a.bank_name,
        bank_account: a.bank_account,
        payer_name_differs: a.payer_name_differs,
        delivery_method: a.delivery_method,
        recipient: a.recipient,
        mobile: a.mobile,
        address,
        postal_code: a.postal_code,
        delivery_emails: a.delivery_emails,
        rejection_reason: a.rejection_reason,
        submitted_at: format_china_minutes(a.submitted_at),
        due_at: format_china_minutes(a.due_at),
        timeline,
        fapiao,
    })
}

/// The latest issued fapiao of an application and its files.
pub async fn issued_view(
    db: &impl ConnectionTrait,
    application: &fapiao_applications::Model,
) -> Result<Option<IssuedView>, DbErr> {
    let Some(issued) = issued_fapiao::Entity::find()
        .filter(issued_fapiao::Column::ApplicationId.eq(application.id))
        .order_by_desc(issued_fapiao::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let files = fapiao_files::Entity::find()
        .filter(fapiao_files::Column::IssuedFapiaoId.eq(issued.id))
        .order_by_asc(fapiao_files::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|f| FileLink {
            href: format!("/applications/{}/files/{}", application.application_number, f.id),
            kind: f.kind,
            file_name: f.file_name,
            size_bytes: f.size_bytes,
        })
        .collect();
    Ok(Some(IssuedView {
        code: issued.fapiao_code,
        number: issued.fapiao_number,
        issue_date: issued.issue_date.format("%Y-%m-%d").to_string(),
        amount: Fen::new(issued.amount_fen).to_string(),
        courier: issued.courier,
        tracking_number: issued.tracking_number,
        reversed: issued.reversed_at.is_some(),
        files,
    }))
}

pub async fn list(db: &DatabaseConnection, account_id: i32) -> Result<Vec<ApplicationSummary>, AppError> {
    let rows = fapiao_applications::Entity::find()
        .filter(
            fapiao_applications::Column::OrderId
                .in_subquery(visible_to(account_id).select_only().column(orders::Column::Id).into_query()),
        )
        .find_also_related(orders::Entity)
        .order_by_desc(fapiao_applications::Column::Id)
        .limit(200)
        .all(db)
        .await
        .map_err(db_error)?;
    Ok(rows
        .into_iter()
        .map(|(a, order)| ApplicationSummary {
            status: a.status,
            number: a.application_number,
            order_number: order.map(|o| o.order_number).unwrap_or_default(),
            title: a.title,
            submitted_at: format_china_minutes(a.submitted_at),
        })
        .collect())
}

/// Withdraws a rejected application of the caller and turns its details into the bill's draft.
/// Returns where the form starts.
pub async fn reopen_rejected(db: &DatabaseConnection, account_id: i32, number: &str) -> Result<String, AppError> {
    let a = by_number(db, number).await.map_err(db_error)?.ok_or(AppError::NotFound)?;
    let order = visible_to(account_id)
        .filter(orders::Column::Id.eq(a.order_id))
        .one(db)
        .await
        .map_err(db_error)?
        .ok_or(AppError::NotFound)?;
    if a.status != ApplicationStatus::Rejected {
        return Err(AppError::Conflict("only a returned application can be corrected".into()));
    }
    let now = Utc::now();
    let txn = begin_write(db).await.map_err(db_error)?;
    let changed = fapiao_applications::Entity::update_many()
        .col_expr(
            fapiao_applications::Column::Status,
            sea_orm::sea_query::Expr::value(ApplicationStatus::Withdrawn.code()),
        )
        .col_expr(fapiao_applications::Column::Version, sea_orm::sea_query::Expr::value(a.version + 1))
        .col_expr(fapiao_applications::Column::UpdatedAt, sea_orm::sea_query::Expr::value(now))
        .filter(fapiao_applications::Column::Id.eq(a.id))
        .filter(fapiao_applications::Column::Version.eq(a.version))
        .exec(&txn)
        .await
        .map_err(db_error)?;
    if changed.rows_affected != 1 {
        txn.rollback().await.map_err(db_error)?;
        return Err(AppError::Conflict("the application changed meanwhile".into()));
    }
    application_events::ActiveModel {
        application_id: Set(a.id),
        kind: Set("withdrawn".into()),
        from_status: Set(Some(a.status)),
        to_status: Set(ApplicationStatus::Withdrawn),
        note: Set(Some("客户修改后重新提交 / Withdrawn by the customer to correct and resubmit".into())),
        actor_account_id: Set(Some(account_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(db_error)?;
    save_draft(&txn, account_id, order.id, Step::Type, &prefill_from(&a)).await.map_err(db_error)?;
    txn.commit().await.map_err(db_error)?;
    Ok(Step::Type.path(&order.order_number))
}
