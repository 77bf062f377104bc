//! The billing platform's order webhook and the file import: signed, idempotent, all or
//! nothing, the confirmation email for newly paid orders.

use crate::helpers::{TestApp, spawn_app_with};
use app::backend::entities::{email_outbox, orders};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use server::billing::{SIGNATURE_HEADER, TIMESTAMP_HEADER, signature};

pub const SECRET: &str = "billing-test-secret";

async fn app() -> TestApp {
    spawn_app_with(|s| s.billing.shared_secret = Some(SECRET.to_owned().into())).await
}

fn order(number: &str, status: &str) -> Value {
    json!({
        "order_number": number, "customer_ref": "CUST-2001", "customer_name": "北辰云计算有限公司",
        "product": "Microsoft 365 E3", "amount_fen": 123_456, "payer_name": "北辰云计算有限公司",
        "buyer_email": "ap@beichen.example.cn", "status": status, "paid_at": "2026-11-20T02:00:00Z"
    })
}

pub async fn push_signed(app: &TestApp, body: &[u8], timestamp: i64, secret: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/billing/orders"))
        .header("content-type", "application/json")
        .header(TIMESTAMP_HEADER, timestamp.to_string())
        .header(SIGNATURE_HEADER, signature(secret, timestamp, body))
        .body(body.to_vec())
        .send()
        .await
        .unwrap()
}

async fn push(app: &TestApp, orders: &[Value]) -> reqwest::Response {
    let body = serde_json::to_vec(&json!({ "orders": orders })).unwrap();
    push_signed(app, &body, chrono::Utc::now().timestamp(), SECRET).await
}

async fn stored(app: &TestApp) -> Vec<orders::Model> {
    orders::Entity::find().all(&app.db).await.unwrap()
}

async fn confirmation_emails(app: &TestApp) -> u64 {
    email_outbox::Entity::find()
        .filter(email_outbox::Column::Kind.eq("order_confirmation"))
        .count(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_signed_push_is_stored_once_and_later_statuses_update_the_same_row() {
    let app = app().await;
    let response = push(&app, &[order("MO-20261120-01", "paid"), order("MO-20261120-02", "pending")]).await;
    assert_eq!(response.status(), 200);
    let report: Value = response.json().await.unwrap();
    assert_eq!((report["created"].as_u64(), report["emails_queued"].as_u64()), (Some(2), Some(1)));
    assert_eq!(confirmation_emails(&app).await, 1, "only the paid order is confirmed");

    // The same push again changes nothing; a refund and a payment update their rows.
    let again: Value = push(&app, &[order("MO-20261120-01", "paid")]).await.json().await.unwrap();
    assert_eq!(again["unchanged"], 1);
    let later: Value =
        push(&app, &[order("MO-20261120-01", "refunded"), order("MO-20261120-02", "paid")]).await.json().await.unwrap();
    assert_eq!(later["updated"], 2);
    let rows = stored(&app).await;
    assert_eq!(rows.len(), 2);
    let status = |n: &str| rows.iter().find(|o| o.order_number == n).unwrap().status.code();
    assert_eq!((status("MO-20261120-01"), status("MO-20261120-02")), ("refunded", "paid"));
    assert_eq!(confirmation_emails(&app).await, 2, "the newly paid order is confirmed once");
    // A refund is final.
    push(&app, &[order("MO-20261120-01", "paid")]).await;
    assert_eq!(
        stored(&app).await.iter().find(|o| o.order_number == "MO-20261120-01").unwrap().status.code(),
        "refunded"
    );
}

#[tokio::test]
async fn unsigned_badly_signed_or_stale_pushes_get_401_and_store_nothing() {
    let app = app().await;
    let body = serde_json::to_vec(&json!({ "orders": [order("MO-20261120-03", "paid")] })).unwrap();
    let now = chrono::Utc::now().timestamp();
    assert_eq!(push_signed(&app, &body, now, "wrong-secret").await.status(), 401);
    assert_eq!(push_signed(&app, &body, now - 301, SECRET).await.status(), 401, "older than 5 minutes");
    let unsigned = app.client.post(app.url("/api/billing/orders")).body(body.clone()).send().await.unwrap();
    assert_eq!(unsigned.status(), 401);
    // A signature over another body.
    let tampered = app
        .client
        .post(app.url("/api/billing/orders"))
        .header(TIMESTAMP_HEADER, now.to_string())
        .header(SIGNATURE_HEADER, signature(SECRET, now, b"{\"orders\":[]}"))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(tampered.status(), 401);
    assert!(stored(&app).await.is_empty());
}

#[tokio::test]
async fn malformed_bodies_get_a_4xx_with_the_reason_and_store_nothing() {
    let app = app().await;
    let now = chrono::Utc::now().timestamp();
    let response = push_signed(&app, b"{not json", now, SECRET).await;
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("not a valid order batch"));

    // One bad order refuses the whole batch, with the order and field named.
    let mut bad = order("MO-20261120-05", "paid");
    bad["buyer_email"] = json!("not-an-email");
    let response = push(&app, &[order("MO-20261120-04", "paid"), bad]).await;
    assert_eq!(response.status(), 422);
    let reason: Value = response.json().await.unwrap();
    assert!(reason["error"].as_str().unwrap().starts_with("order 1: buyer_email"), "{reason}");
    let mut unpaid = order("MO-20261120-06", "paid");
    unpaid["paid_at"] = Value::Null;
    assert_eq!(push(&app, &[unpaid]).await.status(), 422);
    let mut negative = order("MO-20261120-07", "paid");
    negative["amount_fen"] = json!(-5);
    assert_eq!(push(&app, &[negative]).await.status(), 422);
    let mut unknown_field = order("MO-20261120-08", "paid");
    unknown_field["discount"] = json!(1);
    assert_eq!(push(&app, &[unknown_field]).await.status(), 400);
    assert!(stored(&app).await.is_empty());
    assert_eq!(confirmation_emails(&app).await, 0);
}

#[tokio::test]
async fn without_a_configured_secret_the_webhook_is_unavailable() {
    let app = crate::helpers::spawn_app().await;
    let body = b"{\"orders\":[]}";
    let response = push_signed(&app, body, chrono::Utc::now().timestamp(), SECRET).await;
    assert_eq!(response.status(), 503);
}

#[tokio::test]
async fn a_csv_file_is_imported_through_the_same_checks_and_storage() {
    let app = app().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("orders.csv");
    std::fs::write(
        &file,
        "order_number,customer_ref,customer_name,product,amount_fen,payer_name,buyer_email,status,paid_at\n\
         MO-20261121-01,CUST-2002,南湖数据,Azure,880000,南湖数据,fin@nanhu.example.cn,paid,2026-11-21T01:00:00Z\n",
    )
    .unwrap();
    let orders = server::import::read_orders(&file).unwrap();
    let report =
        app::bills::order_sync::sync(&app.db, &orders, "http://127.0.0.1:3000", &Default::default()).await.unwrap();
    assert_eq!((report.created, report.emails_queued), (1, 1));
    // Importing the same file again is harmless.
    let report =
        app::bills::order_sync::sync(&app.db, &orders, "http://127.0.0.1:3000", &Default::default()).await.unwrap();
    assert_eq!(report.unchanged, 1);
    assert_eq!(stored(&app).await.len(), 1);
}

/// A captured signed request replayed within its time window is refused, and a payment never
/// goes back to pending, however the request is ordered.
#[tokio::test]
async fn a_replayed_push_is_refused_and_a_paid_order_never_goes_back_to_pending() {
    let app = app().await;
    let now = chrono::Utc::now().timestamp();
    let pending = serde_json::to_vec(&json!({ "orders": [order("MO-20261121-01", "pending")] })).unwrap();
    assert_eq!(push_signed(&app, &pending, now - 60, SECRET).await.status(), 200);
    assert_eq!(push(&app, &[order("MO-20261121-01", "paid")]).await.status(), 200);

    let replay = push_signed(&app, &pending, now - 60, SECRET).await;
    assert_eq!(replay.status(), 409, "the same signed request twice");
    assert_eq!(stored(&app).await[0].status.code(), "paid");

    let late_pending = push(&app, &[order("MO-20261121-01", "pending")]).await;
    assert_eq!(late_pending.status(), 200, "a fresh request is accepted");
    assert_eq!(stored(&app).await[0].status.code(), "paid", "but a payment never goes back to pending");
}
