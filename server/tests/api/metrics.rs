//! `/metrics` for operators: requests and latency by route, refusals, the hashing queue, the
//! outbox, the pool — answered to the operator's own tooling only.

use crate::helpers::{LILEI, ServerProcess, TestApp, fresh_database_url, spawn_app_with_demo};

async fn scrape(app: &TestApp) -> String {
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

/// The value of the sample whose name and labels are `sample` (0 when absent).
fn value(text: &str, sample: &str) -> f64 {
    text.lines()
        .find_map(|line| line.strip_prefix(sample).and_then(|rest| rest.trim().split(' ').next()?.parse().ok()))
        .unwrap_or(0.0)
}

#[tokio::test]
async fn the_counters_move_with_requests_and_refusals_and_only_the_operator_reads_them() {
    let app = spawn_app_with_demo().await;
    let bills = r#"fapiao_http_requests_total{method="GET",route="/bills",status="200"}"#;
    let refused = r#"fapiao_refused_total{reason="login"}"#;
    let before = scrape(&app).await;
    for gauge in ["fapiao_outbox_pending", "fapiao_hashing_queue_depth", "fapiao_db_pool_connections"] {
        assert!(before.contains(gauge), "{gauge} in {before}");
    }
    assert!(value(&before, "fapiao_outbox_pending") >= 14.0, "the demo's order confirmations wait (no SMTP)");

    let cookie = app.login(LILEI.0, LILEI.1).await;
    assert_eq!(app.get_as(&cookie, "/bills").await.status(), 200);
    for _ in 0..=app::auth::service::ACCOUNT_FAILURES {
        app.call("login", &[("email", "nobody@example.cn"), ("password", "guess")]).await;
    }
    let after = scrape(&app).await;
    assert!(value(&after, bills) > value(&before, bills), "the bills page was counted");
    assert!(value(&after, refused) > value(&before, refused), "the throttled login was counted");
    assert!(after.contains(r#"fapiao_http_request_duration_seconds_bucket{le="#), "latency by route");

    let proxied = app.client.get(app.url("/metrics")).header("x-forwarded-for", "203.0.113.7").send().await.unwrap();
    assert_eq!(proxied.status(), 404, "a visitor coming through the proxy does not read them");
}

/// A made-up reset link costs one indexed read, never argon2 work: 20 of them start no hashing
/// job (counted in a server process of its own, where no other test hashes), a login does.
#[tokio::test]
async fn bogus_reset_links_start_no_password_hashing() {
    let folder = tempfile::tempdir().unwrap();
    let url = fresh_database_url(folder.path()).await;
    let server = ServerProcess::start(&url, folder.path()).await;
    let app = &server.app;
    let started = "fapiao_hashing_jobs_started";
    let before = value(&scrape(app).await, started);
    for i in 0..20 {
        let token = format!("{i:032x}");
        let password = "Brand-new-password-2026";
        let form = [("token", token.as_str()), ("password", password), ("password_again", password)];
        assert_eq!(app.call("reset_password", &form).await.status(), 404);
    }
    assert_eq!(value(&scrape(app).await, started), before, "no hashing for a link that does not exist");
    app.login(LILEI.0, LILEI.1).await;
    assert_eq!(value(&scrape(app).await, started), before + 1.0, "a login hashes once");
}
