//! The email outbox. Every email is written here in the same transaction as the change that
//! causes it (pass the transaction as `db`), so a change never happens without its email and
//! an email never goes out for a change that was rolled back. The server's outbox worker
//! delivers the rows; without SMTP they stay here and show in the dev mailbox.

use crate::backend::entities::email_outbox;
use crate::domain::EmailAddress;
use crate::domain::OutboxStatus;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

/// A file an email carries, read from the file store when the email is sent.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Attachment {
    pub file_name: String,
    pub content_type: String,
    /// The file's key in the file store (`site.files_dir`).
    pub storage_key: String,
}

/// An email to be sent.
#[derive(Debug, Clone)]
pub struct OutgoingEmail {
    pub to: EmailAddress,
    /// What the email is for (`activation`, `order_confirmation`, …): for the dev mailbox,
    /// logs and support.
    pub kind: &'static str,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    pub attachments: Vec<Attachment>,
}

/// Queues an email for delivery as soon as possible. Returns the outbox row id.
pub async fn enqueue(db: &impl ConnectionTrait, email: OutgoingEmail) -> Result<i32, DbErr> {
    let now = Utc::now();
    let row = email_outbox::ActiveModel {
        to_address: Set(email.to.to_string()),
        kind: Set(email.kind.to_owned()),
        subject: Set(email.subject),
        body_text: Set(email.body_text),
        body_html: Set(email.body_html),
        status: Set(OutboxStatus::Pending),
        attempts: Set(0),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        last_error: Set(None),
        sent_at: Set(None),
        attachments: Set((!email.attachments.is_empty())
            .then(|| serde_json::to_string(&email.attachments).map_err(|e| DbErr::Custom(e.to_string())))
            .transpose()?),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}
