//! Splitting a bill into parts by amount: one bill, two fapiao (two titles, two deliveries).
//! The guide's rule stays — one title per bill — unless the customer asks for a split: staff
//! split the bill from the customer's split request (or the customer does, where the site
//! allows it). Each part is an order of its own (`{bill}-{n}`), applied for and issued like a
//! bill; the bill becomes `split`. The parts always sum to the bill: checked before, and again
//! in the transaction that writes them, which holds the bill's row so that a concurrent split
//! of the same bill waits and then replaces this one whole. A split can be redone while no part
//! was ever applied for.

use crate::backend::db::DbContext;
use crate::backend::entities::{application_bills, application_drafts, bill_selections, orders};
use crate::backend::transaction::begin_write;
use crate::domain::{Fen, OrderNumber, OrderStatus, ValidationError};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
    QuerySelect, Set,
};

/// The most parts of one bill.
pub const MAX_PARTS: usize = 20;

use crate::bills::SPLIT_FIELD as FIELD;

/// Who splits: staff (any bill) or the customer (a bill the account sees).
#[derive(Debug, Clone, Copy)]
pub enum Splitter {
    Staff,
    Customer(i32),
}

/// The parts' amounts as typed: yuan amounts separated by commas, spaces or 、.
pub fn parse_amounts(text: &str) -> Result<Vec<Fen>, ValidationError> {
    let amounts = text
        .split([',', '，', '、', ';', '；', ' ', '\n'])
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| {
            Fen::parse_yuan(a).and_then(|f| if f.fen() > 0 { Ok(f) } else { Err(ValidationError::AmountOutOfRange) })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if !(2..=MAX_PARTS).contains(&amounts.len()) {
        return Err(ValidationError::PartCount { max: MAX_PARTS });
    }
    Ok(amounts)
}

fn refuse(error: ValidationError) -> AppError {
    AppError::field(FIELD, error)
}

/// Splits the bill `order_number` into parts of `amounts` (yuan, as typed). Returns the parts'
/// order numbers.
pub async fn split(
    db: &DatabaseConnection,
    splitter: Splitter,
    order_number: &str,
    amounts: &str,
    now: DateTime<Utc>,
) -> Result<Vec<String>, AppError> {
    let number = OrderNumber::parse(order_number).map_err(|_| AppError::NotFound)?;
    let select = match splitter {
        Splitter::Staff => orders::Entity::find(),
        Splitter::Customer(account_id) => crate::bills::service::visible_to(account_id),
    };
    let bill = select
        .filter(orders::Column::OrderNumber.eq(number.as_ref()))
        .one(db)
        .await
        .context("split a bill")?
        .ok_or(AppError::NotFound)?;
    let amounts = parse_amounts(amounts).map_err(refuse)?;
    if bill.parent_order_id.is_some() || !matches!(bill.status, OrderStatus::Paid | OrderStatus::Split) {
        return Err(AppError::Conflict("only a paid bill is split, and a part is not split again".into()));
    }
    let parts = Fen::new(amounts.iter().map(|a| a.fen()).sum());
    if parts != Fen::new(bill.amount_fen) {
        let (bill, parts) = (Fen::new(bill.amount_fen).to_string(), parts.to_string());
        return Err(refuse(ValidationError::PartsDoNotSum { bill, parts }));
    }
    let numbers: Vec<String> = (1..=amounts.len()).map(|n| format!("{}-{n}", bill.order_number)).collect();
    if numbers.iter().any(|n| n.len() > OrderNumber::MAX_LEN) {
        return Err(AppError::Conflict("the bill's number is too long to number its parts".into()));
    }

    let txn = begin_write(db).await.context("split a bill")?;
    // The bill again, locked (PostgreSQL; SQLite's write lock is already held): a concurrent
    // split, or an application, waits for this one and then sees its result.
    let locked = orders::Entity::find_by_id(bill.id).lock_exclusive().one(&txn).await.context("split a bill")?;
    let old_parts: Vec<i32> = orders::Entity::find()
        .select_only()
        .column(orders::Column::Id)
        .filter(orders::Column::ParentOrderId.eq(bill.id))
        .into_tuple()
        .all(&txn)
        .await
        .context("split a bill")?;
    let mut bills = old_parts.clone();
    bills.push(bill.id);
    let applied = application_bills::Entity::find()
        .filter(application_bills::Column::OrderId.is_in(bills))
        .count(&txn)
        .await
        .context("split a bill")?;
    if !locked.is_some_and(|b| matches!(b.status, OrderStatus::Paid | OrderStatus::Split)) || applied > 0 {
        txn.rollback().await.context("split a bill")?;
        return Err(AppError::Conflict("the bill, or a part of it, was applied for".into()));
    }
    orders::Entity::update_many()
        .col_expr(orders::Column::Status, Expr::value(OrderStatus::Split.code()))
        .col_expr(orders::Column::UpdatedAt, Expr::value(now))
        .filter(orders::Column::Id.eq(bill.id))
        .exec(&txn)
        .await
        .context("split a bill")?;
    application_drafts::Entity::delete_many()
        .filter(application_drafts::Column::OrderId.is_in(old_parts.iter().copied().chain([bill.id])))
        .exec(&txn)
        .await
        .context("split a bill")?;
    // Ticked to go with other bills: the parts are ticked (or not) anew.
    bill_selections::Entity::delete_many()
        .filter(bill_selections::Column::OrderId.eq(bill.id))
        .exec(&txn)
        .await
        .context("split a bill")?;
    orders::Entity::delete_many()
        .filter(orders::Column::ParentOrderId.eq(bill.id))
        .exec(&txn)
        .await
        .context("split a bill")?;
    orders::Entity::insert_many(numbers.iter().zip(&amounts).map(|(number, amount)| orders::ActiveModel {
        created_at: Set(now),
        order_number: Set(number.clone()),
        customer_id: Set(bill.customer_id),
        product: Set(bill.product.clone()),
        amount_fen: Set(amount.fen()),
        currency: Set(bill.currency.clone()),
        payer_name: Set(bill.payer_name.clone()),
        buyer_email: Set(bill.buyer_email.clone()),
        status: Set(OrderStatus::Paid),
        paid_at: Set(bill.paid_at),
        synced_at: Set(now),
        updated_at: Set(now),
        tax_rate_percent: Set(bill.tax_rate_percent),
        parent_order_id: Set(Some(bill.id)),
        ..Default::default()
    }))
    .exec(&txn)
    .await
    .context("split a bill")?;
    if parts_total(&txn, bill.id).await.context("split a bill")? != bill.amount_fen {
        txn.rollback().await.context("split a bill")?;
        return Err(AppError::Conflict("the parts do not sum to the bill".into()));
    }
    txn.commit().await.context("split a bill")?;
    tracing::info!(order = %bill.order_number, parts = numbers.len(), "bill split");
    Ok(numbers)
}

/// The sum of a bill's parts, as the database holds them.
async fn parts_total(db: &impl ConnectionTrait, bill_id: i32) -> Result<i64, DbErr> {
    #[derive(FromQueryResult)]
    struct Total {
        total: Option<i64>,
    }
    let total = orders::Entity::find()
        .select_only()
        .column_as(
            Expr::col(orders::Column::AmountFen).sum().cast_as(sea_orm::sea_query::Alias::new("BIGINT")),
            "total",
        )
        .filter(orders::Column::ParentOrderId.eq(bill_id))
        .into_model::<Total>()
        .one(db)
        .await?;
    Ok(total.and_then(|t| t.total).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_as_a_person_types_them_and_two_to_twenty_parts_are_taken() {
        assert_eq!(parse_amounts("1000, 234.56").unwrap(), [Fen::new(100_000), Fen::new(23_456)]);
        assert_eq!(parse_amounts("1000.00，2、3 4").unwrap().len(), 4);
        assert_eq!(parse_amounts("1,000.00, 5"), Err(ValidationError::AmountOutOfRange), "a comma separates parts");
        assert_eq!(parse_amounts("100"), Err(ValidationError::PartCount { max: MAX_PARTS }));
        assert_eq!(parse_amounts(&"1 ".repeat(21)), Err(ValidationError::PartCount { max: MAX_PARTS }));
        assert_eq!(parse_amounts("100, 0"), Err(ValidationError::AmountOutOfRange));
        assert_eq!(parse_amounts("100, abc"), Err(ValidationError::BadFormat));
    }
}
