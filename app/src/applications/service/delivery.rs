//! The e-fapiao reaches the addresses the customer typed. At issue (and on a resend) each
//! address gets an email in the customer's language with the fapiao's facts and its files:
//! attached when together at most `MAX_ATTACHED_BYTES`, otherwise a download link that works
//! without login for `LINK_VALIDITY` and only for this fapiao's files. Every sending goes
//! through the outbox (retries included), is one `fapiao_deliveries` row and one timeline step
//! ("sent to …"), in the transaction of the change that causes it.

use super::lookup::{by_number, callers_application};
use crate::backend::AppState;
use crate::backend::audit::audit;
use crate::backend::db::DbContext;
use crate::backend::emails::{Email, MailLanguage, compose};
use crate::backend::entities::{accounts, fapiao_applications, fapiao_deliveries, fapiao_files, issued_fapiao};
use crate::backend::outbox::{Attachment, enqueue};
use crate::backend::rate_limit::{self, Limit};
use crate::backend::request::AuditContext;
use crate::backend::sessions::{CurrentAccount, hash_token, new_token};
use crate::backend::timeline;
use crate::backend::transaction::begin_write;
use crate::domain::{ApplicationEventKind, EmailAddress, Medium, Role};
use crate::error::AppError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};

/// Files up to this size together travel as attachments (most mail providers take 20–25 MB;
/// 10 MB leaves room for the encoding). Larger ones get a download link.
const MAX_ATTACHED_BYTES: i64 = 10 * 1024 * 1024;
/// How long a download link works.
const LINK_VALIDITY: Duration = Duration::days(30);
/// Resends of one application's fapiao within a day (customer and staff together): enough to
/// fix a mistyped address, not enough to use us as a mail cannon.
const RESENDS_PER_DAY: u64 = 10;

/// Sends the issued fapiao's files to each of `to`, in the caller's transaction `db`.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn send(
    db: &impl ConnectionTrait,
    base_url: &str,
    application: &fapiao_applications::Model,
    issued: &issued_fapiao::Model,
    to: &[EmailAddress],
    requested_by: Option<i32>,
    actor: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let files = fapiao_files::Entity::find()
        .filter(fapiao_files::Column::IssuedFapiaoId.eq(issued.id))
        .order_by_asc(fapiao_files::Column::Id)
        .all(db)
        .await?;
    let total: i64 = files.iter().map(|f| f.size_bytes).sum();
    let attach = total <= MAX_ATTACHED_BYTES;
    let names: Vec<String> =
        files.iter().map(|f| format!("{} ({} KB)", f.file_name, (f.size_bytes + 1023) / 1024)).collect();
    let language = match accounts::Entity::find_by_id(application.account_id).one(db).await? {
        Some(account) => MailLanguage::of_account(&account.locale),
        None => MailLanguage::Both,
    };
    let taxed = super::view::issued_taxed(issued);
    let bills = super::lookup::bills_of(db, application.id).await?;
    let order_numbers = bills.iter().map(|o| o.order_number.as_str()).collect::<Vec<_>>().join(", ");
    let issue_date = issued.issue_date.format("%Y-%m-%d").to_string();
    for address in to {
        let token = (!attach).then(new_token);
        let link = token.as_ref().map(|t| crate::urls::fapiao_download(base_url, t));
        let email = Email::FapiaoIssued {
            number: &application.application_number,
            fapiao_number: &issued.fapiao_number,
            issue_date: &issue_date,
            taxed,
            buyer: &application.title,
            order_numbers: &order_numbers,
            kind: (application.fapiao_type, application.medium),
            files: &names,
            link: link.as_deref(),
        };
        let mut outgoing = compose(address.clone(), language, base_url, &email);
        if attach {
            outgoing.attachments = files
                .iter()
                .map(|f| Attachment {
                    file_name: f.file_name.clone(),
                    content_type: f.content_type.clone(),
                    storage_key: f.storage_key.clone(),
                })
                .collect();
        }
        let outbox_id = enqueue(db, outgoing).await?;
        fapiao_deliveries::ActiveModel {
            created_at: Set(now),
            application_id: Set(application.id),
            issued_fapiao_id: Set(issued.id),
            to_address: Set(address.to_string()),
            outbox_id: Set(Some(outbox_id)),
            link_token_hash: Set(token.as_deref().map(hash_token)),
            link_expires_at: Set(token.as_ref().map(|_| now + LINK_VALIDITY)),
            requested_by: Set(requested_by),
            ..Default::default()
        }
        .insert(db)
        .await?;
        timeline::record(
            db,
            timeline::Event {
                application_id: application.id,
                kind: ApplicationEventKind::Delivered,
                from: Some(application.status),
                to: application.status,
                note: Some(format!("发票已发送至 {address} / E-fapiao sent to {address}")),
                actor,
                at: now,
            },
        )
        .await?;
    }
    Ok(())
}

/// Sends the fapiao again, to the same or a corrected address: for the customer whose bill it
/// is, and for staff. Only an issued, not reversed e-fapiao.
pub async fn resend(
    state: &AppState,
    caller: &CurrentAccount,
    number: &str,
    to: &str,
    context: AuditContext,
) -> Result<(), AppError> {
    let db = &state.db;
    let now = Utc::now();
    let address = EmailAddress::parse(to).map_err(|e| AppError::field("resend_to", e))?;
    let application = match caller.role {
        Role::Customer => callers_application(db, caller.account_id, number).await?.0,
        Role::Staff | Role::Admin => {
            by_number(db, number).await.context("find an application")?.ok_or(AppError::NotFound)?
        }
    };
    let issued = current_fapiao(db, application.id).await.context("find the issued fapiao")?;
    let Some(issued) = issued.filter(|_| application.medium == Medium::Electronic) else {
        return Err(AppError::Conflict(
            "这份申请没有可发送的数电发票。/ This application has no issued e-fapiao to send.".into(),
        ));
    };
    let txn = begin_write(db).await.context("resend a fapiao")?;
    let limit = Limit::new("fapiao_resend", &application.application_number, RESENDS_PER_DAY, Duration::days(1));
    rate_limit::check(&txn, &[limit], now).await?;
    send(
        &txn,
        &state.site.public_base_url,
        &application,
        &issued,
        std::slice::from_ref(&address),
        Some(caller.account_id),
        Some(caller.account_id),
        now,
    )
    .await
    .context("resend a fapiao")?;
    if caller.role != Role::Customer {
        let note = format!("to {address}");
        audit(
            &txn,
            caller,
            "application.resend",
            "application",
            &application.application_number,
            Some(&note),
            &context,
            now,
        )
        .await
        .context("resend a fapiao")?;
    }
    txn.commit().await.context("resend a fapiao")?;
    Ok(())
}

/// The application's issued fapiao that is not reversed.
pub(crate) async fn current_fapiao(
    db: &impl ConnectionTrait,
    application_id: i32,
) -> Result<Option<issued_fapiao::Model>, DbErr> {
    issued_fapiao::Entity::find()
        .filter(issued_fapiao::Column::ApplicationId.eq(application_id))
        .filter(issued_fapiao::Column::ReversedAt.is_null())
        .order_by_desc(issued_fapiao::Column::Id)
        .one(db)
        .await
}

/// The files a download link opens: only while it is valid, and only while the fapiao is not
/// reversed. `None` for a wrong, expired or spent link (one answer for all).
pub async fn files_for_link(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<(issued_fapiao::Model, Vec<fapiao_files::Model>)>, DbErr> {
    if token.len() > 100 {
        return Ok(None);
    }
    let Some(delivery) = fapiao_deliveries::Entity::find()
        .filter(fapiao_deliveries::Column::LinkTokenHash.eq(hash_token(token)))
        .filter(fapiao_deliveries::Column::LinkExpiresAt.gt(now))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(issued) =
        issued_fapiao::Entity::find_by_id(delivery.issued_fapiao_id).one(db).await?.filter(|i| i.reversed_at.is_none())
    else {
        return Ok(None);
    };
    let files = fapiao_files::Entity::find()
        .filter(fapiao_files::Column::IssuedFapiaoId.eq(issued.id))
        .order_by_asc(fapiao_files::Column::Id)
        .all(db)
        .await?;
    Ok(Some((issued, files)))
}
