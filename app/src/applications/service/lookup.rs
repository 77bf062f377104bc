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
