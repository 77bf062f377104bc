//! `POST /api/billing/orders`: the billing platform pushes orders and payments.
//!
//! Signed: `X-Billing-Timestamp` (Unix seconds) and `X-Billing-Signature: sha256=<hex>`, the
//! HMAC-SHA256 with the shared secret of `{timestamp}.{body}`. A request older than the
//! allowed skew or badly signed gets 401 and nothing is stored; a malformed body a 4xx with
//! the reason. The body is checked whole before anything is stored.

use app::backend::AppState;
use app::bills::order_sync::{self, OrderBatch, SyncError};
use axum::Json;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;
use sha2::Sha256;

pub const TIMESTAMP_HEADER: &str = "x-billing-timestamp";
pub const SIGNATURE_HEADER: &str = "x-billing-signature";

/// How the webhook checks requests, from `[billing]` in the configuration.
#[derive(Clone)]
pub struct BillingWebhook {
    pub secret: Option<SecretString>,
    pub max_skew_seconds: i64,
}

/// `sha256=<hex>` of `{timestamp}.{body}`, as the billing platform computes it.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn refuse(status: StatusCode, reason: impl Into<String>) -> Response {
    (status, Json(json!({ "error": reason.into() }))).into_response()
}

/// Why a request was refused: its status and the reason given back.
type Refusal = (StatusCode, &'static str);

/// Checks the timestamp and the signature (in constant time).
fn verify(webhook: &BillingWebhook, headers: &HeaderMap, body: &[u8], now: i64) -> Result<(), Refusal> {
    let Some(secret) = &webhook.secret else {
        return Err((StatusCode::SERVICE_UNAVAILABLE, "the billing webhook is not configured on this server"));
    };
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    let timestamp: i64 = header(TIMESTAMP_HEADER)
        .and_then(|t| t.parse().ok())
        .ok_or((StatusCode::UNAUTHORIZED, "missing or malformed X-Billing-Timestamp"))?;
    if (now - timestamp).abs() > webhook.max_skew_seconds {
        return Err((StatusCode::UNAUTHORIZED, "the request is too old (or from the future)"));
    }
    let given = header(SIGNATURE_HEADER)
        .and_then(|s| s.strip_prefix("sha256="))
        .and_then(|hex_digest| hex::decode(hex_digest).ok())
        .ok_or((StatusCode::UNAUTHORIZED, "missing or malformed X-Billing-Signature"))?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose_secret().as_bytes())
        .map_err(|_| (StatusCode::INTERNAL_SERVER_ERROR, "bad webhook key"))?;
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.verify_slice(&given).map_err(|_| (StatusCode::UNAUTHORIZED, "the signature does not match"))
}

/// The SHA-256 of a request's signature: what a replay is recognised by.
fn delivery_key(headers: &HeaderMap) -> String {
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default();
    hex::encode(<Sha256 as sha2::Digest>::digest(signature.trim().as_bytes()))
}

pub async fn receive_orders(state: AppState, webhook: BillingWebhook, headers: HeaderMap, body: Bytes) -> Response {
    use app::backend::entities::billing_deliveries;
    use sea_orm::{EntityTrait, Set, sea_query::OnConflict};
    if let Err((status, reason)) = verify(&webhook, &headers, &body, chrono::Utc::now().timestamp()) {
        return refuse(status, reason);
    }
    // A signed request is good for its time window only once: a captured one replayed (to undo
    // a later change, say) is refused. Recorded after it was processed, so a request that
    // failed here can be sent again; two copies racing are harmless (storing is idempotent).
    let key = delivery_key(&headers);
    match billing_deliveries::Entity::find_by_id(key.clone()).one(&state.db).await {
        Ok(Some(_)) => return refuse(StatusCode::CONFLICT, "this signed request was already received"),
        Ok(None) => {}
        Err(error) => {
            tracing::error!(%error, "Failed to look up a billing delivery");
            return refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "the orders could not be stored now; send them again later",
            );
        }
    }
    let batch: OrderBatch = match serde_json::from_slice(&body) {
        Ok(batch) => batch,
        Err(error) => return refuse(StatusCode::BAD_REQUEST, format!("the body is not a valid order batch: {error}")),
    };
    match order_sync::sync(&state.db, &batch.orders, &state.site.public_base_url, &state.site.tax_rates).await {
        Ok(report) => {
            tracing::info!(?report, "orders synced from the billing platform");
            let delivery =
                billing_deliveries::ActiveModel { signature_hash: Set(key), received_at: Set(chrono::Utc::now()) };
            let recorded = billing_deliveries::Entity::insert(delivery)
                .on_conflict(OnConflict::column(billing_deliveries::Column::SignatureHash).do_nothing().to_owned())
                .exec_without_returning(&state.db)
                .await;
            if let Err(error) = recorded {
                tracing::warn!(%error, "Failed to remember a billing delivery (a replay of it would be stored again)");
            }
            Json(report).into_response()
        }
        Err(SyncError::Database(error)) => {
            tracing::error!(%error, "Failed to store synced orders");
            refuse(StatusCode::SERVICE_UNAVAILABLE, "the orders could not be stored now; send them again later")
        }
        Err(refused) => refuse(StatusCode::UNPROCESSABLE_ENTITY, refused.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn webhook() -> BillingWebhook {
        BillingWebhook { secret: Some(SecretString::from("s3cret")), max_skew_seconds: 300 }
    }

    fn headers(timestamp: i64, signature: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(TIMESTAMP_HEADER, timestamp.to_string().parse().unwrap());
        headers.insert(SIGNATURE_HEADER, signature.parse().unwrap());
        headers
    }

    #[test]
    fn a_fresh_correct_signature_passes_and_anything_else_fails() {
        let body = br#"{"orders":[]}"#;
        let now = 1_800_000_000;
        let good = signature("s3cret", now, body);
        assert!(verify(&webhook(), &headers(now, &good), body, now + 10).is_ok());
        assert!(verify(&webhook(), &headers(now, &good), b"{\"orders\":[1]}", now).is_err(), "body changed");
        assert!(verify(&webhook(), &headers(now, &signature("other", now, body)), body, now).is_err());
        assert!(verify(&webhook(), &headers(now, &good), body, now + 301).is_err(), "too old");
        assert!(verify(&webhook(), &headers(now, "sha256=zz"), body, now).is_err());
        let unconfigured = BillingWebhook { secret: None, max_skew_seconds: 300 };
        assert!(verify(&unconfigured, &headers(now, &good), body, now).is_err());
    }
}
