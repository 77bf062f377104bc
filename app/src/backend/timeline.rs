//! An application's timeline (`application_events`): the one place that records a step of an
//! application — submitted, a staff action, withdrawn — in the transaction of the change.

use crate::backend::entities::application_events;
use crate::domain::{ApplicationEventKind, ApplicationStatus};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

/// One step of an application's life.
#[derive(Debug, Clone)]
pub struct Event {
    pub application_id: i32,
    pub kind: ApplicationEventKind,
    /// The status before; `None` when the application was just created.
    pub from: Option<ApplicationStatus>,
    pub to: ApplicationStatus,
    /// Shown to the customer with the step (a reason, a tracking number …).
    pub note: Option<String>,
    /// Who did it; `None` for the system.
    pub actor: Option<i32>,
    pub at: DateTime<Utc>,
}

/// Records the event.
pub async fn record(db: &impl ConnectionTrait, event: Event) -> Result<(), DbErr> {
    application_events::ActiveModel {
        application_id: Set(event.application_id),
        kind: Set(event.kind),
        from_status: Set(event.from),
        to_status: Set(event.to),
        note: Set(event.note),
        actor_account_id: Set(event.actor),
        created_at: Set(event.at),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(drop)
}
