//! Support requests and their threads. A customer sees its own requests; staff see all.

use crate::backend::AppState;
use crate::backend::db::DbContext;
use crate::backend::emails::{Email, MailLanguage, compose};
use crate::backend::entities::{accounts, fapiao_applications, orders, support_messages, support_requests};
use crate::backend::outbox::enqueue;
use crate::backend::request::AuditContext;
use crate::backend::sessions::CurrentAccount;
use crate::backend::time::format_china_minutes;
use crate::backend::transaction::begin_write;
use crate::bills::service as bills;
use crate::domain::SupportStatus;
use crate::domain::{ApplicationStatus, EmailAddress, Role, SupportKind, ValidationError};
use crate::error::{AppError, FieldErrors};
use crate::support::{SupportMessage, SupportSummary, SupportThread};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

fn is_staff(account: &CurrentAccount) -> bool {
    account.role != Role::Customer
}

fn text(field: &str, value: &str, max: usize, errors: &mut FieldErrors) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.insert(field.to_owned(), ValidationError::Required);
    } else if value.chars().count() > max {
        errors.insert(field.to_owned(), ValidationError::TooLong { max });
    }
    value.to_owned()
}

async fn summaries(db: &DatabaseConnection, rows: Vec<support_requests::Model>) -> Result<Vec<SupportSummary>, DbErr> {
    let order_ids: Vec<i32> = rows.iter().filter_map(|r| r.order_id).collect();
    let account_ids: Vec<i32> = rows.iter().map(|r| r.account_id).collect();
    let numbers: HashMap<i32, String> = orders::Entity::find()
        .filter(orders::Column::Id.is_in(order_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.order_number))
        .collect();
    let emails: HashMap<i32, String> = accounts::Entity::find()
        .filter(accounts::Column::Id.is_in(account_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.email))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| SupportSummary {
            order_number: r.order_id.and_then(|id| numbers.get(&id).cloned()),
            customer_email: emails.get(&r.account_id).cloned().unwrap_or_default(),
            number: r.request_number,
            kind: r.kind,
            subject: r.subject,
            status: r.status,
            updated_at: format_china_minutes(r.updated_at),
        })
        .collect())
}

pub async fn list(db: &DatabaseConnection, account: &CurrentAccount) -> Result<Vec<SupportSummary>, AppError> {
    let mut select = support_requests::Entity::find();
    select = if is_staff(account) {
        // Waiting for staff first, then the rest, newest first.
        select.order_by_asc(support_requests::Column::Status).order_by_desc(support_requests::Column::UpdatedAt)
    } else {
        select
            .filter(support_requests::Column::AccountId.eq(account.account_id))
            .order_by_desc(support_requests::Column::UpdatedAt)
    };
    let rows = select.limit(200).all(db).await.context("work on support requests")?;
    summaries(db, rows).await.context("work on support requests")
}

pub async fn create(
    db: &DatabaseConnection,
    account: &CurrentAccount,
    kind: &str,
    subject: &str,
    body: &str,
    order_number: &str,
) -> Result<String, AppError> {
    let mut errors = FieldErrors::new();
    let kind = SupportKind::parse(kind).map_err(|e| errors.insert("kind".into(), e)).ok();
    let subject = text("subject", subject, 200, &mut errors);
    let body = text("body", body, 5000, &mut errors);
    let order = match order_number.trim() {
        "" => None,
        number => {
            match bills::find_for_account(db, account.account_id, number).await.context("work on support requests")? {
                Some(order) => Some(order),
                None => {
                    errors.insert("order_number".into(), ValidationError::OrderNotFound);
                    None
                }
            }
        }
    };
    let Some(kind) = kind.filter(|_| errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    // Link the bill's current application, so staff see it at once.
    let application = match &order {
        Some(order) => fapiao_applications::Entity::find()
            .filter(fapiao_applications::Column::OrderId.eq(order.id))
            .filter(
                fapiao_applications::Column::Status
                    .is_not_in([ApplicationStatus::Reversed.code(), ApplicationStatus::Withdrawn.code()]),
            )
            .one(db)
            .await
            .context("work on support requests")?,
        None => None,
    };
    let now = Utc::now();
    let txn = begin_write(db).await.context("work on support requests")?;
    let row = support_requests::ActiveModel {
        request_number: Set(format!("PENDING-{}", crate::backend::sessions::new_token())[..24].to_owned()),
        account_id: Set(account.account_id),
        kind: Set(kind),
        status: Set(SupportStatus::Open),
        subject: Set(subject),
        order_id: Set(order.map(|o| o.id)),
        application_id: Set(application.map(|a| a.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .context("work on support requests")?;
    let number =
        format!("SR{}{:06}", now.with_timezone(&crate::backend::time::china_offset()).format("%Y%m%d"), row.id);
    let mut numbered: support_requests::ActiveModel = row.clone().into();
    numbered.request_number = Set(number.clone());
    numbered.update(&txn).await.context("work on support requests")?;
    support_messages::ActiveModel {
        request_id: Set(row.id),
        author_account_id: Set(Some(account.account_id)),
        from_staff: Set(false),
        body: Set(body),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .context("work on support requests")?;
    txn.commit().await.context("work on support requests")?;
    Ok(number)
}

/// The request, if the caller may see it (its customer, or staff).
async fn visible(
    db: &DatabaseConnection,
    account: &CurrentAccount,
    number: &str,
) -> Result<support_requests::Model, AppError> {
    let row = support_requests::Entity::find()
        .filter(support_requests::Column::RequestNumber.eq(number.trim()))
        .one(db)
        .await
        .context("work on support requests")?
        .ok_or(AppError::NotFound)?;
    if is_staff(account) || row.account_id == account.account_id { Ok(row) } else { Err(AppError::NotFound) }
}

pub async fn thread(
    db: &DatabaseConnection,
    account: &CurrentAccount,
    number: &str,
) -> Result<SupportThread, AppError> {
    let row = visible(db, account, number).await?;
    let application_number = match row.application_id {
        Some(id) => fapiao_applications::Entity::find_by_id(id)
            .one(db)
            .await
            .context("work on support requests")?
            .map(|a| a.application_number),
        None => None,
    };
    let messages = support_messages::Entity::find()
        .filter(support_messages::Column::RequestId.eq(row.id))
        .order_by_asc(support_messages::Column::Id)
        .all(db)
        .await
        .context("work on support requests")?
        .into_iter()
        .map(|m| SupportMessage { from_staff: m.from_staff, body: m.body, at: format_china_minutes(m.created_at) })
        .collect();
    let summary =
        summaries(db, vec![row]).await.context("work on support requests")?.pop().ok_or(AppError::NotFound)?;
    Ok(SupportThread { summary, application_number, messages })
}

pub async fn reply(
    state: &AppState,
    account: &CurrentAccount,
    number: &str,
    body: &str,
    close: bool,
    context: &AuditContext,
) -> Result<(), AppError> {
    let db = &state.db;
    let row = visible(db, account, number).await?;
    let mut errors = FieldErrors::new();
    let body = text("body", body, 5000, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let staff = is_staff(account);
    let now = Utc::now();
    let txn = begin_write(db).await.context("work on support requests")?;
    support_messages::ActiveModel {
        request_id: Set(row.id),
        author_account_id: Set(Some(account.account_id)),
        from_staff: Set(staff),
        body: Set(body.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .context("work on support requests")?;
    let new_status = match (staff, close) {
        (true, true) => SupportStatus::Closed,
        (true, false) => SupportStatus::Answered,
        (false, _) => SupportStatus::Open,
    };
    let mut changed: support_requests::ActiveModel = row.clone().into();
    changed.status = Set(new_status);
    changed.updated_at = Set(now);
    changed.update(&txn).await.context("work on support requests")?;
    if staff {
        if let Some(customer) =
            accounts::Entity::find_by_id(row.account_id).one(&txn).await.context("work on support requests")?
            && let Ok(to) = EmailAddress::parse(&customer.email)
        {
            let email =
                Email::SupportReply { request_number: &row.request_number, subject: &row.subject, reply: &body };
            let language = MailLanguage::of_account(&customer.locale);
            let email = compose(to, language, &state.site.public_base_url, &email);
            enqueue(&txn, email).await.context("work on support requests")?;
        }
        crate::backend::audit::audit(
            &txn,
            account,
            "support.reply",
            "support_request",
            &row.request_number,
            None,
            context,
            now,
        )
        .await
        .context("work on support requests")?;
    }
    txn.commit().await.context("work on support requests")
}
