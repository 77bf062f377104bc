//! Bad input through the real HTTP layer: every registered server function gets generated
//! form bodies (likely and unlikely field names, any Unicode, control characters, invalid
//! UTF-8, very long values, deeply nested brackets) from a visitor, a customer and staff; the
//! signed billing webhook gets invalid UTF-8 and deeply nested JSON; the staff order import
//! gets bytes that are not a CSV. Every answer is a 2xx, 3xx or 4xx — never a 5xx, a panic
//! or a dropped connection.

use crate::billing::{SECRET, push_signed};
use crate::helpers::{LANYUN, STAFF, TestApp, spawn_app_with};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};

/// Generated bodies per server function and caller.
const CASES: usize = 12;

/// Field names the server functions use, and some they never expect.
fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "order_number",
            "number",
            "email",
            "password",
            "password_again",
            "token",
            "step",
            "go",
            "form[title]",
            "form[taxpayer_id]",
            "form[medium]",
            "form[fapiao_type]",
            "form[delivery_emails]",
            "idempotency_key",
            "version",
            "action",
            "filter[q]",
            "filter[status]",
            "page",
            "per",
            "year",
            "days",
            "kind",
            "body",
            "subject",
            "before",
            "q",
            "province",
            "city",
        ])
        .prop_map(str::to_owned),
        "[a-z_\\[\\]]{1,12}",
        Just("a".to_owned() + &"[b]".repeat(500)),
    ]
}

/// Values: plausible, numeric extremes, any Unicode, very long.
fn field_value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::sample::select(vec![
            "",
            "0",
            "-1",
            "99999999999999999999",
            "1e309",
            "NaN",
            "MO-20261001-02",
            "FP2026112500000001",
            "2026-02-30",
            "true",
            "null",
            "{}",
            "[]",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "next",
            "back",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        "\\PC{0,40}".prop_map(String::into_bytes),
        "[\\x00-\\x1f]{1,8}".prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..40),
        Just("长".repeat(20_000).into_bytes()),
    ]
}

fn form_body() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec((field_name(), field_value()), 0..6).prop_map(|fields| {
        let pairs: Vec<String> = fields
            .iter()
            .map(|(name, value)| format!("{}={}", percent_encode(name.as_bytes()), percent_encode(value)))
            .collect();
        pairs.join("&").into_bytes()
    })
}

fn percent_encode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| if b.is_ascii_alphanumeric() { (*b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

async fn post(app: &TestApp, path: &str, cookie: Option<&str>, body: Vec<u8>) -> reqwest::Response {
    let mut request = app.client.post(app.url(path)).header("content-type", "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.body(body).send().await.unwrap_or_else(|e| panic!("{path}: the connection broke: {e}"))
}

#[tokio::test]
async fn every_server_function_answers_generated_bad_input_with_a_4xx_never_a_5xx() {
    let app = spawn_app_with(|_| {}).await;
    server::demo::load(&app.db, "http://127.0.0.1:3000").await.unwrap();
    let customer = app.login(LANYUN.0, LANYUN.1).await;
    let staff = app.login(STAFF.0, STAFF.1).await;
    let mut paths: Vec<&str> = leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path).collect();
    paths.sort_unstable();
    // Logging out would end the sessions the other calls use; it takes no input anyway.
    paths.retain(|path| !path.ends_with("/logout"));
    assert!(paths.len() > 30, "the server functions are registered: {paths:?}");

    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        proptest::test_runner::TestRng::deterministic_rng(proptest::test_runner::RngAlgorithm::ChaCha),
    );
    let bodies = form_body();
    for path in &paths {
        for caller in [None, Some(customer.as_str()), Some(staff.as_str())] {
            for _ in 0..CASES {
                let body = bodies.new_tree(&mut runner).expect("a generated body").current();
                let shown = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
                let status = post(&app, path, caller, body).await.status();
                assert!(
                    status.is_success() || status.is_redirection() || status.is_client_error(),
                    "{path} as {caller:?} answered {status} to {shown:?}"
                );
            }
        }
    }
    // Still serving, and the sessions still work.
    assert_eq!(app.page_as(&customer, "/bills").await.0, 200);
}

#[tokio::test]
async fn the_billing_webhook_refuses_invalid_utf8_and_deep_json_with_a_4xx() {
    let app = spawn_app_with(|s| s.billing.shared_secret = Some(SECRET.to_owned().into())).await;
    let now = chrono::Utc::now().timestamp();
    let deep = format!("{{\"orders\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    for body in [b"{\"orders\":[\"\xff\xfe\"]}".to_vec(), deep.into_bytes(), b"\x00\x01".to_vec(), Vec::new()] {
        let status = push_signed(&app, &body, now, SECRET).await.status();
        assert!(status.is_client_error(), "{status} for {:?}", String::from_utf8_lossy(&body[..body.len().min(40)]));
    }
}

#[tokio::test]
async fn the_order_import_refuses_bytes_that_are_not_orders_with_a_reason() {
    let app = spawn_app_with(|_| {}).await;
    server::demo::load(&app.db, "http://127.0.0.1:3000").await.unwrap();
    let staff = app.login(STAFF.0, STAFF.1).await;
    let files: [(&str, &[u8]); 4] = [
        ("orders.csv", b"\xff\xfe\x00garbage\x00"),
        ("orders.csv", b"order_number\n\"unterminated"),
        (
            "orders.json",
            b"{\"orders\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        ),
        ("orders.exe", b"MZ\x90\x00"),
    ];
    for (name, bytes) in files {
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_owned()));
        let response = app
            .client
            .post(app.url("/admin/orders/import"))
            .header("cookie", &staff)
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body = response.text().await.unwrap();
        assert!(status.is_client_error(), "{name}: {status} {body}");
        assert!(!body.trim().is_empty(), "{name}: a reason is given");
    }
}

/// A NUL character, which a PostgreSQL text cannot hold, in a value the server looks up: the
/// client's mistake (4xx) on both databases, never a 500.
#[tokio::test]
async fn a_nul_character_in_a_looked_up_value_is_a_4xx_on_every_database() {
    let app = spawn_app_with(|_| {}).await;
    server::demo::load(&app.db, "http://127.0.0.1:3000").await.unwrap();
    let customer = app.login(LANYUN.0, LANYUN.1).await;
    for (path, field) in [
        ("/api/support/thread", "number"),
        ("/api/bill", "order_number"),
        ("/api/application", "number"),
        ("/api/books/title", "id"),
    ] {
        let status = post(&app, path, Some(&customer), format!("{field}=MO%00-1").into_bytes()).await.status();
        assert!(status.is_client_error(), "{path}: {status}");
    }
}
