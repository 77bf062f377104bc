//! Delivering the email outbox over SMTP (lettre). Several server processes may run the worker
//! against one database: a row is claimed with a compare-and-set on `locked_until` before it
//! is sent, so each email is sent by one worker. Failures are retried with exponential
//! backoff; a mail server that is down or slow delays mail but loses none.

use crate::config::SmtpSettings;
use anyhow::Context;
use app::backend::entities::email_outbox;
use app::domain::OutboxStatus;
use chrono::{DateTime, Utc};
use lettre::message::{Attachment, Mailbox, MultiPart, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use secrecy::ExposeSecret;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// After this many failed attempts an email is marked failed (about two days of retries).
pub const MAX_ATTEMPTS: i32 = 20;
/// How long a claimed email is reserved for the worker that claimed it.
const CLAIM: Duration = Duration::from_secs(120);
/// How often the worker looks for due email.
const POLL_INTERVAL: Duration = Duration::from_secs(2);
const BATCH: u64 = 20;

/// Wait before attempt `attempts + 1`: `first` (30 s by default), then twice as long each
/// time, capped at 4 h.
pub fn backoff(attempts: i32, first: Duration) -> Duration {
    let exponent = attempts.clamp(1, 20) as u32 - 1;
    first.saturating_mul(1 << exponent).min(Duration::from_secs(4 * 3600))
}

/// An SMTP connection pool and the From address.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    first_retry: Duration,
}

impl Mailer {
    pub fn from_settings(settings: &SmtpSettings) -> anyhow::Result<Self> {
        let builder = match settings.security.as_str() {
            "none" => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host),
            "starttls" => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&settings.host)
                .context("Invalid SMTP host for STARTTLS")?,
            "tls" => {
                AsyncSmtpTransport::<Tokio1Executor>::relay(&settings.host).context("Invalid SMTP host for TLS")?
            }
            other => anyhow::bail!("smtp.security must be none, starttls or tls, not {other:?}"),
        };
        let mut builder = builder.port(settings.port).timeout(Some(Duration::from_secs(20)));
        if let (Some(username), Some(password)) = (&settings.username, &settings.password) {
            builder = builder.credentials(Credentials::new(username.clone(), password.expose_secret().to_owned()));
        }
        let from =
            settings.from.parse().with_context(|| format!("smtp.from is not a valid address: {}", settings.from))?;
        Ok(Self { transport: builder.build(), from, first_retry: Duration::from_secs(settings.retry_after_seconds) })
    }

    /// Sends one outbox row; its attachments are read from `files_dir` now (a file that cannot
    /// be read fails this attempt, which is retried like any other failure).
    async fn send(&self, row: &email_outbox::Model, files_dir: Option<&Path>) -> anyhow::Result<()> {
        let to: Mailbox = row.to_address.parse().context("The recipient address is not valid")?;
        let builder = Message::builder().from(self.from.clone()).to(to).subject(row.subject.clone());
        let attachments: Vec<app::backend::outbox::Attachment> = match &row.attachments {
            Some(json) => serde_json::from_str(json).context("The email's attachment list is not readable")?,
            None => Vec::new(),
        };
        let message = if attachments.is_empty() {
            match &row.body_html {
                Some(html) => builder.multipart(MultiPart::alternative_plain_html(row.body_text.clone(), html.clone())),
                None => builder.header(ContentType::TEXT_PLAIN).body(row.body_text.clone()),
            }
        } else {
            let dir = files_dir.context("The outbox worker has no file store to read attachments from")?;
            let body = match &row.body_html {
                Some(html) => MultiPart::alternative_plain_html(row.body_text.clone(), html.clone()),
                None => MultiPart::mixed().singlepart(lettre::message::SinglePart::plain(row.body_text.clone())),
            };
            let mut mixed = MultiPart::mixed().multipart(body);
            for file in &attachments {
                let bytes = tokio::fs::read(dir.join(&file.storage_key))
                    .await
                    .with_context(|| format!("Failed to read the attachment {}", file.storage_key))?;
                let content_type = ContentType::parse(&file.content_type).unwrap_or(ContentType::TEXT_PLAIN);
                mixed = mixed.singlepart(Attachment::new(file.file_name.clone()).body(bytes, content_type));
            }
            builder.multipart(mixed)
        }
        .context("Failed to build the email")?;
        self.transport.send(message).await.context("The SMTP server did not accept the email")?;
        Ok(())
    }
}

/// Delivers due outbox rows.
pub struct OutboxWorker {
    db: DatabaseConnection,
    mailer: Mailer,
    /// Where attachments (the e-fapiao files) are read from.
    files_dir: Option<PathBuf>,
}

/// What one pass of the worker did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

impl OutboxWorker {
    pub fn new(db: DatabaseConnection, mailer: Mailer) -> Self {
        Self { db, mailer, files_dir: None }
    }

    /// Reads attachments from this file store (`site.files_dir`).
    #[must_use]
    pub fn with_files_dir(mut self, dir: PathBuf) -> Self {
        self.files_dir = Some(dir);
        self
    }

    /// Runs passes until `stop` turns true.
    pub async fn run(self, mut stop: tokio::sync::watch::Receiver<bool>) {
        loop {
            if let Err(error) = self.run_once(Utc::now()).await {
                tracing::warn!(error = format!("{error:#}"), "email outbox pass failed; retrying");
            }
            tokio::select! {
                _ = stop.wait_for(|stop| *stop) => return,
                () = tokio::time::sleep(POLL_INTERVAL) => {}
            }
        }
    }

    /// One pass: claims the due emails and tries each once. `now` is a parameter so tests can
    /// step through the backoff without waiting.
    pub async fn run_once(&self, now: DateTime<Utc>) -> anyhow::Result<Pass> {
        let due = email_outbox::Entity::find()
            .filter(email_outbox::Column::Status.eq(OutboxStatus::Pending))
            .filter(email_outbox::Column::NextAttemptAt.lte(now))
            .filter(unclaimed(now))
            .order_by_asc(email_outbox::Column::NextAttemptAt)
            .limit(BATCH)
            .all(&self.db)
            .await
            .context("Failed to read the email outbox")?;
        let mut pass = Pass::default();
        for row in due {
            if !self.claim(&row, now).await? {
                continue; // another worker took it
            }
            match self.mailer.send(&row, self.files_dir.as_deref()).await {
                Ok(()) => {
                    self.finish(&row, now, Ok(())).await?;
                    pass.sent += 1;
                }
                Err(error) => {
                    let gave_up = self.finish(&row, now, Err(format!("{error:#}"))).await?;
                    tracing::warn!(
                        email_id = row.id,
                        attempts = row.attempts + 1,
                        error = format!("{error:#}"),
                        "email delivery failed"
                    );
                    if gave_up { pass.failed += 1 } else { pass.retried += 1 }
                }
            }
        }
        Ok(pass)
    }

    /// Reserves a row for this worker; false if another worker got there first.
    async fn claim(&self, row: &email_outbox::Model, now: DateTime<Utc>) -> anyhow::Result<bool> {
        let claimed = email_outbox::Entity::update_many()
            .col_expr(email_outbox::Column::LockedUntil, Expr::value(now + CLAIM))
            .filter(email_outbox::Column::Id.eq(row.id))
            .filter(email_outbox::Column::Status.eq(OutboxStatus::Pending))
            .filter(unclaimed(now))
            .exec(&self.db)
            .await
            .context("Failed to claim an email")?;
        Ok(claimed.rows_affected == 1)
    }

    /// Records the outcome of an attempt; returns whether the email was given up.
    async fn finish(
        &self,
        row: &email_outbox::Model,
        now: DateTime<Utc>,
        outcome: Result<(), String>,
    ) -> anyhow::Result<bool> {
        let attempts = row.attempts + 1;
        let update = email_outbox::Entity::update_many()
            .col_expr(email_outbox::Column::Attempts, Expr::value(attempts))
            .col_expr(email_outbox::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .filter(email_outbox::Column::Id.eq(row.id));
        let (update, gave_up) = match outcome {
            Ok(()) => (
                update
                    .col_expr(email_outbox::Column::Status, Expr::value(OutboxStatus::Sent))
                    .col_expr(email_outbox::Column::SentAt, Expr::value(now))
                    .col_expr(email_outbox::Column::LastError, Expr::value(Option::<String>::None)),
                false,
            ),
            Err(error) => {
                let gave_up = attempts >= MAX_ATTEMPTS;
                let error: String = error.chars().take(1000).collect();
                (
                    update
                        .col_expr(
                            email_outbox::Column::Status,
                            Expr::value(if gave_up { OutboxStatus::Failed } else { OutboxStatus::Pending }),
                        )
                        .col_expr(
                            email_outbox::Column::NextAttemptAt,
                            Expr::value(now + backoff(attempts, self.mailer.first_retry)),
                        )
                        .col_expr(email_outbox::Column::LastError, Expr::value(error)),
                    gave_up,
                )
            }
        };
        update.exec(&self.db).await.context("Failed to record an email delivery attempt")?;
        Ok(gave_up)
    }
}

fn unclaimed(now: DateTime<Utc>) -> Condition {
    Condition::any().add(email_outbox::Column::LockedUntil.is_null()).add(email_outbox::Column::LockedUntil.lt(now))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIRST: Duration = Duration::from_secs(30);

    #[test]
    fn backoff_doubles_from_the_first_wait_and_is_capped() {
        assert_eq!(backoff(1, FIRST), Duration::from_secs(30));
        assert_eq!(backoff(2, FIRST), Duration::from_secs(60));
        assert_eq!(backoff(5, FIRST), Duration::from_secs(480));
        assert_eq!(backoff(MAX_ATTEMPTS, FIRST), Duration::from_secs(4 * 3600));
        assert_eq!(backoff(i32::MAX, FIRST), Duration::from_secs(4 * 3600));
        assert_eq!(backoff(3, Duration::from_secs(1)), Duration::from_secs(4));
    }

    #[test]
    fn twenty_attempts_span_about_two_days() {
        let total: Duration = (1..MAX_ATTEMPTS).map(|attempt| backoff(attempt, FIRST)).sum();
        assert!(total > Duration::from_secs(24 * 3600) && total < Duration::from_secs(72 * 3600), "{total:?}");
    }
}
