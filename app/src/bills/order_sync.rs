//! Orders and payments pushed by the billing platform (the webhook) or imported from a file
//! (the CLI): one code path. A batch is checked whole before anything is stored, then stored
//! in one transaction: idempotent by order number (the same order again, or with a later
//! status, updates its one row). A newly paid order queues its confirmation email.

use crate::backend::emails::{Email, MailLanguage, compose};
use crate::backend::entities::{customers, orders};
use crate::backend::outbox;
use crate::backend::transaction::begin_write;
use crate::domain::OrderStatus;
use crate::domain::{EmailAddress, Fen, OrderNumber, TaxRate};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
};
use serde::{Deserialize, Serialize};

/// The most orders one push or file may carry.
pub const MAX_BATCH: usize = 5_000;

/// One order as the billing platform sends it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IncomingOrder {
    pub order_number: String,
    /// The billing platform's id of the customer.
    pub customer_ref: String,
    pub customer_name: String,
    pub product: String,
    pub amount_fen: i64,
    #[serde(default = "cny")]
    pub currency: String,
    pub payer_name: String,
    pub buyer_email: String,
    /// `pending`, `paid` or `refunded`.
    pub status: String,
    /// RFC 3339; required once paid.
    #[serde(default)]
    pub paid_at: Option<DateTime<Utc>>,
}

fn cny() -> String {
    "CNY".to_owned()
}

/// The webhook's body: `{"orders": [...]}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderBatch {
    pub orders: Vec<IncomingOrder>,
}

/// What a sync changed.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Order confirmation emails queued (newly paid orders).
    pub emails_queued: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The batch was refused; nothing was stored.
    #[error("order {index}: {field} {reason}")]
    Invalid { index: usize, field: &'static str, reason: String },
    #[error("the batch has {0} orders; at most {MAX_BATCH} are accepted at once")]
    TooMany(usize),
    #[error("the database failed: {0}")]
    Database(#[from] DbErr),
}

struct ValidOrder {
    order_number: OrderNumber,
    customer_ref: String,
    customer_name: String,
    product: String,
    amount: Fen,
    payer_name: String,
    buyer_email: EmailAddress,
    status: OrderStatus,
    paid_at: Option<DateTime<Utc>>,
}

fn text(value: &str, max: usize) -> Result<String, String> {
    let value = value.trim();
    match value.chars().count() {
        0 => Err("is empty".into()),
        n if n > max => Err(format!("is longer than {max} characters")),
        _ if value.chars().any(char::is_control) => Err("contains control characters".into()),
        _ => Ok(value.to_owned()),
    }
}

fn validate(index: usize, order: &IncomingOrder) -> Result<ValidOrder, SyncError> {
    let invalid = |field: &'static str| move |reason: String| SyncError::Invalid { index, field, reason };
    let order_number = OrderNumber::parse(&order.order_number).map_err(|e| invalid("order_number")(e.to_string()))?;
    let status = OrderStatus::parse(&order.status)
        .map_err(|_| invalid("status")(format!("{:?} is not pending, paid or refunded", order.status)))?;
    if status != OrderStatus::Pending && order.paid_at.is_none() {
        return Err(invalid("paid_at")("is required for a paid or refunded order".into()));
    }
    if order.currency != "CNY" {
        return Err(invalid("currency")(format!("{:?} is not CNY", order.currency)));
    }
    if order.amount_fen <= 0 || order.amount_fen > Fen::MAX.fen() {
        return Err(invalid("amount_fen")(format!("{} is out of range", order.amount_fen)));
    }
    Ok(ValidOrder {
        order_number,
        customer_ref: text(&order.customer_ref, 64).map_err(invalid("customer_ref"))?,
        customer_name: text(&order.customer_name, 200).map_err(invalid("customer_name"))?,
        product: text(&order.product, 200).map_err(invalid("product"))?,
        amount: Fen::new(order.amount_fen),
        payer_name: text(&order.payer_name, 200).map_err(invalid("payer_name"))?,
        buyer_email: EmailAddress::parse(&order.buyer_email).map_err(|e| invalid("buyer_email")(e.to_string()))?,
        status,
        paid_at: order.paid_at,
    })
}

/// The VAT rate of each product (configuration `site.tax_rates`), recorded on an order when
/// it is first synced: the rate of the sale, printed on its fapiao.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaxRates {
    pub default: TaxRate,
    pub by_product: std::collections::BTreeMap<String, TaxRate>,
}

impl TaxRates {
    pub fn rate_for(&self, product: &str) -> TaxRate {
        self.by_product.get(product).copied().unwrap_or(self.default)
    }
}

/// Checks every order, then stores them all in one transaction.
pub async fn sync(
    db: &DatabaseConnection,
    batch: &[IncomingOrder],
    base_url: &str,
    tax_rates: &TaxRates,
) -> Result<SyncReport, SyncError> {
    if batch.len() > MAX_BATCH {
        return Err(SyncError::TooMany(batch.len()));
    }
    let valid = batch.iter().enumerate().map(|(i, o)| validate(i, o)).collect::<Result<Vec<_>, _>>()?;
    let txn = begin_write(db).await?;
    let mut report = SyncReport::default();
    for order in &valid {
        store(&txn, order, base_url, tax_rates.rate_for(&order.product), &mut report).await?;
    }
    txn.commit().await?;
    Ok(report)
}

async fn customer_id(db: &impl ConnectionTrait, order: &ValidOrder) -> Result<i32, DbErr> {
    customers::Entity::insert(customers::ActiveModel {
        external_ref: Set(order.customer_ref.clone()),
        name: Set(order.customer_name.clone()),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict(OnConflict::column(customers::Column::ExternalRef).do_nothing().to_owned())
    .do_nothing()
    .exec(db)
    .await?;
    let customer = customers::Entity::find()
        .filter(customers::Column::ExternalRef.eq(order.customer_ref.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the customer just stored".into()))?;
    if customer.name != order.customer_name {
        let mut renamed: customers::ActiveModel = customer.clone().into();
        renamed.name = Set(order.customer_name.clone());
        renamed.update(db).await?;
    }
    Ok(customer.id)
}

async fn store(
    db: &impl ConnectionTrait,
    order: &ValidOrder,
    base_url: &str,
    tax_rate: TaxRate,
    report: &mut SyncReport,
) -> Result<(), DbErr> {
    let now = Utc::now();
    let customer_id = customer_id(db, order).await?;
    let existing =
        orders::Entity::find().filter(orders::Column::OrderNumber.eq(order.order_number.as_ref())).one(db).await?;
    let (newly_paid, order_id) = match existing {
        None => {
            let row = orders::ActiveModel {
                order_number: Set(order.order_number.to_string()),
                customer_id: Set(customer_id),
                product: Set(order.product.clone()),
                amount_fen: Set(order.amount.fen()),
                tax_rate_percent: Set(i16::from(tax_rate.percent())),
                currency: Set("CNY".into()),
                payer_name: Set(order.payer_name.clone()),
                buyer_email: Set(order.buyer_email.to_string()),
                status: Set(order.status),
                paid_at: Set(order.paid_at),
                synced_at: Set(now),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
            report.created += 1;
            (order.status == OrderStatus::Paid, row.id)
        }
        Some(row) => {
            // A refund is final: a late "paid" for a refunded order changes nothing. Payment
            // never goes back either: a "pending" after "paid" (late, or replayed) changes nothing.
            // A split bill stays split (its parts take the fapiao) unless refunded.
            let status = match (row.status, order.status) {
                (OrderStatus::Refunded, _) => OrderStatus::Refunded,
                (OrderStatus::Paid, OrderStatus::Pending) => OrderStatus::Paid,
                (OrderStatus::Split, OrderStatus::Refunded) => OrderStatus::Refunded,
                (OrderStatus::Split, _) => OrderStatus::Split,
                (_, incoming) => incoming,
            };
            if row.status == OrderStatus::Split && status == OrderStatus::Refunded {
                // Refunding a split bill refunds its parts: their fapiao then need a 红冲.
                orders::Entity::update_many()
                    .col_expr(orders::Column::Status, sea_orm::sea_query::Expr::value(OrderStatus::Refunded.code()))
                    .col_expr(orders::Column::UpdatedAt, sea_orm::sea_query::Expr::value(now))
                    .filter(orders::Column::ParentOrderId.eq(row.id))
                    .exec(db)
                    .await?;
            }
            let same = row.customer_id == customer_id
                && row.product == order.product
                && row.amount_fen == order.amount.fen()
                && row.payer_name == order.payer_name
                && row.buyer_email == order.buyer_email.as_ref()
                && row.status == status
                && row.paid_at == order.paid_at.or(row.paid_at);
            if same {
                report.unchanged += 1;
                (false, row.id)
            } else {
                let newly_paid = row.status == OrderStatus::Pending && status == OrderStatus::Paid;
                let mut changed: orders::ActiveModel = row.clone().into();
                changed.customer_id = Set(customer_id);
                changed.product = Set(order.product.clone());
                changed.amount_fen = Set(order.amount.fen());
                changed.payer_name = Set(order.payer_name.clone());
                changed.buyer_email = Set(order.buyer_email.to_string());
                changed.status = Set(status);
                changed.paid_at = Set(order.paid_at.or(row.paid_at));
                changed.synced_at = Set(now);
                changed.updated_at = Set(now);
                changed.update(db).await?;
                report.updated += 1;
                (newly_paid, row.id)
            }
        }
    };
    if newly_paid {
        let claim = crate::access::service::issue_claim(db, order_id, now).await?;
        let email = Email::OrderConfirmation {
            order_number: order.order_number.as_ref(),
            product: &order.product,
            amount: order.amount,
            claim: &claim,
        };
        let email = compose(order.buyer_email.clone(), MailLanguage::Both, base_url, &email);
        outbox::enqueue(db, email).await?;
        report.emails_queued += 1;
    }
    Ok(())
}
