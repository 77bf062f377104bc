//! `GET /api/v1/bills`: the caller's bills, newest first, a page at a time.

use super::auth::ApiCaller;
use super::error::{ApiError, ErrorBody};
use app::backend::AppState;
use app::bills::{Bill, FapiaoProgress};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The most bills one page holds.
pub const MAX_PER_PAGE: u64 = 100;

/// A paid order of the customer's.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiBill {
    /// e.g. `MO-20261001-01`.
    pub order_number: String,
    pub product: String,
    /// 价税合计 in fen (1/100 yuan).
    pub amount_fen: i64,
    /// 价税合计 in yuan, e.g. `1234.56`.
    pub amount: String,
    /// 税率, e.g. `6%`.
    pub tax_rate: String,
    /// Shanghai time, `YYYY-MM-DD HH:MM`.
    pub paid_at: String,
    /// `not_applied`, `draft`, `refunded`, `split`, or the status of its latest application
    /// (`submitted`, `processing`, `issued`, …).
    pub fapiao_status: String,
    /// Its latest application, if any.
    pub application_number: Option<String>,
}

/// Yuan with two decimals, no separators: `1234.56`.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", fen.abs() / 100, fen.abs() % 100)
}

fn progress_code(progress: FapiaoProgress) -> String {
    match progress {
        FapiaoProgress::NotApplied => "not_applied".into(),
        FapiaoProgress::Draft => "draft".into(),
        FapiaoProgress::Applied(status) => status.code().into(),
        FapiaoProgress::Refunded => "refunded".into(),
        FapiaoProgress::Split => "split".into(),
    }
}

impl From<Bill> for ApiBill {
    fn from(b: Bill) -> Self {
        Self {
            amount: yuan(b.amount_fen),
            fapiao_status: progress_code(b.progress),
            order_number: b.order_number,
            product: b.product,
            amount_fen: b.amount_fen,
            tax_rate: b.tax_rate,
            paid_at: b.paid_at,
            application_number: b.application_number,
        }
    }
}

/// A page of bills.
#[derive(Debug, Serialize, ToSchema)]
pub struct BillList {
    pub bills: Vec<ApiBill>,
    /// 1-based.
    pub page: u64,
    pub pages: u64,
    /// Bills matching the query, on every page.
    pub total: u64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BillQuery {
    /// 1-based; 1 when absent.
    pub page: Option<u64>,
    /// 1 to 100; 50 when absent.
    pub per_page: Option<u64>,
    /// Part of an order number.
    pub q: Option<String>,
}

/// List the bills
#[utoipa::path(
    get,
    path = "/api/v1/bills",
    tag = "bills",
    params(BillQuery),
    security(("token" = [])),
    responses(
        (status = 200, description = "A page of the caller's bills, newest first", body = BillList),
        (status = 400, description = "A malformed query", body = ErrorBody),
        (status = 401, description = "No token, or a wrong, expired or revoked one", body = ErrorBody),
        (status = 429, description = "Over the token's rate limit (see `Retry-After`)", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiCaller(account): ApiCaller,
    query: Result<Query<BillQuery>, QueryRejection>,
) -> Result<Json<BillList>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let page = query.page.unwrap_or(1).max(1);
    let per_page = query.per_page.unwrap_or(50).clamp(1, MAX_PER_PAGE);
    let found =
        app::bills::service::list(&state.db, account.account_id, query.q.as_deref().unwrap_or(""), page, per_page)
            .await?;
    Ok(Json(BillList {
        page: found.page,
        pages: found.pages,
        total: found.total,
        bills: found.bills.into_iter().map(ApiBill::from).collect(),
    }))
}
