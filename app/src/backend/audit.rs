//! The audit writer: every change staff make is recorded in the transaction of the change
//! (`/admin/audit` reads the rows).

use crate::backend::entities::audit_log;
use crate::backend::request::AuditContext;
use crate::backend::sessions::CurrentAccount;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

/// One row of the audit log: who did what to which record, when, from where.
#[allow(clippy::too_many_arguments)]
pub async fn audit(
    db: &impl ConnectionTrait,
    actor: &CurrentAccount,
    action: &str,
    target_type: &str,
    target_id: &str,
    detail: Option<&str>,
    context: &AuditContext,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    audit_log::ActiveModel {
        actor_account_id: Set(Some(actor.account_id)),
        action: Set(action.to_owned()),
        target_type: Set(target_type.to_owned()),
        target_id: Set(Some(target_id.to_owned())),
        detail: Set(detail.map(str::to_owned)),
        ip: Set(Some(context.ip.chars().take(45).collect())),
        user_agent: Set(context.user_agent.clone()),
        request_id: Set(context.request_id.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(drop)
}
