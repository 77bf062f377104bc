//! Reading the audit log (rows are written by `backend::audit` in the transaction of the
//! change they record).

use crate::admin::audit::{AuditPage, AuditRow};
use crate::backend::db::DbContext;
use crate::backend::entities::{accounts, audit_log};
use crate::backend::search::contains_ignoring_case;
use crate::error::AppError;
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

const PAGE: u64 = 50;

pub async fn list(db: &DatabaseConnection, q: &str, before: Option<i32>) -> Result<AuditPage, AppError> {
    let q = q.trim();
    let mut select = audit_log::Entity::find().order_by_desc(audit_log::Column::Id).limit(PAGE + 1);
    if let Some(before) = before {
        select = select.filter(audit_log::Column::Id.lt(before));
    }
    if !q.is_empty() {
        let actors: Vec<i32> = accounts::Entity::find()
            .select_only()
            .column(accounts::Column::Id)
            .filter(contains_ignoring_case(accounts::Column::Email, q))
            .into_tuple()
            .all(db)
            .await
            .context("read the audit log")?;
        select = select.filter(
            Condition::any()
                .add(contains_ignoring_case(audit_log::Column::Action, q))
                .add(contains_ignoring_case(audit_log::Column::TargetId, q))
                .add(audit_log::Column::ActorAccountId.is_in(actors)),
        );
    }
    let mut rows = select.all(db).await.context("read the audit log")?;
    let older = (rows.len() as u64 > PAGE).then(|| rows[PAGE as usize - 1].id);
    rows.truncate(PAGE as usize);

    let actor_ids: Vec<i32> = rows.iter().filter_map(|r| r.actor_account_id).collect();
    let emails: HashMap<i32, String> = accounts::Entity::find()
        .filter(accounts::Column::Id.is_in(actor_ids))
        .all(db)
        .await
        .context("read the audit log")?
        .into_iter()
        .map(|a| (a.id, a.email))
        .collect();
    let rows = rows
        .into_iter()
        .map(|r| AuditRow {
            id: r.id,
            at: r
                .created_at
                .with_timezone(&crate::backend::time::china_offset())
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
            actor: r.actor_account_id.and_then(|id| emails.get(&id).cloned()),
            action: r.action,
            target: format!("{} {}", r.target_type, r.target_id.unwrap_or_default()).trim().to_owned(),
            detail: r.detail,
            ip: r.ip,
        })
        .collect();
    Ok(AuditPage { rows, older })
}
