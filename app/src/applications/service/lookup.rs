//! Finding a bill and its application or draft for an account: what the other parts share.

use crate::backend::db::DbContext;
use crate::backend::entities::{application_bills, application_drafts, fapiao_applications, orders};
use crate::bills::service::find_for_account;
use crate::bills::{BillLine, Together};
use crate::domain::Fen;
use crate::error::AppError;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

pub(super) async fn order_of(
    db: &impl ConnectionTrait,
    account_id: i32,
    order_number: &str,
) -> Result<orders::Model, AppError> {
    find_for_account(db, account_id, order_number)
        .await
        .context("work on a fapiao application")?
        .ok_or(AppError::NotFound)
}

/// The application with this public number (whoever it belongs to: callers check).
pub async fn by_number(db: &impl ConnectionTrait, number: &str) -> Result<Option<fapiao_applications::Model>, DbErr> {
    fapiao_applications::Entity::find()
        .filter(fapiao_applications::Column::ApplicationNumber.eq(number.trim()))
        .one(db)
        .await
}

/// The caller's application with this number and its order: `NotFound` unless the caller sees
/// its bill (another customer's application looks exactly like one that does not exist).
pub(super) async fn callers_application(
    db: &impl ConnectionTrait,
    account_id: i32,
    number: &str,
) -> Result<(fapiao_applications::Model, orders::Model), AppError> {
    let application = by_number(db, number).await.context("find an application")?.ok_or(AppError::NotFound)?;
    let order = crate::bills::service::visible_to(account_id)
        .filter(orders::Column::Id.eq(application.order_id))
        .one(db)
        .await
        .context("find an application's bill")?
        .ok_or(AppError::NotFound)?;
    Ok((application, order))
}

/// The bill's application that still holds it, if any: alone or with other bills.
pub(super) async fn active_application(
    db: &impl ConnectionTrait,
    order_id: i32,
) -> Result<Option<fapiao_applications::Model>, DbErr> {
    fapiao_applications::Entity::find()
        .filter(
            fapiao_applications::Column::Id.in_subquery(
                Query::select()
                    .column(application_bills::Column::ApplicationId)
                    .from(application_bills::Entity)
                    .and_where(application_bills::Column::OrderId.eq(order_id))
                    .and_where(application_bills::Column::Released.eq(false))
                    .to_owned(),
            ),
        )
        .one(db)
        .await
}

/// Every bill of an application, its first bill first.
pub async fn bills_of(db: &impl ConnectionTrait, application_id: i32) -> Result<Vec<orders::Model>, DbErr> {
    let ids: Vec<i32> = application_bills::Entity::find()
        .select_only()
        .column(application_bills::Column::OrderId)
        .filter(application_bills::Column::ApplicationId.eq(application_id))
        .order_by_asc(application_bills::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    in_order(db, &ids).await
}

/// The orders with these ids, in the order of `ids`.
pub(super) async fn in_order(db: &impl ConnectionTrait, ids: &[i32]) -> Result<Vec<orders::Model>, DbErr> {
    let mut found = orders::Entity::find().filter(orders::Column::Id.is_in(ids.iter().copied())).all(db).await?;
    found.sort_by_key(|o| ids.iter().position(|id| *id == o.id));
    Ok(found)
}

/// The other bills of a draft made from ticked bills (`together_with`: order ids, comma-separated).
pub(super) fn together_ids(draft: Option<&application_drafts::Model>) -> Vec<i32> {
    draft
        .and_then(|d| d.together_with.as_deref())
        .map(|text| text.split(',').filter_map(|id| id.trim().parse().ok()).collect())
        .unwrap_or_default()
}

/// The bills of a fapiao for several, as pages list them; `None` for one bill.
pub fn together_view(bills: &[orders::Model]) -> Option<Together> {
    let taxed = crate::bills::selection::taxed_total(bills);
    (bills.len() > 1).then(|| Together {
        bills: bills
            .iter()
            .map(|o| BillLine {
                order_number: o.order_number.clone(),
                product: o.product.clone(),
                amount: Fen::new(o.amount_fen).to_string(),
            })
            .collect(),
        total: taxed.total.to_string(),
        total_fen: taxed.total.fen(),
        tax_rate: taxed.rate.to_string(),
        tax: taxed.tax.to_string(),
    })
}

/// Frees the bills of an application that was withdrawn or reversed, in its transaction: each
/// may be applied for again.
pub async fn release_bills(db: &impl ConnectionTrait, application_id: i32) -> Result<(), DbErr> {
    application_bills::Entity::update_many()
        .col_expr(application_bills::Column::Released, sea_orm::sea_query::Expr::value(true))
        .filter(application_bills::Column::ApplicationId.eq(application_id))
        .exec(db)
        .await?;
    Ok(())
}

pub(super) async fn draft_row(
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
