//! Finding a bill and its application or draft for an account: what the other parts share.

use crate::backend::db::DbContext;
use crate::backend::entities::{application_drafts, fapiao_applications, orders};
use crate::bills::service::find_for_account;
use crate::domain::ApplicationStatus;
use crate::error::AppError;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

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

/// The bill's application that still holds it, if any.
pub(super) async fn active_application(
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
