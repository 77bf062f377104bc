//! Withdrawing an application (撤销): by the customer while the service center has not started
//! on it (已提交), which frees the bill for a new application; and as the first half of
//! correcting a returned one (`draft::reopen_rejected`). After that it is a support matter.

use super::lookup::callers_application;
use crate::backend::db::DbContext;
use crate::backend::entities::fapiao_applications;
use crate::backend::timeline;
use crate::backend::transaction::begin_write;
use crate::domain::{ApplicationEventKind, ApplicationStatus};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// Withdraws the caller's application while it is 已提交. Another customer's application is
/// `NotFound`; one the service center has started on (or that changed meanwhile) is `Conflict`,
/// and nothing changes.
pub async fn withdraw(db: &DatabaseConnection, account_id: i32, number: &str) -> Result<(), AppError> {
    let (application, _) = callers_application(db, account_id, number).await?;
    if application.status != ApplicationStatus::Submitted {
        return Err(AppError::Conflict(
            "only an application the service center has not started on is withdrawn".into(),
        ));
    }
    let txn = begin_write(db).await.context("withdraw an application")?;
    let note = "客户撤销申请 / Withdrawn by the customer";
    mark_withdrawn(&txn, &application, account_id, note, Utc::now()).await?;
    txn.commit().await.context("withdraw an application")?;
    Ok(())
}

/// Marks `application` withdrawn in `txn`, if it is still as it was read (its version and
/// status: staff who started on it meanwhile win, `Conflict`), with the timeline entry.
pub(super) async fn mark_withdrawn(
    txn: &impl ConnectionTrait,
    application: &fapiao_applications::Model,
    account_id: i32,
    note: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    use sea_orm::sea_query::Expr;
    let changed = fapiao_applications::Entity::update_many()
        .col_expr(fapiao_applications::Column::Status, Expr::value(ApplicationStatus::Withdrawn.code()))
        .col_expr(fapiao_applications::Column::Version, Expr::value(application.version + 1))
        .col_expr(fapiao_applications::Column::UpdatedAt, Expr::value(now))
        .filter(fapiao_applications::Column::Id.eq(application.id))
        .filter(fapiao_applications::Column::Version.eq(application.version))
        .filter(fapiao_applications::Column::Status.eq(application.status.code()))
        .exec(txn)
        .await
        .context("withdraw an application")?;
    if changed.rows_affected != 1 {
        return Err(AppError::Conflict("the application changed meanwhile".into()));
    }
    super::lookup::release_bills(txn, application.id).await.context("withdraw an application")?;
    timeline::record(
        txn,
        timeline::Event {
            application_id: application.id,
            kind: ApplicationEventKind::Withdrawn,
            from: Some(application.status),
            to: ApplicationStatus::Withdrawn,
            note: Some(note.to_owned()),
            actor: Some(account_id),
            at: now,
        },
    )
    .await
    .context("withdraw an application")?;
    Ok(())
}
