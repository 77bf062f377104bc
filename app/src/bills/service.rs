//! Bills (orders) as a customer account sees them. `visible_to` is the one gate: every
//! customer-facing read of an order goes through it, so another customer's bill is simply
//! not found.

use crate::backend::db::DbContext;
use crate::backend::entities::{account_customers, application_drafts, fapiao_applications, orders};
use crate::backend::time::format_china_minutes;
use crate::bills::{Bill, BillPage, FapiaoProgress};
use crate::domain::OrderStatus;
use crate::domain::{Fen, OrderNumber, TaxRate, TaxedAmount, ValidationError};
use crate::error::AppError;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Select};
use std::collections::{HashMap, HashSet};

/// The paid and refunded orders of the customers linked to the account.
pub fn visible_to(account_id: i32) -> Select<orders::Entity> {
    orders::Entity::find()
        .filter(
            orders::Column::CustomerId.in_subquery(
                Query::select()
                    .column(account_customers::Column::CustomerId)
                    .from(account_customers::Entity)
                    .and_where(account_customers::Column::AccountId.eq(account_id))
                    .to_owned(),
            ),
        )
        .filter(orders::Column::Status.is_in([OrderStatus::Paid, OrderStatus::Refunded]))
}

/// The account's order with this number, or `None` (no such order, or not the account's).
pub async fn find_for_account(
    db: &impl ConnectionTrait,
    account_id: i32,
    order_number: &str,
) -> Result<Option<orders::Model>, DbErr> {
    let Ok(number) = OrderNumber::parse(order_number) else { return Ok(None) };
    visible_to(account_id).filter(orders::Column::OrderNumber.eq(number.as_ref())).one(db).await
}

pub async fn list(
    db: &impl ConnectionTrait,
    account_id: i32,
    query: &str,
    page: u64,
    per_page: u64,
) -> Result<BillPage, AppError> {
    // Order numbers are letters, digits and hyphens: anything else cannot match, and keeping
    // only those makes the LIKE pattern safe.
    let needle: String =
        query.chars().map(|c| c.to_ascii_uppercase()).filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    let mut select = visible_to(account_id);
    if !needle.is_empty() {
        select = select.filter(orders::Column::OrderNumber.contains(&needle));
    }
    let paginator =
        select.order_by_desc(orders::Column::PaidAt).order_by_desc(orders::Column::Id).paginate(db, per_page);
    let counts = paginator.num_items_and_pages().await.context("read bills")?;
    let page = page.min(counts.number_of_pages.max(1));
    let rows = paginator.fetch_page(page - 1).await.context("read bills")?;
    let bills = with_progress(db, account_id, rows).await.context("read bills")?;
    Ok(BillPage { bills, page, pages: counts.number_of_pages.max(1), total: counts.number_of_items })
}

pub async fn one(db: &impl ConnectionTrait, account_id: i32, order_number: &str) -> Result<Bill, AppError> {
    let order = find_for_account(db, account_id, order_number).await.context("read bills")?;
    let order = order.ok_or(AppError::NotFound)?;
    let mut bills = with_progress(db, account_id, vec![order]).await.context("read bills")?;
    bills.pop().ok_or(AppError::NotFound)
}

/// The orders as bills, each with where its fapiao stands.
async fn with_progress(
    db: &impl ConnectionTrait,
    account_id: i32,
    rows: Vec<orders::Model>,
) -> Result<Vec<Bill>, DbErr> {
    let ids: Vec<i32> = rows.iter().map(|o| o.id).collect();
    // The latest application of each order.
    let mut latest: HashMap<i32, fapiao_applications::Model> = HashMap::new();
    for application in fapiao_applications::Entity::find()
        .filter(fapiao_applications::Column::OrderId.is_in(ids.clone()))
        .order_by_asc(fapiao_applications::Column::Id)
        .all(db)
        .await?
    {
        latest.insert(application.order_id, application);
    }
    let drafts: HashSet<i32> = application_drafts::Entity::find()
        .filter(application_drafts::Column::AccountId.eq(account_id))
        .filter(application_drafts::Column::OrderId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|d| d.order_id)
        .collect();
    Ok(rows
        .into_iter()
        .map(|order| {
            let application = latest.remove(&order.id);
            let status = application.as_ref().map(|a| a.status);
            let progress = match status {
                _ if order.status == OrderStatus::Refunded => FapiaoProgress::Refunded,
                Some(status) if status.is_active() => FapiaoProgress::Applied(status),
                _ if drafts.contains(&order.id) => FapiaoProgress::Draft,
                Some(status) => FapiaoProgress::Applied(status),
                None => FapiaoProgress::NotApplied,
            };
            bill_of(order, progress, application.map(|a| a.application_number))
        })
        .collect())
}

/// An order as a bill, with where its fapiao stands as the caller determined it.
pub fn bill_of(order: orders::Model, progress: FapiaoProgress, application_number: Option<String>) -> Bill {
    let taxed = taxed_amount(&order);
    Bill {
        order_number: order.order_number,
        product: order.product,
        amount: Fen::new(order.amount_fen).to_string(),
        tax_rate: taxed.rate.to_string(),
        tax: taxed.tax.to_string(),
        paid_at: order.paid_at.map(format_china_minutes).unwrap_or_default(),
        payer_name: order.payer_name,
        progress,
        application_number,
    }
}

/// The order's 价税合计 split into 税率 and 税额.
pub fn taxed_amount(order: &orders::Model) -> TaxedAmount {
    let rate = u8::try_from(order.tax_rate_percent).ok().and_then(|p| TaxRate::new(p).ok()).unwrap_or_default();
    TaxedAmount::from_total(Fen::new(order.amount_fen), rate)
}

/// How linking another order ended. The answer is the same whether or not a paid order has
/// that number (only an order the caller already sees, or its claim link, says more).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Linked {
    /// The order's customer is now (or was already) among the caller's.
    Attached(String),
    /// An access request waits for the order's buyer email or a colleague to confirm.
    Requested(String),
}

/// Links another order to the logged-in customer: at once through the order confirmation
/// email's claim link, otherwise as an access request the order's buyer confirms.
pub async fn link(
    db: &sea_orm::DatabaseConnection,
    account_id: i32,
    order_number: &str,
    claim: &str,
    client_ip: &str,
    base_url: &str,
) -> Result<Linked, AppError> {
    use crate::access::service as access;
    let refuse = |error: ValidationError| AppError::field("order_number", error);
    let number = OrderNumber::parse(order_number).map_err(refuse)?;
    let now = chrono::Utc::now();
    let limits = [
        crate::backend::rate_limit::Limit::new("link:ip", client_ip, 20, chrono::Duration::minutes(10)),
        crate::backend::rate_limit::Limit::new("link:order", number.as_ref(), 20, chrono::Duration::hours(1)),
    ];
    crate::backend::rate_limit::check(db, &limits, now).await?;
    let order = orders::Entity::find()
        .filter(orders::Column::OrderNumber.eq(number.as_ref()))
        .filter(orders::Column::Status.eq(OrderStatus::Paid))
        .one(db)
        .await
        .context("read bills")?;
    let txn = crate::backend::transaction::begin_write(db).await.context("read bills")?;
    let outcome = match &order {
        Some(order) if access::is_member(&txn, account_id, order.customer_id).await.context("read bills")? => {
            Linked::Attached(order.order_number.clone())
        }
        Some(order) => match access::claim(&txn, claim, order.id).await.context("read bills")? {
            Some(claim) => {
                access::attach_active_by_claim(&txn, claim, account_id, order, now, base_url)
                    .await
                    .context("read bills")?;
                Linked::Attached(order.order_number.clone())
            }
            None => {
                access::request(&txn, account_id, number.as_ref(), Some(order), now).await.context("read bills")?;
                access::ask_buyers(&txn, account_id, now, base_url).await.context("read bills")?;
                Linked::Requested(number.to_string())
            }
        },
        None => {
            access::request(&txn, account_id, number.as_ref(), None, now).await.context("read bills")?;
            Linked::Requested(number.to_string())
        }
    };
    txn.commit().await.context("read bills")?;
    Ok(outcome)
}
