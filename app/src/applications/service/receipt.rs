//! 签收: the customer confirms that the paper fapiao sent by courier arrived. Recorded once
//! (`received_at`, a timeline entry); the staff queue shows it.

use super::lookup::callers_application;
use crate::backend::db::DbContext;
use crate::backend::entities::fapiao_applications;
use crate::backend::timeline;
use crate::backend::transaction::begin_write;
use crate::domain::{ApplicationEventKind, ApplicationStatus};
use crate::error::AppError;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// Records that the caller received the paper fapiao of their mailed application. Another
/// customer's application is `NotFound`; one not mailed (or already confirmed) is `Conflict`.
pub async fn confirm_receipt(db: &DatabaseConnection, account_id: i32, number: &str) -> Result<(), AppError> {
    let (application, _) = callers_application(db, account_id, number).await?;
    if application.status != ApplicationStatus::Mailed || application.received_at.is_some() {
        return Err(AppError::Conflict("only a mailed fapiao not yet confirmed is confirmed".into()));
    }
    let now = Utc::now();
    let txn = begin_write(db).await.context("confirm a receipt")?;
    let changed = fapiao_applications::Entity::update_many()
        .col_expr(fapiao_applications::Column::ReceivedAt, Expr::value(now))
        .filter(fapiao_applications::Column::Id.eq(application.id))
        .filter(fapiao_applications::Column::Status.eq(ApplicationStatus::Mailed.code()))
        .filter(fapiao_applications::Column::ReceivedAt.is_null())
        .exec(&txn)
        .await
        .context("confirm a receipt")?;
    if changed.rows_affected != 1 {
        return Err(AppError::Conflict("the application changed meanwhile".into()));
    }
    timeline::record(
        &txn,
        timeline::Event {
            application_id: application.id,
            kind: ApplicationEventKind::Received,
            from: Some(application.status),
            to: application.status,
            note: Some("客户已签收 / Received by the customer".into()),
            actor: Some(account_id),
            at: now,
        },
    )
    .await
    .context("confirm a receipt")?;
    txn.commit().await.context("confirm a receipt")?;
    Ok(())
}
