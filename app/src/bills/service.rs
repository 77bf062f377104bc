//! Bills (orders) as a customer account sees them. `visible_to` is the one gate: every
//! customer-facing read of an order goes through it, so another customer's bill is simply
//! not found.

use crate::backend::db::DbContext;
use crate::backend::entities::{
    account_customers, application_bills, application_drafts, bill_selections, fapiao_applications, orders,
};
use crate::backend::time::format_china_minutes;
use crate::bills::{Bill, BillPage, FapiaoProgress};
use crate::domain::{ApplicationStatus, Fen, OrderNumber, OrderStatus, TaxRate, TaxedAmount, ValidationError};
use crate::error::AppError;
use sea_orm::sea_query::{Expr, Order, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};

/// The paid, refunded and split orders of the customers linked to the account.
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
        .filter(orders::Column::Status.is_in([OrderStatus::Paid, OrderStatus::Refunded, OrderStatus::Split]))
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
    let counts = select.clone().paginate(db, per_page).num_items_and_pages().await.context("read bills")?;
    let pages = counts.number_of_pages.max(1);
    let page = page.min(pages);
    let rows = with_progress(select, account_id)
        .order_by_desc(orders::Column::PaidAt)
        .order_by_desc(orders::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .into_model::<BillRow>()
        .all(db)
        .await
        .context("read bills")?;
    Ok(BillPage {
        bills: rows.into_iter().map(BillRow::into_bill).collect(),
        page,
        pages,
        total: counts.number_of_items,
        // Filled by the caller (`list_bills`): the ticks are the selection's concern.
        selection: Default::default(),
    })
}

pub async fn one(db: &impl ConnectionTrait, account_id: i32, order_number: &str) -> Result<Bill, AppError> {
    let Ok(number) = OrderNumber::parse(order_number) else { return Err(AppError::NotFound) };
    let select = visible_to(account_id).filter(orders::Column::OrderNumber.eq(number.as_ref()));
    let row = with_progress(select, account_id).into_model::<BillRow>().one(db).await.context("read bills")?;
    row.map(BillRow::into_bill).ok_or(AppError::NotFound)
}

/// An order with its latest application, whether the account keeps a draft for it and
/// whether it is ticked: one row per order, read in the same query as the orders (correlated
/// subqueries on the `application_bills_order` index, the drafts' and the selections' unique
/// indexes).
#[derive(Debug, FromQueryResult)]
struct BillRow {
    #[sea_orm(nested)]
    order: orders::Model,
    application_status: Option<ApplicationStatus>,
    application_number: Option<String>,
    has_draft: bool,
    selected: bool,
}

impl BillRow {
    fn into_bill(self) -> Bill {
        let progress = match self.application_status {
            _ if self.order.status == OrderStatus::Refunded => FapiaoProgress::Refunded,
            _ if self.order.status == OrderStatus::Split => FapiaoProgress::Split,
            Some(status) if status.is_active() => FapiaoProgress::Applied(status),
            _ if self.has_draft => FapiaoProgress::Draft,
            Some(status) => FapiaoProgress::Applied(status),
            None => FapiaoProgress::NotApplied,
        };
        let whole = self.order.parent_order_id.is_none();
        Bill {
            selected: self.selected,
            split_by_customer: whole && matches!(progress, FapiaoProgress::NotApplied | FapiaoProgress::Split),
            ..bill_of(self.order, progress, self.application_number)
        }
    }
}

/// `select` with the columns of `BillRow` beyond the order's own. The latest application is
/// the one the bill joined last (alone or with other bills).
fn with_progress(select: Select<orders::Entity>, account_id: i32) -> Select<orders::Entity> {
    let latest_application = |column: fapiao_applications::Column| {
        let query = Query::select()
            .column((fapiao_applications::Entity, column))
            .from(application_bills::Entity)
            .inner_join(
                fapiao_applications::Entity,
                Expr::col((fapiao_applications::Entity, fapiao_applications::Column::Id))
                    .equals((application_bills::Entity, application_bills::Column::ApplicationId)),
            )
            .and_where(
                Expr::col((application_bills::Entity, application_bills::Column::OrderId))
                    .equals((orders::Entity, orders::Column::Id)),
            )
            .order_by((application_bills::Entity, application_bills::Column::Id), Order::Desc)
            .limit(1)
            .to_owned();
        SimpleExpr::SubQuery(None, Box::new(query.into_sub_query_statement()))
    };
    let draft = Query::select()
        .expr(Expr::val(1))
        .from(application_drafts::Entity)
        .and_where(application_drafts::Column::AccountId.eq(account_id))
        .and_where(
            Expr::col((application_drafts::Entity, application_drafts::Column::OrderId))
                .equals((orders::Entity, orders::Column::Id)),
        )
        .to_owned();
    let ticked = Query::select()
        .expr(Expr::val(1))
        .from(bill_selections::Entity)
        .and_where(bill_selections::Column::AccountId.eq(account_id))
        .and_where(
            Expr::col((bill_selections::Entity, bill_selections::Column::OrderId))
                .equals((orders::Entity, orders::Column::Id)),
        )
        .to_owned();
    select
        .column_as(latest_application(fapiao_applications::Column::Status), "application_status")
        .column_as(latest_application(fapiao_applications::Column::ApplicationNumber), "application_number")
        .column_as(Expr::exists(draft), "has_draft")
        .column_as(Expr::exists(ticked), "selected")
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
        selected: false,
        amount_fen: order.amount_fen,
        split_by_customer: false,
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
