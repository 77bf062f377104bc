//! Applications through the API: create one for one or several bills with a title of the
//! account's title book (idempotent with the `Idempotency-Key` header), read where it stands,
//! download its issued files.

use super::auth::ApiCaller;
use super::bills::yuan;
use super::error::{ApiError, ErrorBody};
use app::applications::ApplicationView;
use app::backend::AppState;
use app::backend::sessions::CurrentAccount;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What to apply for.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewApplication {
    /// Order numbers of paid bills of the same customer, currency and tax rate; one fapiao
    /// covers them all (at most 500).
    #[schema(min_items = 1, max_items = 500, example = json!(["MO-20261001-01"]))]
    pub bills: Vec<String>,
    /// The id of an entry of the title book (`/account/titles`).
    pub title_id: i32,
    /// `general` (增值税普通发票) or `special` (增值税专用发票).
    #[schema(example = "general")]
    pub fapiao_type: String,
    /// Where the e-fapiao (数电票) is emailed: 1 to 3 addresses.
    #[schema(min_items = 1, max_items = 3, example = json!(["finance@example.cn"]))]
    pub emails: Vec<String>,
    /// 备注 to print on the fapiao, e.g. a purchase order number (optional).
    #[serde(default)]
    pub remark: String,
}

/// An issued file.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiFile {
    pub id: i32,
    /// `pdf`, `ofd` or `xml`.
    pub kind: String,
    pub file_name: String,
    pub size_bytes: i64,
    /// Where to download it (with the same token).
    pub href: String,
}

/// The fapiao, once issued.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiFapiao {
    /// 发票号码 (20 digits for a 数电票).
    pub number: String,
    /// `YYYY-MM-DD`.
    pub issue_date: String,
    /// 价税合计 as issued, e.g. `¥1,234.56`.
    pub amount: String,
    /// Reversed (红冲) since.
    pub reversed: bool,
    pub files: Vec<ApiFile>,
}

/// An application and where it stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiApplication {
    /// e.g. `FP2026113000000042`.
    pub number: String,
    /// `submitted`, `processing`, `issued`, `mailed`, `ready_for_pickup`, `rejected`,
    /// `awaiting_return`, `awaiting_buyer`, `reversal_pending`, `reversed`, `withdrawn`.
    pub status: String,
    /// Order numbers of its bills, the first first.
    pub bills: Vec<String>,
    /// 价税合计 of its bills in fen.
    pub amount_fen: i64,
    /// The same in yuan, e.g. `1234.56`.
    pub amount: String,
    pub title: String,
    pub taxpayer_id: Option<String>,
    /// `general` or `special`.
    pub fapiao_type: String,
    /// Shanghai time, `YYYY-MM-DD HH:MM`.
    pub submitted_at: String,
    /// When the service center promises the fapiao (2 working days), Shanghai time.
    pub due_at: String,
    /// Why it was rejected, when it was.
    pub rejection_reason: Option<String>,
    pub fapiao: Option<ApiFapiao>,
}

impl ApiApplication {
    fn from_view(v: ApplicationView) -> Self {
        let (bills, amount_fen) = match &v.together {
            Some(together) => (together.bills.iter().map(|b| b.order_number.clone()).collect(), together.total_fen),
            None => (vec![v.bill.order_number.clone()], v.bill.amount_fen),
        };
        let number = v.number.clone();
        Self {
            status: v.status.code().into(),
            bills,
            amount: yuan(amount_fen),
            amount_fen,
            title: v.title,
            taxpayer_id: v.taxpayer_id,
            fapiao_type: v.fapiao_type.code().into(),
            submitted_at: v.submitted_at,
            due_at: v.due_at,
            rejection_reason: v.rejection_reason,
            fapiao: v.fapiao.map(|f| ApiFapiao {
                number: f.number,
                issue_date: f.issue_date,
                amount: f.amount,
                reversed: f.reversed,
                files: f
                    .files
                    .into_iter()
                    .map(|file| ApiFile {
                        href: format!("/api/v1/applications/{number}/files/{}", file.id),
                        id: file.id,
                        kind: file.kind.code().into(),
                        file_name: file.file_name,
                        size_bytes: file.size_bytes,
                    })
                    .collect(),
            }),
            number,
        }
    }
}

async fn application(state: &AppState, account: &CurrentAccount, number: &str) -> Result<ApiApplication, ApiError> {
    let view = app::applications::service::view(&state.db, account.account_id, number).await?;
    Ok(ApiApplication::from_view(view))
}

/// Apply for a fapiao
///
/// One e-fapiao (数电票) for one or several bills, with a title of the account's title book.
/// Send an `Idempotency-Key` (any 1–100 visible ASCII characters, e.g. a UUID): the same key
/// again answers with the same application and changes nothing, so a retry after a timeout is
/// safe. A key is bound to its first bill: reused for another, it is refused (409).
#[utoipa::path(
    post,
    path = "/api/v1/applications",
    tag = "applications",
    request_body = NewApplication,
    params(("Idempotency-Key" = String, Header, description = "1–100 visible ASCII characters, fresh for each new application")),
    security(("token" = [])),
    responses(
        (status = 201, description = "Applied for (or this key's earlier answer)", body = ApiApplication),
        (status = 400, description = "The body is not the JSON described", body = ErrorBody),
        (status = 401, description = "No token, or a wrong, expired or revoked one", body = ErrorBody),
        (status = 404, description = "A bill that is not the caller's", body = ErrorBody),
        (status = 409, description = "The key was used for another request", body = ErrorBody),
        (status = 422, description = "Refused fields, each with its reason (e.g. `bills`: `bill_not_free`)", body = ErrorBody),
        (status = 429, description = "Over the token's rate limit (see `Retry-After`)", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    ApiCaller(account): ApiCaller,
    headers: HeaderMap,
    body: Result<Json<NewApplication>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(new) = body.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let request = app::applications::service::NewApplication {
        bills: new.bills,
        title_id: new.title_id,
        fapiao_type: new.fapiao_type,
        emails: new.emails,
        remark: new.remark,
    };
    let number =
        app::applications::service::create_by_api(&state, &account, &request, key, app::i18n::Locale::zh_CN).await?;
    let created = application(&state, &account, &number).await?;
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

/// Read an application
#[utoipa::path(
    get,
    path = "/api/v1/applications/{number}",
    tag = "applications",
    params(("number" = String, Path, description = "The application number, e.g. `FP2026113000000042`")),
    security(("token" = [])),
    responses(
        (status = 200, description = "The application and where it stands", body = ApiApplication),
        (status = 401, description = "No token, or a wrong, expired or revoked one", body = ErrorBody),
        (status = 404, description = "No such application of the caller's", body = ErrorBody),
        (status = 429, description = "Over the token's rate limit (see `Retry-After`)", body = ErrorBody),
    )
)]
pub async fn status(
    State(state): State<AppState>,
    ApiCaller(account): ApiCaller,
    Path(number): Path<String>,
) -> Result<Json<ApiApplication>, ApiError> {
    Ok(Json(application(&state, &account, &number).await?))
}

/// Download an issued file
#[utoipa::path(
    get,
    path = "/api/v1/applications/{number}/files/{id}",
    tag = "applications",
    params(
        ("number" = String, Path, description = "The application number"),
        ("id" = i32, Path, description = "The file's id (`fapiao.files[].id`)"),
    ),
    security(("token" = [])),
    responses(
        (status = 200, description = "The file (PDF, OFD or XML) as an attachment", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 401, description = "No token, or a wrong, expired or revoked one", body = ErrorBody),
        (status = 404, description = "No such file of the caller's", body = ErrorBody),
        (status = 429, description = "Over the token's rate limit (see `Retry-After`)", body = ErrorBody),
    )
)]
pub async fn file(
    State(state): State<AppState>,
    ApiCaller(account): ApiCaller,
    Path((number, id)): Path<(String, i32)>,
) -> Result<Response, ApiError> {
    let file = crate::fapiao_files::file_of(&state, &account, &number, id)
        .await
        .map_err(|e| app::backend::db::database_error("read a fapiao file", &e))?
        .ok_or(ApiError::App(app::error::AppError::NotFound))?;
    Ok(crate::fapiao_files::send(&state, &file).await)
}
