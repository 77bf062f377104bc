//! The service center's work on applications: the queue, and each action as a checked state
//! transition. A transition is a compare-and-set on the application's `version`, so of two
//! staff acting on the same application at once exactly one wins; the other gets a conflict.
//! Each one adds a timeline event, queues the customer's email and writes the audit log, in
//! the same transaction.

use crate::admin::queue::{QUEUE_PAGE_SIZE, QueueFilter, QueuePage, QueueRow, StaffApplication};
use crate::applications::service::view_of;
use crate::backend::AppState;
use crate::backend::audit::audit;
use crate::backend::db::DbContext;
use crate::backend::emails::{Email, MailLanguage, compose};
use crate::backend::entities::{
    accounts, application_bills, fapiao_applications, fapiao_files, fapiao_reversals, issued_fapiao, orders,
    reissue_requests,
};
use crate::backend::outbox::enqueue;
use crate::backend::request::AuditContext;
use crate::backend::sessions::CurrentAccount;
use crate::backend::time::{china_offset, format_china_minutes};
use crate::backend::timeline;
use crate::backend::transaction::begin_write;
use crate::bills::FapiaoProgress;
use crate::bills::service as bills;
use crate::domain::ApplicationEventKind;
use crate::domain::{
    ApplicationStatus, Courier, EmailAddress, FapiaoNumber, Fen, Medium, ReversalReason, ValidationError,
};
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

fn field_error(field: &str, error: ValidationError) -> AppError {
    AppError::field(field, error)
}

/// The queue's default filter, word for word the condition of the partial index
/// `fapiao_applications_open_by_due` (migration 2). The statuses `ApplicationStatus::is_open`.
pub const OPEN_STATUSES_SQL: &str = "status IN ('submitted', 'processing')";

/// The reversal steps staff act on, word for word the condition of the partial index
/// `fapiao_applications_in_reversal` (migration 8).
pub const IN_REVERSAL_SQL: &str = "status IN ('awaiting_return', 'reversal_pending')";

pub async fn queue(db: &DatabaseConnection, filter: &QueueFilter, now: DateTime<Utc>) -> Result<QueuePage, AppError> {
    use fapiao_applications::Column as C;
    let mut select = fapiao_applications::Entity::find();
    select = match filter.status.as_str() {
        // Literal, not bound: the planner must see the partial index's own condition.
        "" | "open" => select.filter(Expr::cust(OPEN_STATUSES_SQL)),
        "all" => select,
        code => {
            select.filter(C::Status.eq(ApplicationStatus::parse(code).map_err(|e| field_error("status", e))?.code()))
        }
    };
    for (value, column) in
        [(&filter.fapiao_type, C::FapiaoType), (&filter.medium, C::Medium), (&filter.delivery, C::DeliveryMethod)]
    {
        if !value.is_empty() {
            select = select.filter(column.eq(value.as_str()));
        }
    }
    if filter.overdue {
        select = select.filter(C::DueAt.lt(now));
    }
    let q = filter.q.trim();
    if !q.is_empty() {
        // A whole application number, order number or taxpayer ID (what staff usually paste)
        // is found through the indexes; anything else is a substring of those or the title.
        let upper = q.to_uppercase();
        let order_ids = |number: sea_orm::sea_query::SimpleExpr| {
            Query::select().column(orders::Column::Id).from(orders::Entity).and_where(number).to_owned()
        };
        // The order is looked up on its own, so each condition below can use its index.
        let exact_order: Vec<i32> = orders::Entity::find()
            .select_only()
            .column(orders::Column::Id)
            .filter(orders::Column::OrderNumber.eq(&upper))
            .into_tuple()
            .all(db)
            .await
            .context("work on the application queue")?;
        let exactly = Condition::any()
            .add(C::ApplicationNumber.eq(&upper))
            .add(C::TaxpayerId.eq(&upper))
            .add(C::OrderId.is_in(exact_order));
        // Counted regardless of the other filters: a whole number that exists but is, say,
        // already closed shows "nothing open" rather than a slow substring search.
        let exact_hits = fapiao_applications::Entity::find()
            .filter(exactly.clone())
            .count(db)
            .await
            .context("work on the application queue")?;
        select = select.filter(if exact_hits > 0 {
            exactly
        } else {
            Condition::any()
                .add(C::ApplicationNumber.contains(&upper))
                .add(C::TaxpayerId.contains(&upper))
                .add(C::Title.contains(q))
                .add(C::OrderId.in_subquery(order_ids(orders::Column::OrderNumber.contains(&upper))))
        });
    }
    let paginator = select.order_by_asc(C::DueAt).order_by_asc(C::Id).paginate(db, QUEUE_PAGE_SIZE);
    let counts = paginator.num_items_and_pages().await.context("work on the application queue")?;
    let page = filter.page.max(1).min(counts.number_of_pages.max(1));
    let rows = paginator.fetch_page(page - 1).await.context("work on the application queue")?;
    let reversal_rows = reversal_work(db).await.context("work on the application queue")?;
    let reissues: std::collections::HashSet<i32> = reissue_requests::Entity::find()
        .select_only()
        .column(reissue_requests::Column::ApplicationId)
        .filter(reissue_requests::Column::ResolvedAt.is_null())
        .filter(reissue_requests::Column::ApplicationId.is_in(rows.iter().chain(&reversal_rows).map(|a| a.id)))
        .into_tuple::<i32>()
        .all(db)
        .await
        .context("work on the application queue")?
        .into_iter()
        .collect();
    let order_ids: Vec<i32> = rows.iter().chain(&reversal_rows).map(|a| a.order_id).collect();
    let bills: std::collections::HashMap<i32, orders::Model> = orders::Entity::find()
        .filter(orders::Column::Id.is_in(order_ids))
        .all(db)
        .await
        .context("work on the application queue")?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    // The applications shown with a refunded bill among theirs.
    let with_refund: std::collections::HashSet<i32> = application_bills::Entity::find()
        .select_only()
        .column(application_bills::Column::ApplicationId)
        .inner_join_order()
        .filter(application_bills::Column::ApplicationId.is_in(rows.iter().chain(&reversal_rows).map(|a| a.id)))
        .filter(orders::Column::Status.eq(crate::domain::OrderStatus::Refunded.code()))
        .into_tuple::<i32>()
        .all(db)
        .await
        .context("work on the application queue")?
        .into_iter()
        .collect();
    let today = now.with_timezone(&china_offset()).date_naive();
    let row = |a: fapiao_applications::Model| {
        let status = a.status;
        let bill = bills.get(&a.order_id);
        QueueRow {
            order_number: bill.map(|o| o.order_number.clone()).unwrap_or_default(),
            needs_reversal: with_refund.contains(&a.id)
                && matches!(
                    status,
                    ApplicationStatus::Issued | ApplicationStatus::Mailed | ApplicationStatus::ReadyForPickup
                ),
            overdue: status.is_open() && a.due_at < now,
            due_today: status.is_open() && a.due_at.with_timezone(&china_offset()).date_naive() == today,
            received: a.received_at.is_some(),
            reissue_requested: reissues.contains(&a.id),
            number: a.application_number,
            title: a.title,
            taxpayer_id: a.taxpayer_id,
            fapiao_type: a.fapiao_type,
            medium: a.medium,
            delivery_method: a.delivery_method,
            status,
            submitted_at: format_china_minutes(a.submitted_at),
            due_at: format_china_minutes(a.due_at),
        }
    };
    Ok(QueuePage {
        reversals: reversal_rows.into_iter().map(&row).collect(),
        rows: rows.into_iter().map(&row).collect(),
        page,
        pages: counts.number_of_pages.max(1),
        total: counts.number_of_items,
    })
}

trait JoinOrder {
    fn inner_join_order(self) -> Self;
}

impl JoinOrder for sea_orm::Select<application_bills::Entity> {
    /// Each bill row with its order.
    fn inner_join_order(self) -> Self {
        self.join(
            sea_orm::JoinType::InnerJoin,
            application_bills::Entity::belongs_to(orders::Entity)
                .from(application_bills::Column::OrderId)
                .to(orders::Column::Id)
                .into(),
        )
    }
}

/// The 红冲 work of the service center (at most 50, oldest first): reversals waiting for staff,
/// and issued fapiao whose bill was refunded since (需红冲). Two queries, each on its partial
/// index (migration 8): a million orders never get scanned for the few that need it.
async fn reversal_work(db: &DatabaseConnection) -> Result<Vec<fapiao_applications::Model>, DbErr> {
    use fapiao_applications::Column as C;
    const LIMIT: u64 = 50;
    let mut rows = fapiao_applications::Entity::find()
        .filter(Expr::cust(IN_REVERSAL_SQL))
        .order_by_asc(C::UpdatedAt)
        .limit(LIMIT)
        .all(db)
        .await?;
    let refunded = Query::select()
        .column(orders::Column::Id)
        .from(orders::Entity)
        .and_where(Expr::cust("status = 'refunded'"))
        .to_owned();
    // Any of its bills refunded (a fapiao for several bills included).
    let with_refunded_bill = Query::select()
        .column(application_bills::Column::ApplicationId)
        .from(application_bills::Entity)
        .and_where(application_bills::Column::OrderId.in_subquery(refunded))
        .to_owned();
    rows.extend(
        fapiao_applications::Entity::find()
            .filter(C::Id.in_subquery(with_refunded_bill))
            .filter(C::Status.is_in([
                ApplicationStatus::Issued.code(),
                ApplicationStatus::Mailed.code(),
                ApplicationStatus::ReadyForPickup.code(),
            ]))
            .order_by_asc(C::UpdatedAt)
            .limit(LIMIT)
            .all(db)
            .await?,
    );
    // 换开 requests the customers made (few at a time: the open ones have their own index).
    let reissues = Query::select()
        .column(reissue_requests::Column::ApplicationId)
        .from(reissue_requests::Entity)
        .and_where(reissue_requests::Column::ResolvedAt.is_null())
        .to_owned();
    rows.extend(
        fapiao_applications::Entity::find()
            .filter(C::Id.in_subquery(reissues))
            .filter(Expr::cust(IN_REVERSAL_SQL).not())
            .order_by_asc(C::UpdatedAt)
            .limit(LIMIT)
            .all(db)
            .await?,
    );
    rows.sort_by_key(|a| a.updated_at);
    let mut seen = std::collections::HashSet::new();
    rows.retain(|a| seen.insert(a.id));
    rows.truncate(LIMIT as usize);
    Ok(rows)
}

async fn find(db: &impl ConnectionTrait, number: &str) -> Result<fapiao_applications::Model, AppError> {
    crate::applications::service::by_number(db, number)
        .await
        .context("work on the application queue")?
        .ok_or(AppError::NotFound)
}

pub async fn detail(db: &DatabaseConnection, number: &str) -> Result<StaffApplication, AppError> {
    let a = find(db, number).await?;
    let order = orders::Entity::find_by_id(a.order_id)
        .one(db)
        .await
        .context("work on the application queue")?
        .ok_or(AppError::NotFound)?;
    let customer_email = accounts::Entity::find_by_id(a.account_id)
        .one(db)
        .await
        .context("work on the application queue")?
        .map(|account| account.email)
        .unwrap_or_default();
    let status = a.status;
    let bill = bills::bill_of(order, FapiaoProgress::Applied(status), Some(a.application_number.clone()));
    let version = a.version;
    let today = china_today(Utc::now()).format("%Y-%m-%d").to_string();
    Ok(StaffApplication { application: view_of(db, a, bill).await?, version, customer_email, today })
}

/// A file uploaded with "issue", already written to the file store.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub kind: crate::domain::FapiaoFileKind,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
}

/// What staff can do to an application.
#[derive(Debug, Clone)]
pub enum Transition {
    /// submitted → processing.
    Start,
    /// processing → issued.
    Issue { number: FapiaoNumber, issue_date: NaiveDate, amount: Fen, files: Vec<StoredFile> },
    /// issued → mailed (paper). `reason` explains a courier other than the customer's choice.
    Mail { courier: Courier, tracking_number: String, reason: Option<String> },
    /// issued → ready for pickup (paper).
    Pickup,
    /// submitted/processing → rejected, with the reason the customer reads.
    Reject { reason: String },
    /// 红冲 starts (from issued, mailed or ready): the reason, the 红字确认单 number, and
    /// whether the buyer must confirm it. A mailed paper fapiao must come back first
    /// (→ 待寄回); otherwise → 待购买方确认 or straight to 红冲中.
    StartReversal { reason: ReversalReason, confirmation_number: String, buyer_must_confirm: bool },
    /// 待寄回 → the paper fapiao came back.
    MarkReturned,
    /// 待购买方确认 → the buyer confirmed the 红字确认单 (done by the customer, online).
    BuyerConfirm,
    /// 红冲中 → 已红冲: the red fapiao's number and date; the bill is free again.
    CompleteReversal { red_number: FapiaoNumber, red_date: NaiveDate },
}

/// The fields of the detail page's action forms, as typed.
#[derive(Debug, Clone, Default)]
pub struct ActionFields<'a> {
    pub note: &'a str,
    pub courier: &'a str,
    pub tracking_number: &'a str,
    pub reason: &'a str,
    pub confirmation_number: &'a str,
    pub buyer_must_confirm: bool,
    pub red_number: &'a str,
    pub red_date: &'a str,
}

/// Two fields parsed together: both values, or the errors of every field that failed.
fn both<A, B>(
    (a_name, a): (&str, Result<A, ValidationError>),
    (b_name, b): (&str, Result<B, ValidationError>),
) -> Result<(A, B), AppError> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => Err(AppError::Validation(
            [(a_name, a.err()), (b_name, b.err())]
                .into_iter()
                .filter_map(|(field, error)| Some((field.to_owned(), error?)))
                .collect(),
        )),
    }
}

/// A 红字确认单 number as the platform shows it: letters and digits, at most 32.
fn confirmation_number(typed: &str) -> Result<String, ValidationError> {
    let value: String = typed.trim().chars().filter(|c| !c.is_whitespace()).collect();
    match value.len() {
        0 => Err(ValidationError::Required),
        33.. => Err(ValidationError::TooLong { max: 32 }),
        _ if !value.chars().all(|c| c.is_ascii_alphanumeric()) => Err(ValidationError::BadFormat),
        _ => Ok(value.to_ascii_uppercase()),
    }
}

impl Transition {
    /// The transitions without files, from the detail page's forms.
    pub fn from_form(action: &str, form: &ActionFields<'_>) -> Result<Self, AppError> {
        let (note, courier, tracking) = (form.note, form.courier, form.tracking_number);
        let note_text = |field: &str| match note.trim() {
            "" => Err(field_error(field, ValidationError::Required)),
            n if n.chars().count() > 500 => Err(field_error(field, ValidationError::TooLong { max: 500 })),
            n => Ok(n.to_owned()),
        };
        match action {
            "start" => Ok(Self::Start),
            "pickup" => Ok(Self::Pickup),
            "reject" => Ok(Self::Reject { reason: note_text("note")? }),
            "start_reversal" => {
                let (reason, confirmation_number) = both(
                    ("reason", ReversalReason::parse(form.reason)),
                    ("confirmation_number", confirmation_number(form.confirmation_number)),
                )?;
                Ok(Self::StartReversal { reason, confirmation_number, buyer_must_confirm: form.buyer_must_confirm })
            }
            "returned" => Ok(Self::MarkReturned),
            "complete_reversal" => {
                // The red fapiao comes from the 数电 platform, for a paper fapiao too: a 20-digit
                // number without a separate code.
                let (red_number, red_date) = both(
                    ("red_number", FapiaoNumber::parse_electronic(form.red_number)),
                    (
                        "red_date",
                        NaiveDate::parse_from_str(form.red_date.trim(), "%Y-%m-%d")
                            .map_err(|_| ValidationError::BadFormat),
                    ),
                )?;
                Ok(Self::CompleteReversal { red_number, red_date })
            }
            "mail" => {
                let (courier, tracking_number) = both(
                    ("courier", Courier::parse(courier)),
                    ("tracking_number", crate::domain::parse_tracking_number(tracking)),
                )?;
                let reason = match note.trim() {
                    "" => None,
                    n if n.chars().count() > 500 => {
                        return Err(field_error("note", ValidationError::TooLong { max: 500 }));
                    }
                    n => Some(n.to_owned()),
                };
                Ok(Self::Mail { courier, tracking_number, reason })
            }
            _ => Err(field_error("action", ValidationError::UnknownValue)),
        }
    }

    /// Where the transition leads from `current`: a reversal's next step depends on whether
    /// the paper fapiao was mailed and whether the buyer must confirm.
    fn target(
        &self,
        current: ApplicationStatus,
        medium: Medium,
        reversal: Option<&fapiao_reversals::Model>,
    ) -> ApplicationStatus {
        let after_return = |buyer_must_confirm: bool| {
            if buyer_must_confirm {
                ApplicationStatus::AwaitingBuyerConfirmation
            } else {
                ApplicationStatus::ReversalPending
            }
        };
        match self {
            Self::Start => ApplicationStatus::Processing,
            Self::Issue { .. } => ApplicationStatus::Issued,
            Self::Mail { .. } => ApplicationStatus::Mailed,
            Self::Pickup => ApplicationStatus::ReadyForPickup,
            Self::Reject { .. } => ApplicationStatus::Rejected,
            Self::StartReversal { buyer_must_confirm, .. } => {
                if medium == Medium::Paper && current == ApplicationStatus::Mailed {
                    ApplicationStatus::AwaitingReturn
                } else {
                    after_return(*buyer_must_confirm)
                }
            }
            Self::MarkReturned => after_return(reversal.is_some_and(|r| r.buyer_must_confirm)),
            Self::BuyerConfirm => ApplicationStatus::ReversalPending,
            Self::CompleteReversal { .. } => ApplicationStatus::Reversed,
        }
    }

    /// What the application's timeline records.
    fn event(&self) -> ApplicationEventKind {
        match self {
            Self::Start => ApplicationEventKind::Start,
            Self::Issue { .. } => ApplicationEventKind::Issue,
            Self::Mail { .. } => ApplicationEventKind::Mail,
            Self::Pickup => ApplicationEventKind::Pickup,
            Self::Reject { .. } => ApplicationEventKind::Reject,
            Self::StartReversal { .. } => ApplicationEventKind::ReversalStarted,
            Self::MarkReturned => ApplicationEventKind::Returned,
            Self::BuyerConfirm => ApplicationEventKind::BuyerConfirmed,
            Self::CompleteReversal { .. } => ApplicationEventKind::Reverse,
        }
    }

    fn audit_action(&self) -> &'static str {
        match self {
            Self::Start => "application.start",
            Self::Issue { .. } => "application.issue",
            Self::Mail { .. } => "application.mail",
            Self::Pickup => "application.pickup",
            Self::Reject { .. } => "application.reject",
            Self::StartReversal { .. } => "application.reversal_start",
            Self::MarkReturned => "application.returned",
            Self::BuyerConfirm => "application.buyer_confirm",
            Self::CompleteReversal { .. } => "application.reverse",
        }
    }
}

/// A conflict with the text staff see.
fn conflict(current: ApplicationStatus) -> AppError {
    AppError::Conflict(format!(
        "该申请已被处理，当前状态为「{}」，请刷新后再操作。/ This application changed meanwhile (now {}); reload and try again.",
        crate::labels::status_label(crate::i18n::Locale::zh_CN, current),
        crate::labels::status_label(crate::i18n::Locale::en, current),
    ))
}

/// Applies a transition. `expected_version` is the version the staff member's page showed.
pub async fn apply(
    state: &AppState,
    staff: &CurrentAccount,
    number: &str,
    expected_version: i32,
    transition: Transition,
    context: AuditContext,
) -> Result<ApplicationStatus, AppError> {
    let db = &state.db;
    let now = Utc::now();
    let a = find(db, number).await?;
    let current = a.status;
    let reversal = open_reversal(db, a.id).await.context("work on the application queue")?;
    let target = transition.target(current, a.medium, reversal.as_ref());
    if a.version != expected_version || !current.can_become(target) {
        return Err(conflict(current));
    }
    let paper = a.medium == Medium::Paper;
    check_facts(db, &a, &transition, now).await?;
    if matches!(transition, Transition::BuyerConfirm) != (staff.role == crate::domain::Role::Customer) {
        // Only the buyer confirms a 红字确认单, and the buyer does nothing else here.
        return Err(AppError::NotFound);
    }
    match &transition {
        Transition::Mail { .. } | Transition::Pickup if !paper => {
            return Err(AppError::Conflict("电子发票无需邮寄 / An e-fapiao is not mailed".into()));
        }
        Transition::Issue { files, .. } if !paper && !files.iter().any(|f| f.kind.is_readable()) => {
            return Err(field_error("files", ValidationError::Required));
        }
        _ => {}
    }

    let txn = begin_write(db).await.context("work on the application queue")?;
    let mut update = fapiao_applications::Entity::update_many()
        .col_expr(fapiao_applications::Column::Status, Expr::value(target.code()))
        .col_expr(fapiao_applications::Column::Version, Expr::value(a.version + 1))
        .col_expr(fapiao_applications::Column::UpdatedAt, Expr::value(now));
    if let Transition::Reject { reason } = &transition {
        update = update.col_expr(fapiao_applications::Column::RejectionReason, Expr::value(reason.clone()));
    }
    let changed = update
        .filter(fapiao_applications::Column::Id.eq(a.id))
        .filter(fapiao_applications::Column::Version.eq(a.version))
        .exec(&txn)
        .await
        .context("work on the application queue")?;
    if changed.rows_affected != 1 {
        txn.rollback().await.context("work on the application queue")?;
        let fresh = find(db, number).await?;
        return Err(conflict(fresh.status));
    }

    // An issued e-fapiao, to be emailed once its step is in the timeline.
    let mut to_deliver: Option<issued_fapiao::Model> = None;
    let note = match &transition {
        Transition::Start | Transition::Pickup => None,
        Transition::Reject { reason } => Some(reason.clone()),
        Transition::StartReversal { reason, confirmation_number, buyer_must_confirm } => {
            let issued = crate::applications::service::current_fapiao(&txn, a.id)
                .await
                .context("work on the application queue")?
                .ok_or_else(|| conflict(current))?;
            fapiao_reversals::ActiveModel {
                created_at: Set(now),
                application_id: Set(a.id),
                issued_fapiao_id: Set(issued.id),
                reason: Set(*reason),
                confirmation_number: Set(confirmation_number.clone()),
                buyer_must_confirm: Set(*buyer_must_confirm),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .context("work on the application queue")?;
            let zh = crate::labels::reversal_reason_label(crate::i18n::Locale::zh_CN, *reason);
            let en = crate::labels::reversal_reason_label(crate::i18n::Locale::en, *reason);
            let confirm =
                if *buyer_must_confirm { "；需购买方在线确认 / The buyer must confirm it online" } else { "" };
            let returning = if target == ApplicationStatus::AwaitingReturn {
                "；请将纸质发票寄回服务中心 / Please send the paper fapiao back to the service center"
            } else {
                ""
            };
            Some(format!(
                "红冲原因 Reason: {zh} / {en}；红字确认单 Confirmation no. {confirmation_number}{confirm}{returning}"
            ))
        }
        Transition::MarkReturned => {
            update_reversal(&txn, reversal.as_ref(), current, |r| r.returned_at = Set(Some(now))).await?;
            Some("服务中心已收到寄回的纸质发票 / The service center received the paper fapiao back".to_owned())
        }
        Transition::BuyerConfirm => {
            let by = staff.account_id;
            update_reversal(&txn, reversal.as_ref(), current, |r| {
                r.buyer_confirmed_at = Set(Some(now));
                r.buyer_confirmed_by = Set(Some(by));
            })
            .await?;
            Some("购买方已确认红字确认单 / The buyer confirmed the red-letter confirmation".to_owned())
        }
        Transition::CompleteReversal { red_number, red_date } => {
            let (number_text, date) = (red_number.number.clone(), *red_date);
            update_reversal(&txn, reversal.as_ref(), current, |r| {
                r.red_fapiao_number = Set(Some(number_text));
                r.red_issue_date = Set(Some(date));
                r.completed_at = Set(Some(now));
            })
            .await?;
            mark_reversed(&txn, a.id, now).await.context("work on the application queue")?;
            let reissued = crate::applications::service::reissue_after_reversal(&txn, &a, now)
                .await
                .context("work on the application queue")?;
            let next = if reissued {
                "；按您的换开要求预填的新申请已准备好，请核对后提交 / A new application with the data you asked for is ready: check it and submit it"
            } else {
                "；账单可重新申请发票 / The bill can be applied for again"
            };
            Some(format!(
                "红字发票号码 Red-letter fapiao number {}，开票日期 Date {}{next}",
                red_number.number,
                red_date.format("%Y-%m-%d")
            ))
        }
        Transition::Issue { number, issue_date, amount, files } => {
            let duplicate = issued_fapiao::Entity::find()
                .filter(issued_fapiao::Column::FapiaoNumber.eq(number.number.as_str()))
                .filter(match &number.code {
                    Some(code) => issued_fapiao::Column::FapiaoCode.eq(code.as_str()),
                    None => issued_fapiao::Column::FapiaoCode.is_null(),
                })
                .one(&txn)
                .await
                .context("work on the application queue")?;
            if duplicate.is_some() {
                txn.rollback().await.context("work on the application queue")?;
                return Err(field_error("fapiao_number", ValidationError::AlreadyUsed));
            }
            // 税率 and 税额 as printed on the fapiao: the order's rate, on the issued amount.
            let rate = orders::Entity::find_by_id(a.order_id)
                .one(&txn)
                .await
                .context("work on the application queue")?
                .map(|order| crate::bills::service::taxed_amount(&order).rate)
                .unwrap_or_default();
            let taxed = crate::domain::TaxedAmount::from_total(*amount, rate);
            let issued = issued_fapiao::ActiveModel {
                application_id: Set(a.id),
                tax_rate_percent: Set(Some(i16::from(rate.percent()))),
                tax_fen: Set(Some(taxed.tax.fen())),
                fapiao_code: Set(number.code.clone()),
                fapiao_number: Set(number.number.clone()),
                issue_date: Set(*issue_date),
                amount_fen: Set(amount.fen()),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .context("work on the application queue")?;
            for file in files {
                fapiao_files::ActiveModel {
                    issued_fapiao_id: Set(issued.id),
                    kind: Set(file.kind),
                    file_name: Set(file.file_name.clone()),
                    content_type: Set(file.content_type.clone()),
                    size_bytes: Set(file.size_bytes),
                    sha256: Set(file.sha256.clone()),
                    storage_key: Set(file.storage_key.clone()),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await
                .context("work on the application queue")?;
            }
            if !paper {
                to_deliver = Some(issued);
            }
            let code = number.code.as_ref().map(|c| format!("，发票代码 Code {c}")).unwrap_or_default();
            Some(format!(
                "发票号码 Fapiao number {}{code}，开票日期 Date {}，价税合计 Total incl. tax {amount}，税率 Tax rate {}，税额 Tax {}",
                number.number,
                issue_date.format("%Y-%m-%d"),
                taxed.rate,
                taxed.tax,
            ))
        }
        Transition::Mail { courier, tracking_number, reason } => {
            let courier_name = match courier {
                Courier::Yunda => "韵达快递 Yunda",
                Courier::Sf => "顺丰速运 SF Express",
            };
            issued_fapiao::Entity::update_many()
                .col_expr(issued_fapiao::Column::Courier, Expr::value(courier.code()))
                .col_expr(issued_fapiao::Column::TrackingNumber, Expr::value(tracking_number.clone()))
                .col_expr(issued_fapiao::Column::MailedAt, Expr::value(now))
                .filter(issued_fapiao::Column::ApplicationId.eq(a.id))
                .filter(issued_fapiao::Column::ReversedAt.is_null())
                .exec(&txn)
                .await
                .context("work on the application queue")?;
            let reason = reason.as_ref().map(|r| format!("；改用原因 Reason for the change: {r}")).unwrap_or_default();
            Some(format!("{courier_name}，运单号 Tracking number {tracking_number}{reason}"))
        }
    };
    let note = match (&transition, note) {
        (Transition::Pickup, _) => Some(format!("{} / {}", state.site.pickup.address_zh, state.site.pickup.address_en)),
        (_, note) => note,
    };
    timeline::record(
        &txn,
        timeline::Event {
            application_id: a.id,
            kind: transition.event(),
            from: Some(current),
            to: target,
            note: note.clone(),
            actor: Some(staff.account_id),
            at: now,
        },
    )
    .await
    .context("record the step in the timeline")?;
    if let Some(issued) = &to_deliver {
        // The addresses were checked when the customer confirmed; one that no longer parses
        // (none should) is skipped rather than blocking the issue.
        let addresses: Vec<EmailAddress> = a
            .delivery_emails
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .filter_map(|address| EmailAddress::parse(address).ok())
            .collect();
        let issued_application = fapiao_applications::Model { status: target, ..a.clone() };
        crate::applications::service::send_fapiao(
            &txn,
            &state.site.public_base_url,
            &issued_application,
            issued,
            &addresses,
            None,
            Some(staff.account_id),
            now,
        )
        .await
        .context("email the e-fapiao")?;
    }

    if let Some(customer) =
        accounts::Entity::find_by_id(a.account_id).one(&txn).await.context("work on the application queue")?
        && let Ok(to) = EmailAddress::parse(&customer.email)
    {
        let email = Email::ApplicationStatus { number: &a.application_number, status: target, note: note.as_deref() };
        let language = MailLanguage::of_account(&customer.locale);
        enqueue(&txn, compose(to, language, &state.site.public_base_url, &email))
            .await
            .context("work on the application queue")?;
    }
    audit(&txn, staff, transition.audit_action(), "application", &a.application_number, note.as_deref(), &context, now)
        .await
        .context("work on the application queue")?;
    txn.commit().await.context("work on the application queue")?;
    tracing::info!(application = %a.application_number, from = %current, to = %target, "application transition");
    Ok(target)
}

/// What staff record must match the facts: a fapiao is issued for exactly the bill's amount,
/// dated neither in the future nor before the payment (Shanghai dates), and a paper fapiao goes
/// by the courier the customer chose unless staff say why not (the customer reads the reason).
async fn check_facts(
    db: &DatabaseConnection,
    a: &fapiao_applications::Model,
    transition: &Transition,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut errors = crate::error::FieldErrors::new();
    match transition {
        Transition::Issue { issue_date, amount, .. } => {
            let bills =
                crate::applications::service::bills_of(db, a.id).await.context("work on the application queue")?;
            let total = crate::bills::selection::total(&bills);
            if *amount != total {
                errors.insert("amount".into(), ValidationError::NotTheBillAmount { bill: total.to_string() });
            }
            // The latest payment of its bills: a fapiao is not dated before what it is for.
            let paid = bills.iter().filter_map(|o| o.paid_at).max().map(china_today);
            if *issue_date > china_today(now) {
                errors.insert("issue_date".into(), ValidationError::DateInFuture);
            } else if let Some(paid) = paid.filter(|paid| issue_date < paid) {
                errors.insert(
                    "issue_date".into(),
                    ValidationError::DateBeforePayment { paid: paid.format("%Y-%m-%d").to_string() },
                );
            }
        }
        Transition::CompleteReversal { red_number, red_date } => {
            let blue = crate::applications::service::current_fapiao(db, a.id)
                .await
                .context("work on the application queue")?;
            if *red_date > china_today(now) {
                errors.insert("red_date".into(), ValidationError::DateInFuture);
            } else if let Some(blue) = blue.as_ref().filter(|b| *red_date < b.issue_date) {
                errors.insert(
                    "red_date".into(),
                    ValidationError::DateBeforePayment { paid: blue.issue_date.format("%Y-%m-%d").to_string() },
                );
            }
            if blue.is_some_and(|b| b.fapiao_number == red_number.number) {
                errors.insert("red_number".into(), ValidationError::AlreadyUsed);
            }
        }
        Transition::Mail { courier, reason, .. } => {
            let chosen = match a.delivery_method {
                crate::domain::DeliveryMethod::Yunda => Some(Courier::Yunda),
                crate::domain::DeliveryMethod::SfFreightCollect => Some(Courier::Sf),
                _ => None,
            };
            if chosen != Some(*courier) && reason.is_none() {
                errors.insert("note".into(), ValidationError::CourierDiffers);
            }
        }
        _ => {}
    }
    if errors.is_empty() { Ok(()) } else { Err(AppError::Validation(errors)) }
}

/// The application's reversal under way, if any.
async fn open_reversal(
    db: &impl ConnectionTrait,
    application_id: i32,
) -> Result<Option<fapiao_reversals::Model>, DbErr> {
    fapiao_reversals::Entity::find()
        .filter(fapiao_reversals::Column::ApplicationId.eq(application_id))
        .filter(fapiao_reversals::Column::CompletedAt.is_null())
        .one(db)
        .await
}

/// Records a step on the reversal under way (a conflict when there is none).
async fn update_reversal(
    db: &impl ConnectionTrait,
    reversal: Option<&fapiao_reversals::Model>,
    current: ApplicationStatus,
    change: impl FnOnce(&mut fapiao_reversals::ActiveModel),
) -> Result<(), AppError> {
    let Some(reversal) = reversal else { return Err(conflict(current)) };
    let mut row: fapiao_reversals::ActiveModel = reversal.clone().into();
    change(&mut row);
    row.update(db).await.context("work on the application queue")?;
    Ok(())
}

async fn mark_reversed(db: &impl ConnectionTrait, application_id: i32, now: DateTime<Utc>) -> Result<(), DbErr> {
    issued_fapiao::Entity::update_many()
        .col_expr(issued_fapiao::Column::ReversedAt, Expr::value(now))
        .filter(issued_fapiao::Column::ApplicationId.eq(application_id))
        .filter(issued_fapiao::Column::ReversedAt.is_null())
        .exec(db)
        .await?;
    crate::applications::service::release_bills(db, application_id).await
}

/// The Shanghai date of `at`, for forms that default to today.
pub fn china_today(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&china_offset()).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queue_filter_names_exactly_the_open_statuses() {
        for &status in ApplicationStatus::ALL {
            let listed = OPEN_STATUSES_SQL.contains(&format!("'{}'", status.code()));
            assert_eq!(listed, status.is_open(), "{status:?}");
        }
    }

    #[test]
    fn the_reversal_work_names_exactly_the_steps_staff_act_on() {
        for &status in ApplicationStatus::ALL {
            let listed = IN_REVERSAL_SQL.contains(&format!("'{}'", status.code()));
            let staff_step = matches!(status, ApplicationStatus::AwaitingReturn | ApplicationStatus::ReversalPending);
            assert_eq!(listed, staff_step, "{status:?}");
        }
    }
}
