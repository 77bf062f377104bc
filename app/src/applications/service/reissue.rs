//! 换开 without a ticket. After issue, the customer asks for a new title or type (the reason and
//! the new data). The fapiao cannot be changed: staff reverse it (红冲, the workflow of
//! `admin::queue`), and once the red fapiao is recorded the request becomes the bill's new
//! application form, pre-filled with the new data and opened on its review step, for the
//! customer to confirm. A 数电票 is never voided, only reversed (国家税务总局公告 2024 年第 11
//! 号, 红字发票 rules), which is why the request goes through the 红冲 and never edits the issued
//! record.

use super::draft::{prefill_from, save_draft, start_together};
use super::lookup::{bills_of, callers_application};
use crate::applications::ReissueView;
use crate::applications::form::ApplicationForm;
use crate::applications::steps::Step;
use crate::backend::db::DbContext;
use crate::backend::entities::{fapiao_applications, reissue_requests};
use crate::backend::time::format_china_minutes;
use crate::backend::timeline;
use crate::backend::transaction::begin_write;
use crate::domain::{ApplicationEventKind, ApplicationStatus, BuyerType, FapiaoType, ValidationError};
use crate::error::{AppError, FieldErrors};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use crate::applications::REISSUE_REASON_CHARS as REASON_CHARS;

/// What the customer asks the re-issued fapiao to say instead.
#[derive(Debug, Clone, Default)]
pub struct ReissueInput {
    pub reason: String,
    pub buyer_type: String,
    pub fapiao_type: String,
    pub title: String,
    pub taxpayer_id: String,
}

/// The application's form with the new data in place of the old.
fn changed_form(a: &fapiao_applications::Model, input: &ReissueInput) -> ApplicationForm {
    ApplicationForm {
        buyer_type: input.buyer_type.trim().to_owned(),
        fapiao_type: input.fapiao_type.trim().to_owned(),
        title: input.title.trim().to_owned(),
        taxpayer_id: input.taxpayer_id.trim().to_owned(),
        ..prefill_from(a)
    }
}

/// Records the caller's request to re-issue their issued fapiao. The new data is checked by
/// the application form's own rules (steps 1 and 2); another customer's application is
/// `NotFound`; one not issued, or with a request already open, is `Conflict`.
pub async fn request(
    db: &DatabaseConnection,
    account_id: i32,
    number: &str,
    input: ReissueInput,
) -> Result<(), AppError> {
    let (a, _) = callers_application(db, account_id, number).await?;
    let issued = [ApplicationStatus::Issued, ApplicationStatus::Mailed, ApplicationStatus::ReadyForPickup];
    if !issued.contains(&a.status) {
        return Err(AppError::Conflict("only an issued fapiao is re-issued".into()));
    }
    let form = changed_form(&a, &input);
    let mut errors = FieldErrors::new();
    let asked = ["buyer_type", "fapiao_type", "title", "taxpayer_id"];
    for step in [Step::Type, Step::Title] {
        errors.extend(form.check_step(step).into_iter().filter(|(field, _)| asked.contains(&field.as_str())));
    }
    let reason = input.reason.trim();
    if reason.is_empty() {
        errors.insert("reason".into(), ValidationError::Required);
    } else if reason.chars().count() > REASON_CHARS {
        errors.insert("reason".into(), ValidationError::TooLong { max: REASON_CHARS });
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let (Ok(buyer_type), Ok(fapiao_type)) = (BuyerType::parse(&form.buyer_type), FapiaoType::parse(&form.fapiao_type))
    else {
        return Err(AppError::field("fapiao_type", ValidationError::UnknownValue));
    };
    let now = Utc::now();
    let txn = begin_write(db).await.context("ask for a re-issue")?;
    let inserted = reissue_requests::ActiveModel {
        created_at: Set(now),
        application_id: Set(a.id),
        account_id: Set(account_id),
        reason: Set(reason.to_owned()),
        buyer_type: Set(buyer_type),
        fapiao_type: Set(fapiao_type),
        title: Set(form.title.clone()),
        taxpayer_id: Set(Some(form.taxpayer_id.clone()).filter(|t| !t.is_empty())),
        resolved_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if super::confirm::is_unique_violation(&e) => {
            return Err(AppError::Conflict("a re-issue request is already open".into()));
        }
        Err(e) => return Err(crate::backend::db::database_error("ask for a re-issue", &e)),
    }
    timeline::record(
        &txn,
        timeline::Event {
            application_id: a.id,
            kind: ApplicationEventKind::ReissueRequested,
            from: Some(a.status),
            to: a.status,
            note: Some(format!("客户申请换开 / Re-issue asked for：{reason}；{} {}", form.title, form.taxpayer_id)),
            actor: Some(account_id),
            at: now,
        },
    )
    .await
    .context("ask for a re-issue")?;
    txn.commit().await.context("ask for a re-issue")?;
    Ok(())
}

/// The application's latest re-issue request, as the customer's and the staff's pages show it.
pub async fn latest(db: &impl ConnectionTrait, application_id: i32) -> Result<Option<ReissueView>, DbErr> {
    Ok(reissue_requests::Entity::find()
        .filter(reissue_requests::Column::ApplicationId.eq(application_id))
        .order_by_desc(reissue_requests::Column::Id)
        .one(db)
        .await?
        .map(|r| ReissueView {
            reason: r.reason,
            buyer_type: r.buyer_type,
            fapiao_type: r.fapiao_type,
            title: r.title,
            taxpayer_id: r.taxpayer_id,
            requested_at: format_china_minutes(r.created_at),
            resolved: r.resolved_at.is_some(),
        }))
}

/// After the 红冲 of `a` completed, in its transaction: an open re-issue request becomes the
/// new application form of its bills (pre-filled, on the review step). Returns whether there
/// was one.
pub(crate) async fn after_reversal(
    db: &impl ConnectionTrait,
    a: &fapiao_applications::Model,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let Some(open) = reissue_requests::Entity::find()
        .filter(reissue_requests::Column::ApplicationId.eq(a.id))
        .filter(reissue_requests::Column::ResolvedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    let input = ReissueInput {
        reason: open.reason.clone(),
        buyer_type: open.buyer_type.code().to_owned(),
        fapiao_type: open.fapiao_type.code().to_owned(),
        title: open.title.clone(),
        taxpayer_id: open.taxpayer_id.clone().unwrap_or_default(),
    };
    let form = ApplicationForm { remark: a.remark.clone().unwrap_or_default(), ..changed_form(a, &input) };
    save_draft(db, a.account_id, a.order_id, Step::Review, &form).await?;
    let others: Vec<i32> = bills_of(db, a.id).await?.iter().map(|o| o.id).filter(|id| *id != a.order_id).collect();
    if !others.is_empty() {
        start_together(db, a.account_id, a.order_id, &others).await?;
    }
    let mut resolved: reissue_requests::ActiveModel = open.into();
    resolved.resolved_at = Set(Some(now));
    resolved.update(db).await?;
    Ok(true)
}
