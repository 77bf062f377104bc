//! Bills ticked on the bill list to go on one fapiao. The ticks are kept per account across
//! the list's pages until the customer applies or clears them; applying checks the rules of
//! one fapiao and turns them into one draft (its first bill's, with the others attached).
//!
//! The rules (`check_together`): paid bills not in an active application, of one customer,
//! in one currency and at one tax rate (one fapiao shows one buyer, one currency and, here,
//! one line of 信息技术服务), and a total within the single-fapiao limit the site configures.
//! The database holds the rule that matters most: a bill is in at most one active
//! application (`application_bills_one_active`).

use crate::backend::db::DbContext;
use crate::backend::entities::{application_bills, bill_selections, orders};
use crate::backend::transaction::begin_write;
use crate::bills::{MAX_BILLS_TOGETHER, SelectionSummary};
use crate::domain::{Fen, OrderNumber, OrderStatus, TaxRate, TaxedAmount, ValidationError};
use crate::error::AppError;
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect, Select,
    Set,
};

use crate::bills::SELECTION_FIELD as FIELD;

/// The bills shown on one page of the list: more is not a page.
const MAX_SHOWN: usize = 200;

fn refuse(error: ValidationError) -> AppError {
    AppError::field(FIELD, error)
}

/// How many bills the account ticked and their total.
pub async fn summary(db: &impl ConnectionTrait, account_id: i32) -> Result<SelectionSummary, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        count: i64,
        total_fen: Option<i64>,
    }
    let row = bill_selections::Entity::find()
        .select_only()
        .column_as(Expr::col((bill_selections::Entity, bill_selections::Column::Id)).count(), "count")
        // PostgreSQL sums a BIGINT as NUMERIC: back to BIGINT (no total comes near its limit).
        .column_as(
            Expr::col((orders::Entity, orders::Column::AmountFen))
                .sum()
                .cast_as(sea_orm::sea_query::Alias::new("BIGINT")),
            "total_fen",
        )
        .inner_join_orders()
        .filter(bill_selections::Column::AccountId.eq(account_id))
        .into_model::<Row>()
        .one(db)
        .await?;
    Ok(row.map_or_else(SelectionSummary::default, |r| SelectionSummary {
        count: u64::try_from(r.count).unwrap_or_default(),
        total_fen: r.total_fen.unwrap_or_default(),
    }))
}

trait JoinOrders {
    fn inner_join_orders(self) -> Self;
}

impl JoinOrders for Select<bill_selections::Entity> {
    fn inner_join_orders(self) -> Self {
        self.join(
            sea_orm::JoinType::InnerJoin,
            bill_selections::Entity::belongs_to(orders::Entity)
                .from(bill_selections::Column::OrderId)
                .to(orders::Column::Id)
                .into(),
        )
    }
}

/// The orders among `ids` that an active application holds.
async fn held(db: &impl ConnectionTrait, ids: &[i32]) -> Result<Vec<i32>, DbErr> {
    application_bills::Entity::find()
        .select_only()
        .column(application_bills::Column::OrderId)
        .filter(application_bills::Column::OrderId.is_in(ids.iter().copied()))
        .filter(application_bills::Column::Released.eq(false))
        .into_tuple::<i32>()
        .all(db)
        .await
}

/// Refuses the first of `orders` that cannot go on a fapiao now: refunded, or in an active
/// application.
async fn check_free(db: &impl ConnectionTrait, orders: &[orders::Model]) -> Result<(), AppError> {
    let ids: Vec<i32> = orders.iter().map(|o| o.id).collect();
    let held = held(db, &ids).await.context("read the ticked bills")?;
    match orders.iter().find(|o| o.status != OrderStatus::Paid || held.contains(&o.id)) {
        Some(order) => Err(refuse(ValidationError::BillNotFree { order: order.order_number.clone() })),
        None => Ok(()),
    }
}

/// What to tick among the bills a page showed.
pub enum Ticks<'a> {
    /// These bills; the rest of the page's are unticked.
    These(&'a [String]),
    /// Every bill of the page that can go on a fapiao now.
    WholePage,
}

/// Ticks bills of the page the form showed (`shown`) as `ticks` says and unticks the rest of
/// them, leaving the ticks of other pages as they are. A number the account does not see is
/// not found; a bill that cannot go on a fapiao now is refused with its number.
pub async fn update(
    db: &sea_orm::DatabaseConnection,
    account_id: i32,
    shown: &[String],
    ticks: Ticks<'_>,
) -> Result<SelectionSummary, AppError> {
    let chosen = match ticks {
        Ticks::These(chosen) => chosen,
        Ticks::WholePage => shown,
    };
    if shown.len() > MAX_SHOWN || chosen.len() > MAX_SHOWN {
        return Err(refuse(ValidationError::TooMany { max: MAX_SHOWN }));
    }
    let parse = |numbers: &[String]| -> Result<Vec<String>, AppError> {
        numbers
            .iter()
            .map(|n| OrderNumber::parse(n).map(|n| n.as_ref().to_owned()).map_err(|_| AppError::NotFound))
            .collect()
    };
    let (shown, chosen_numbers) = (parse(shown)?, parse(chosen)?);
    let visible = |numbers: Vec<String>| {
        crate::bills::service::visible_to(account_id).filter(orders::Column::OrderNumber.is_in(numbers)).all(db)
    };
    let mut chosen = visible(chosen_numbers.clone()).await.context("read the ticked bills")?;
    if chosen.len() != chosen_numbers.iter().collect::<std::collections::BTreeSet<_>>().len() {
        return Err(AppError::NotFound);
    }
    if matches!(ticks, Ticks::WholePage) {
        let held = held(db, &chosen.iter().map(|o| o.id).collect::<Vec<_>>()).await.context("read the ticked bills")?;
        chosen.retain(|o| o.status == OrderStatus::Paid && !held.contains(&o.id));
    }
    check_free(db, &chosen).await?;
    let shown_ids: Vec<i32> = visible(shown).await.context("read the ticked bills")?.iter().map(|o| o.id).collect();
    let now = chrono::Utc::now();
    let txn = begin_write(db).await.context("tick bills")?;
    bill_selections::Entity::delete_many()
        .filter(bill_selections::Column::AccountId.eq(account_id))
        .filter(bill_selections::Column::OrderId.is_in(shown_ids))
        .exec(&txn)
        .await
        .context("tick bills")?;
    if !chosen.is_empty() {
        bill_selections::Entity::insert_many(chosen.iter().map(|o| bill_selections::ActiveModel {
            created_at: Set(now),
            account_id: Set(account_id),
            order_id: Set(o.id),
            ..Default::default()
        }))
        .on_conflict(
            OnConflict::columns([bill_selections::Column::AccountId, bill_selections::Column::OrderId])
                .do_nothing()
                .to_owned(),
        )
        .do_nothing()
        .exec(&txn)
        .await
        .context("tick bills")?;
    }
    let summary = summary(&txn, account_id).await.context("tick bills")?;
    if summary.count > MAX_BILLS_TOGETHER as u64 {
        txn.rollback().await.context("tick bills")?;
        return Err(refuse(ValidationError::TooMany { max: MAX_BILLS_TOGETHER }));
    }
    txn.commit().await.context("tick bills")?;
    Ok(summary)
}

/// Unticks every bill of the account.
pub async fn clear(db: &impl ConnectionTrait, account_id: i32) -> Result<(), AppError> {
    bill_selections::Entity::delete_many()
        .filter(bill_selections::Column::AccountId.eq(account_id))
        .exec(db)
        .await
        .context("untick bills")?;
    Ok(())
}

/// Whether these bills may go on one fapiao (see the module's rules; freedom is checked
/// against the database by the callers).
pub fn check_together(orders: &[orders::Model], limit: Fen) -> Result<(), ValidationError> {
    let Some(first) = orders.first() else { return Err(ValidationError::NoBillsSelected) };
    if orders.len() > MAX_BILLS_TOGETHER {
        return Err(ValidationError::TooMany { max: MAX_BILLS_TOGETHER });
    }
    let alike = |o: &&orders::Model| {
        o.customer_id == first.customer_id
            && o.currency == first.currency
            && o.tax_rate_percent == first.tax_rate_percent
    };
    if !orders.iter().all(|o| alike(&o)) {
        return Err(ValidationError::BillsNotAlike);
    }
    if total(orders) > limit {
        return Err(ValidationError::OverFapiaoLimit { limit: limit.to_string() });
    }
    Ok(())
}

/// `check_together`, and each bill still free (paid, in no active application): what applying
/// for bills together needs, checked when the selection becomes a draft and again on confirm.
pub async fn check_group(db: &impl ConnectionTrait, orders: &[orders::Model], limit: Fen) -> Result<(), AppError> {
    check_together(orders, limit).map_err(refuse)?;
    check_free(db, orders).await
}

/// 价税合计 of the bills together.
pub fn total(orders: &[orders::Model]) -> Fen {
    Fen::new(orders.iter().map(|o| o.amount_fen).sum())
}

/// 价税合计, 税率 and 税额 of one fapiao for these bills (one rate: `check_together`).
pub fn taxed_total(orders: &[orders::Model]) -> TaxedAmount {
    let rate = orders
        .first()
        .and_then(|o| u8::try_from(o.tax_rate_percent).ok())
        .and_then(|p| TaxRate::new(p).ok())
        .unwrap_or_default();
    TaxedAmount::from_total(total(orders), rate)
}

/// Starts one application for the ticked bills: checks them, makes the draft of the first
/// (the earliest paid) with the others attached, and clears the ticks. Returns the first
/// bill's order number, whose form the customer fills in next.
pub async fn apply(db: &sea_orm::DatabaseConnection, account_id: i32, limit: Fen) -> Result<String, AppError> {
    let ticked = crate::bills::service::visible_to(account_id)
        .filter(
            orders::Column::Id.in_subquery(
                Query::select()
                    .column(bill_selections::Column::OrderId)
                    .from(bill_selections::Entity)
                    .and_where(bill_selections::Column::AccountId.eq(account_id))
                    .to_owned(),
            ),
        )
        .order_by_asc(orders::Column::PaidAt)
        .order_by_asc(orders::Column::Id)
        .all(db)
        .await
        .context("read the ticked bills")?;
    check_group(db, &ticked, limit).await?;
    let (first, others) = ticked.split_first().ok_or_else(|| refuse(ValidationError::NoBillsSelected))?;
    let others: Vec<i32> = others.iter().map(|o| o.id).collect();
    let txn = begin_write(db).await.context("start an application for the ticked bills")?;
    crate::applications::service::start_together(&txn, account_id, first.id, &others)
        .await
        .context("start an application for the ticked bills")?;
    clear(&txn, account_id).await?;
    txn.commit().await.context("start an application for the ticked bills")?;
    Ok(first.order_number.clone())
}
