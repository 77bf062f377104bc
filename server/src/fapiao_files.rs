//! E-fapiao files: staff upload them when issuing (a multipart form, so it works without
//! JavaScript), the owning customer and staff download them. Only PDF, OFD and XML are taken,
//! recognised by their content as well as their name, each at most `max_file_bytes`.

use crate::extract::Staff;
use crate::responses::{attachment, not_found, wants_html};
use app::admin::queue::service::{self as queue, StoredFile, Transition};
use app::backend::AppState;
use app::backend::db::DbContext;
use app::backend::entities::{fapiao_files, issued_fapiao, orders};
use app::backend::request::AuditContext;
use app::backend::sessions::CurrentAccount;
use app::domain::{FapiaoFileKind, FapiaoNumber, Fen, Medium, Role, ValidationError};
use app::error::AppError;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Json};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use tokio::io::AsyncWriteExt;

/// The kind of an e-fapiao file from its name and first bytes, or `None`.
pub fn file_kind(file_name: &str, bytes: &[u8]) -> Option<FapiaoFileKind> {
    let extension = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    let text_start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text_start = &text_start[text_start.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(0)..];
    match extension.as_str() {
        "pdf" if bytes.starts_with(b"%PDF-") => Some(FapiaoFileKind::Pdf),
        // OFD (GB/T 33190) is a ZIP container.
        "ofd" if bytes.starts_with(b"PK\x03\x04") => Some(FapiaoFileKind::Ofd),
        "xml" if text_start.starts_with(b"<") => Some(FapiaoFileKind::Xml),
        _ => None,
    }
}

/// A refusal: back to the detail page with the reason for a browser form, JSON otherwise.
fn refuse(headers: &HeaderMap, number: &str, error: AppError) -> Response {
    if wants_html(headers) {
        // The page turns the field errors back into sentences (`admin::queue::IssueRefusal`).
        let reason = match &error {
            AppError::Validation(fields) => serde_json::to_string(fields).unwrap_or_else(|_| "failed".to_owned()),
            AppError::Conflict(_) => "conflict".to_owned(),
            _ => "failed".to_owned(),
        };
        let location = format!("/admin/applications/{number}?issue_error={}", app::urls::urlencode(&reason));
        return Redirect::to(&location).into_response();
    }
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, Json(json!({ "error": error }))).into_response()
}

/// `POST /admin/applications/{number}/issue` (multipart): `version`, `fapiao_code` (paper),
/// `fapiao_number`, `issue_date` (YYYY-MM-DD), `amount` (yuan), `files` (any number).
pub async fn issue(
    State(state): State<AppState>,
    Path(number): Path<String>,
    Staff(staff): Staff,
    axum::Extension(client): axum::Extension<app::backend::request::ClientAddress>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let mut stored = Vec::new();
    let result = receive_and_issue(&state, &staff, &number, (&headers, client), multipart, &mut stored).await;
    match result {
        Ok(()) if wants_html(&headers) => Redirect::to(&app::urls::admin_application(&number)).into_response(),
        Ok(()) => Json(json!({ "status": "issued" })).into_response(),
        Err(error) => {
            for file in &stored {
                let _ = tokio::fs::remove_file(state.site.files_dir.join(&file.storage_key)).await;
            }
            refuse(&headers, &number, error)
        }
    }
}

async fn receive_and_issue(
    state: &AppState,
    staff: &CurrentAccount,
    number: &str,
    (headers, client): (&HeaderMap, app::backend::request::ClientAddress),
    mut multipart: Multipart,
    stored: &mut Vec<StoredFile>,
) -> Result<(), AppError> {
    let application = app::applications::service::by_number(&state.db, number)
        .await
        .context("read an application")?
        .ok_or(AppError::NotFound)?;
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    while let Some(part) =
        multipart.next_field().await.map_err(|_| AppError::field("files", ValidationError::BadFormat))?
    {
        let name = part.name().unwrap_or_default().to_owned();
        if name != "files" {
            let value = part.text().await.map_err(|_| AppError::field(&name, ValidationError::BadFormat))?;
            fields.insert(name, value);
            continue;
        }
        let file_name: String =
            part.file_name().unwrap_or_default().chars().filter(|c| !c.is_control()).take(200).collect();
        let bytes = part
            .bytes()
            .await
            .map_err(|_| AppError::field("files", ValidationError::TooLong { max: state.site.max_file_bytes }))?;
        if file_name.is_empty() && bytes.is_empty() {
            continue; // the file input left empty
        }
        if bytes.len() > state.site.max_file_bytes {
            return Err(AppError::field(
                "files",
                ValidationError::FileTooLarge { max_bytes: state.site.max_file_bytes as u64 },
            ));
        }
        let kind = file_kind(&file_name, &bytes).ok_or_else(|| AppError::field("files", ValidationError::FileType))?;
        stored.push(store(state, &file_name, kind, &bytes).await?);
    }
    let text = |name: &str| fields.get(name).map(String::as_str).unwrap_or("");
    let version: i32 =
        text("version").trim().parse().map_err(|_| AppError::field("version", ValidationError::BadFormat))?;
    let fapiao_number = if application.medium == Medium::Paper {
        FapiaoNumber::parse_paper(text("fapiao_code"), text("fapiao_number")).map_err(|(code, number)| {
            let mut errors = BTreeMap::new();
            if let Some(e) = code {
                errors.insert("fapiao_code".to_owned(), e);
            }
            if let Some(e) = number {
                errors.insert("fapiao_number".to_owned(), e);
            }
            AppError::Validation(errors)
        })?
    } else {
        FapiaoNumber::parse_electronic(text("fapiao_number")).map_err(|e| AppError::field("fapiao_number", e))?
    };
    let issue_date = chrono::NaiveDate::parse_from_str(text("issue_date").trim(), "%Y-%m-%d")
        .map_err(|_| AppError::field("issue_date", ValidationError::BadFormat))?;
    let amount = Fen::parse_yuan(text("amount")).map_err(|e| AppError::field("amount", e))?;
    let context = AuditContext::from_request(headers, client.ip.to_string());
    let transition = Transition::Issue { number: fapiao_number, issue_date, amount, files: stored.clone() };
    queue::apply(state, staff, number, version, transition, context).await.map(drop)
}

/// Writes one file under a random key. A full disk or a missing folder is a clear 503, and
/// whatever part of the file reached the disk is removed again.
async fn store(state: &AppState, file_name: &str, kind: FapiaoFileKind, bytes: &[u8]) -> Result<StoredFile, AppError> {
    let key = format!("{}.{kind}", uuid::Uuid::new_v4().simple());
    let dir = &state.site.files_dir;
    let path = dir.join(&key);
    let written = async {
        tokio::fs::create_dir_all(dir).await?;
        let mut file = tokio::fs::File::create(&path).await?;
        file.write_all(bytes).await?;
        // tokio writes in the background: a failed write (disk full) is only reported by the
        // next flush — `sync_all` alone would report success for a truncated file.
        file.flush().await?;
        file.sync_all().await
    }
    .await;
    if let Err(error) = written {
        tracing::error!(%error, dir = %dir.display(), "Failed to store an uploaded file");
        let _ = tokio::fs::remove_file(&path).await;
        return Err(AppError::Unavailable);
    }
    Ok(StoredFile {
        kind,
        file_name: file_name.to_owned(),
        content_type: kind.content_type().to_owned(),
        size_bytes: bytes.len() as i64,
        sha256: hex::encode(Sha256::digest(bytes)),
        storage_key: key,
    })
}

/// `GET /applications/{number}/files/{id}`: for the customer whose bill it is, and for staff.
pub async fn download(
    State(state): State<AppState>,
    Path((number, id)): Path<(String, i32)>,
    account: Option<Extension<CurrentAccount>>,
) -> Response {
    let Some(Extension(account)) = account else {
        return Redirect::to(&app::urls::login_then(&app::urls::application_file(&number, id))).into_response();
    };
    match file_of(&state, &account, &number, id).await {
        Ok(Some(file)) => send(&state, &file).await,
        Ok(None) => not_found(),
        Err(error) => {
            tracing::error!(%error, "Failed to look up a file");
            (StatusCode::INTERNAL_SERVER_ERROR, "The file could not be read.").into_response()
        }
    }
}

/// File `id` of application `number`, if `account` may have it: staff any, a customer those
/// of applications for its bills. `None` also when the file is another application's.
pub async fn file_of(
    state: &AppState,
    account: &CurrentAccount,
    number: &str,
    id: i32,
) -> Result<Option<fapiao_files::Model>, sea_orm::DbErr> {
    let application = app::applications::service::by_number(&state.db, number).await?;
    let Some(application) = application else { return Ok(None) };
    let allowed = match account.role {
        Role::Staff | Role::Admin => true,
        Role::Customer => app::bills::service::visible_to(account.account_id)
            .filter(orders::Column::Id.eq(application.order_id))
            .one(&state.db)
            .await?
            .is_some(),
    };
    if !allowed {
        return Ok(None);
    }
    let file = fapiao_files::Entity::find_by_id(id).one(&state.db).await?;
    let Some(file) = file else { return Ok(None) };
    let issued = issued_fapiao::Entity::find_by_id(file.issued_fapiao_id).one(&state.db).await?;
    Ok(issued.filter(|i| i.application_id == application.id).map(|_| file))
}

/// The stored file as a download; 503 when the storage does not have it.
pub async fn send(state: &AppState, file: &fapiao_files::Model) -> Response {
    let bytes = match tokio::fs::read(state.site.files_dir.join(&file.storage_key)).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, key = %file.storage_key, "A stored file is missing");
            return (StatusCode::SERVICE_UNAVAILABLE, "The file is not available right now.").into_response();
        }
    };
    attachment(bytes, &file.content_type, &file.file_name)
}

/// `GET /fapiao/{token}`: the page of an emailed download link, without login: the fapiao's
/// number and its files, nothing else of the customer. A wrong, expired or reversed link is a
/// plain 404.
pub async fn link_page(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let found = match app::applications::service::files_for_link(&state.db, &token, chrono::Utc::now()).await {
        Ok(Some(found)) => found,
        Ok(None) => return not_found(),
        Err(error) => {
            tracing::error!(%error, "Failed to look up a download link");
            return (StatusCode::SERVICE_UNAVAILABLE, "The files cannot be listed right now; please try again.")
                .into_response();
        }
    };
    let (issued, files) = found;
    let escape = app::backend::html::escape;
    let items: String = files
        .iter()
        .map(|f| {
            format!(
                "<li><a href=\"{}\" download>下载 Download {} ({} KB)</a></li>",
                app::urls::fapiao_download_file(&escape(&token), f.id),
                escape(&f.file_name),
                (f.size_bytes + 1023) / 1024
            )
        })
        .collect();
    let number = escape(&issued.fapiao_number);
    let html = format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\"><meta name=\"robots\" content=\"noindex\">\
         <title>发票文件 Fapiao files {number}</title></head>\
         <body style=\"font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem;\">\
         <h1>发票 {number} 的文件 / Files of fapiao {number}</h1><ul>{items}</ul>\
         <p>此链接自发送起 30 天内有效。/ This link works for 30 days from when it was sent.</p></body></html>"
    );
    let mut response = axum::response::Html(html).into_response();
    let headers = response.headers_mut();
    headers.insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("private, no-store"));
    headers.insert(axum::http::header::REFERRER_POLICY, axum::http::HeaderValue::from_static("no-referrer"));
    response
}

/// `GET /fapiao/{token}/{id}`: one file of that link; only a file of the link's fapiao.
pub async fn link_download(State(state): State<AppState>, Path((token, id)): Path<(String, i32)>) -> Response {
    let file = match app::applications::service::files_for_link(&state.db, &token, chrono::Utc::now()).await {
        Ok(Some((_, files))) => files.into_iter().find(|f| f.id == id),
        Ok(None) => None,
        Err(error) => {
            tracing::error!(%error, "Failed to look up a download link");
            return (StatusCode::SERVICE_UNAVAILABLE, "The file cannot be read right now; please try again.")
                .into_response();
        }
    };
    let Some(file) = file else { return not_found() };
    match tokio::fs::read(state.site.files_dir.join(&file.storage_key)).await {
        Ok(bytes) => attachment(bytes, &file.content_type, &file.file_name),
        Err(error) => {
            tracing::error!(%error, key = %file.storage_key, "Failed to read a stored fapiao file");
            (StatusCode::SERVICE_UNAVAILABLE, "The file cannot be read right now; please try again.").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::file_kind;
    use app::domain::FapiaoFileKind;

    #[test]
    fn files_are_recognised_by_name_and_content() {
        assert_eq!(file_kind("a.PDF", b"%PDF-1.7 ...").map(FapiaoFileKind::code), Some("pdf"));
        assert_eq!(file_kind("a.ofd", b"PK\x03\x04...").map(FapiaoFileKind::code), Some("ofd"));
        assert_eq!(file_kind("a.xml", b"\xEF\xBB\xBF  <?xml version").map(FapiaoFileKind::code), Some("xml"));
        assert_eq!(file_kind("a.pdf", b"MZ\x90\x00"), None, "an executable named .pdf");
        assert_eq!(file_kind("a.exe", b"%PDF-"), None);
        assert_eq!(file_kind("noextension", b"%PDF-"), None);
    }
}
