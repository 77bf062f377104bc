//! Files staff move in and out of the service center from the browser: the order import (the
//! same as `server import-orders`, as a multipart upload) and the CSV export of applications
//! for a date range, which opens in Excel with its Chinese text intact (UTF-8 with a BOM).

use crate::extract::Staff;
use crate::responses::{attachment, wants_html};
use app::backend::AppState;
use app::backend::audit::audit;
use app::backend::entities::{fapiao_applications, issued_fapiao, orders};
use app::backend::request::AuditContext;
use app::backend::time::{china_offset, format_china_minutes};
use app::domain::Role;
use axum::extract::{Multipart, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// The longest range one export may cover.
pub const MAX_EXPORT_DAYS: i64 = 366;

/// `POST /admin/orders/import` (multipart, one `file`: .csv or .json). A browser is sent back
/// to `/admin/orders` with the counts or the reason; other clients get JSON.
pub async fn import_orders(
    State(state): State<AppState>,
    Staff(staff): Staff,
    axum::Extension(client): axum::Extension<app::backend::request::ClientAddress>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    // Staff see the page; only an admin imports (and is told so, where others get 404).
    if staff.role != Role::Admin {
        return refuse(&headers, StatusCode::FORBIDDEN, "only an admin imports orders");
    }
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(part)) if part.name() == Some("file") => {
                let name = part.file_name().unwrap_or_default().to_owned();
                match part.bytes().await {
                    Ok(bytes) => file = Some((name, bytes.to_vec())),
                    Err(_) => return refuse(&headers, StatusCode::PAYLOAD_TOO_LARGE, "the file is too large"),
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => return refuse(&headers, StatusCode::BAD_REQUEST, "the upload could not be read"),
        }
    }
    let Some((name, bytes)) = file.filter(|(_, bytes)| !bytes.is_empty()) else {
        return refuse(&headers, StatusCode::BAD_REQUEST, "choose a file to import");
    };
    let parsed = match name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).as_deref() {
        Some("csv") => crate::import::parse_csv(&bytes),
        Some("json") => crate::import::parse_json(&bytes),
        _ => return refuse(&headers, StatusCode::UNSUPPORTED_MEDIA_TYPE, "only .csv and .json files are imported"),
    };
    let orders = match parsed {
        Ok(orders) => orders,
        Err(error) => return refuse(&headers, StatusCode::UNPROCESSABLE_ENTITY, &format!("{error:#}")),
    };
    let report = match app::bills::order_sync::sync(
        &state.db,
        &orders,
        &state.site.public_base_url,
        &state.site.tax_rates,
    )
    .await
    {
        Ok(report) => report,
        Err(app::bills::order_sync::SyncError::Database(error)) => {
            tracing::error!(%error, "order import failed");
            return refuse(&headers, StatusCode::SERVICE_UNAVAILABLE, "the database is not available; try again");
        }
        Err(error) => return refuse(&headers, StatusCode::UNPROCESSABLE_ENTITY, &error.to_string()),
    };
    let detail = format!("{name}: {} new, {} updated, {} unchanged", report.created, report.updated, report.unchanged);
    let context = AuditContext::from_request(&headers, client.ip.to_string());
    if let Err(error) =
        audit(&state.db, &staff, "orders.import", "orders", &name, Some(&detail), &context, Utc::now()).await
    {
        tracing::error!(%error, "failed to audit an order import");
    }
    if wants_html(&headers) {
        let location = format!(
            "/admin/orders?created={}&updated={}&unchanged={}&emails={}",
            report.created, report.updated, report.unchanged, report.emails_queued
        );
        return Redirect::to(&location).into_response();
    }
    axum::Json(report).into_response()
}

fn refuse(headers: &HeaderMap, status: StatusCode, reason: &str) -> Response {
    if wants_html(headers) {
        let reason: String = reason.chars().take(300).collect();
        return Redirect::to(&format!("/admin/orders?error={}", app::urls::urlencode(&reason))).into_response();
    }
    (status, axum::Json(serde_json::json!({ "error": reason }))).into_response()
}

#[derive(Debug, serde::Deserialize)]
pub struct ExportRange {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// `GET /admin/export/applications.csv?from=YYYY-MM-DD&to=YYYY-MM-DD`: the applications
/// submitted on those days (China time, both included), oldest first.
pub async fn export_applications(
    State(state): State<AppState>,
    _staff: Staff,
    Query(range): Query<ExportRange>,
) -> Response {
    let date = |text: &str| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
    let (Some(from), Some(to)) = (date(&range.from), date(&range.to)) else {
        return (StatusCode::BAD_REQUEST, "from and to must be dates (YYYY-MM-DD).").into_response();
    };
    if to < from || (to - from).num_days() >= MAX_EXPORT_DAYS {
        return (StatusCode::BAD_REQUEST, "to must be on or after from, at most 366 days later.").into_response();
    }
    let start = china_offset().from_local_datetime(&from.and_hms_opt(0, 0, 0).expect("midnight")).unwrap();
    let end =
        china_offset().from_local_datetime(&(to + Duration::days(1)).and_hms_opt(0, 0, 0).expect("midnight")).unwrap();
    match applications_csv(&state, start.with_timezone(&Utc), end.with_timezone(&Utc)).await {
        Ok(body) => attachment(body, "text/csv; charset=utf-8", &format!("applications-{from}-{to}.csv")),
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "CSV export failed");
            (StatusCode::SERVICE_UNAVAILABLE, "The export cannot be made right now; please try again.").into_response()
        }
    }
}

const COLUMNS: [&str; 18] = [
    "申请编号 Application",
    "订单号 Order",
    "状态 Status",
    "发票种类 Kind",
    "发票类型 Type",
    "介质 Medium",
    "购买方类型 Buyer type",
    "抬头 Title",
    "纳税人识别号 Taxpayer ID",
    "价税合计（元） Total incl. tax (CNY)",
    "税率 Tax rate",
    "税额（元） Tax amount (CNY)",
    "交付方式 Delivery",
    "提交时间 Submitted (UTC+8)",
    "应办时间 Due (UTC+8)",
    "发票代码 Fapiao code",
    "发票号码 Fapiao number",
    "开具日期 Issued on",
];

async fn applications_csv(
    state: &AppState,
    start: chrono::DateTime<Utc>,
    end: chrono::DateTime<Utc>,
) -> anyhow::Result<Vec<u8>> {
    let rows = fapiao_applications::Entity::find()
        .filter(fapiao_applications::Column::SubmittedAt.gte(start))
        .filter(fapiao_applications::Column::SubmittedAt.lt(end))
        .order_by_asc(fapiao_applications::Column::SubmittedAt)
        .all(&state.db)
        .await?;
    let ids: Vec<i32> = rows.iter().map(|a| a.id).collect();
    let order_ids: Vec<i32> = rows.iter().map(|a| a.order_id).collect();
    let mut bills: HashMap<i32, orders::Model> = HashMap::new();
    for chunk in order_ids.chunks(500) {
        for order in orders::Entity::find().filter(orders::Column::Id.is_in(chunk.to_vec())).all(&state.db).await? {
            bills.insert(order.id, order);
        }
    }
    let mut issued: HashMap<i32, issued_fapiao::Model> = HashMap::new();
    for chunk in ids.chunks(500) {
        let found = issued_fapiao::Entity::find()
            .filter(issued_fapiao::Column::ApplicationId.is_in(chunk.to_vec()))
            .filter(issued_fapiao::Column::ReversedAt.is_null())
            .all(&state.db)
            .await?;
        for fapiao in found {
            issued.insert(fapiao.application_id, fapiao);
        }
    }
    // Excel reads a CSV as UTF-8 only when it starts with a byte-order mark.
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        writer.write_record(COLUMNS)?;
        for a in &rows {
            let bill = bills.get(&a.order_id);
            let fapiao = issued.get(&a.id);
            // As issued once issued; from the bill before.
            let taxed = match (fapiao, bill) {
                (Some(f), _) => Some(app::applications::service::issued_taxed(f)),
                (None, Some(b)) => Some(app::bills::service::taxed_amount(b)),
                (None, None) => None,
            };
            let yuan = |fen: i64| format!("{}.{:02}", fen / 100, fen % 100);
            let record = [
                a.application_number.clone(),
                bill.map(|b| b.order_number.clone()).unwrap_or_default(),
                a.status.code().to_owned(),
                app::labels::fapiao_kind_label(app::i18n::Locale::zh_CN, a.fapiao_type, a.medium).to_owned(),
                a.fapiao_type.code().to_owned(),
                a.medium.code().to_owned(),
                a.buyer_type.code().to_owned(),
                // Exactly as typed: `蓝云科技（上海）有限公司` stays with its full-width brackets.
                a.title.clone(),
                a.taxpayer_id.clone().unwrap_or_default(),
                taxed.map(|t| yuan(t.total.fen())).unwrap_or_default(),
                taxed.map(|t| t.rate.to_string()).unwrap_or_default(),
                taxed.map(|t| yuan(t.tax.fen())).unwrap_or_default(),
                a.delivery_method.code().to_owned(),
                format_china_minutes(a.submitted_at),
                format_china_minutes(a.due_at),
                fapiao.and_then(|f| f.fapiao_code.clone()).unwrap_or_default(),
                fapiao.map(|f| f.fapiao_number.clone()).unwrap_or_default(),
                fapiao.map(|f| f.issue_date.to_string()).unwrap_or_default(),
            ];
            writer.write_record(record.iter().map(|cell| spreadsheet_safe(cell).into_owned()))?;
        }
        writer.flush()?;
    }
    Ok(out)
}

/// A cell Excel will not run as a formula: text starting with `=`, `+`, `-`, `@`, tab or CR
/// (a title someone typed, say) gets a leading apostrophe.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_safe;

    #[test]
    fn cells_that_excel_would_run_as_formulas_are_defused() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("蓝云科技（上海）有限公司"), "蓝云科技（上海）有限公司");
        assert_eq!(spreadsheet_safe("2026-11-24 10:00"), "2026-11-24 10:00");
    }
}
