//! Faults: the SQLite file busy with another writer (a short write is waited for, a long one
//! is a clear, retryable 503; nothing half-written, the next try succeeds), and the server
//! process killed during a burst of confirms (after the restart every confirmed application
//! is there once, the drafts of the others are intact, and confirming again finishes them),
//! a file store that cannot be written or a disk that is full (a clear 503; the application is
//! not issued, nothing half-written is left), and
//! PostgreSQL down for two seconds under load (requests wait for it, or at worst get a
//! retryable 503 — never a 500; the pool reconnects and the last save is kept), and a session
//! store that cannot be read (503 "try again", not "please log in"; the session survives).

use crate::admin_queue::{ELECTRONIC_ISSUE, PDF, act, issue, status, submitted};
use crate::applications::{applications_of, fill_general_electronic, key};
use crate::helpers::{LANYUN, LILEI, STAFF, ServerProcess, TestApp, fresh_database_url, spawn_app_with};
use app::backend::entities::{application_drafts, email_outbox, fapiao_files};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait};
use std::time::Duration;

async fn save_title(app: &TestApp, cookie: &str, title: &str) -> reqwest::Response {
    let form = [("order_number", "MO-20261001-02"), ("step", "2"), ("go", "stay"), ("form[title]", title)];
    app.call_as(cookie, "save_application_step", &form).await
}

#[tokio::test]
async fn a_busy_sqlite_file_makes_a_write_wait_or_answer_a_retryable_503_and_loses_nothing() {
    // A SQLite file of its own, whatever the test database, with a short busy timeout.
    let folder = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", folder.path().join("busy.db").display());
    let configured = url.clone();
    let app = spawn_app_with(move |s| {
        s.database.url = configured;
        s.database.sqlite_busy_timeout_ms = 500;
    })
    .await;
    server::demo::load(&app.db, "http://127.0.0.1:3000").await.unwrap();
    let cookie = app.login(LANYUN.0, LANYUN.1).await;
    let other_writer = sea_orm::Database::connect(&url).await.unwrap();

    // Another writer holds the file for 200 ms: the save waits for it and succeeds.
    let hold = other_writer.begin().await.unwrap();
    hold.execute_unprepared("UPDATE accounts SET locale = locale").await.unwrap();
    let release = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        hold.commit().await.unwrap();
    });
    assert_eq!(save_title(&app, &cookie, "蓝云科技 一").await.status(), 200);
    release.await.unwrap();

    // Held past the busy timeout: a 503 (the page says to try again), not a 500.
    let hold = other_writer.begin().await.unwrap();
    hold.execute_unprepared("UPDATE accounts SET locale = locale").await.unwrap();
    let refused = save_title(&app, &cookie, "蓝云科技 二").await;
    assert_eq!(refused.status(), 503);
    assert!(refused.text().await.unwrap().contains("Unavailable"));
    hold.commit().await.unwrap();

    // Released: the same save goes through, and the file is sound.
    assert_eq!(save_title(&app, &cookie, "蓝云科技 三").await.status(), 200);
    let drafts = application_drafts::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(drafts.len(), 1);
    assert!(drafts[0].data.contains("蓝云科技 三"), "{}", drafts[0].data);
    let check = app
        .db
        .query_one(sea_orm::Statement::from_string(app.db.get_database_backend(), "PRAGMA integrity_check"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(check.try_get_by_index::<String>(0).unwrap(), "ok");
}

/// 蓝云's eight bills of the end-to-end fixtures (MO-20261101-01 … 08).
fn fixture_orders() -> Vec<String> {
    (1..=8).map(|n| format!("MO-20261101-{n:02}")).collect()
}

/// A confirm whose outcome may be unknown: `None` when the connection broke.
async fn try_confirm(app: &TestApp, cookie: &str, order: &str, idempotency_key: &str) -> Option<(u16, String)> {
    let form = [("order_number", order), ("idempotency_key", idempotency_key)];
    let response =
        app.client.post(app.url("/api/confirm_application")).header("cookie", cookie).form(&form).send().await.ok()?;
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    Some((response.status().as_u16(), location))
}

#[tokio::test]
async fn a_server_killed_during_a_burst_of_confirms_loses_nothing_and_doubles_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let url = fresh_database_url(folder.path()).await;
    let mut server = ServerProcess::start(&url, folder.path()).await;
    let csv = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end/fixtures/orders.csv");
    let orders = server::import::read_orders(&csv).unwrap();
    app::bills::order_sync::sync(&server.app.db, &orders, "http://127.0.0.1:3000", &Default::default()).await.unwrap();
    let cookie = server.app.login(LANYUN.0, LANYUN.1).await;
    let bills = fixture_orders();
    for order in &bills {
        fill_general_electronic(&server.app, &cookie, order).await;
    }

    // Every bill confirmed at once; the process is killed as soon as the first answer is in.
    let mut burst = tokio::task::JoinSet::new();
    for (i, order) in bills.iter().enumerate() {
        let (client, url, cookie, order) =
            (server.app.client.clone(), server.app.url(""), cookie.clone(), order.clone());
        burst.spawn(async move {
            let form = [("order_number", order.as_str()), ("idempotency_key", &key(i as u32 + 1))];
            let sent =
                client.post(format!("{url}/api/confirm_application")).header("cookie", cookie).form(&form).send();
            (order.clone(), sent.await.ok().map(|r| r.status().as_u16()))
        });
    }
    let mut answered = vec![burst.join_next().await.unwrap().unwrap()];
    server.kill();
    while let Some(outcome) = burst.join_next().await {
        answered.push(outcome.unwrap());
    }
    let confirmed: Vec<&String> =
        answered.iter().filter(|(_, status)| *status == Some(200)).map(|(order, _)| order).collect();
    assert!(!confirmed.is_empty(), "the first answer came before the kill: {answered:?}");

    // Restarted: what was confirmed is there once; the rest still has its draft.
    let server = ServerProcess::start(&url, folder.path()).await;
    let app = &server.app;
    let mut numbers = Vec::new();
    for order in &bills {
        let applications = applications_of(app, order).await;
        assert!(applications.len() <= 1, "{order} has {} applications", applications.len());
        if confirmed.contains(&order) {
            assert_eq!(applications.len(), 1, "{order} was confirmed before the kill");
        }
        numbers.push(applications.first().map(|a| a.application_number.clone()));
    }
    let drafts = application_drafts::Entity::find().all(&app.db).await.unwrap();
    let unfinished = numbers.iter().filter(|n| n.is_none()).count();
    assert!(drafts.len() >= unfinished, "every unconfirmed bill keeps its draft");
    assert!(drafts.iter().all(|d| d.data.contains("李雷")), "the drafts are intact");

    // Confirming again (the same keys, as the page retries) finishes every bill, once.
    let cookie = app.login(LANYUN.0, LANYUN.1).await;
    for (i, order) in bills.iter().enumerate() {
        let (status, location) = try_confirm(app, &cookie, order, &key(i as u32 + 1)).await.unwrap();
        assert_eq!(status, 200, "{order}");
        if let Some(number) = &numbers[i] {
            assert!(location.contains(number.as_str()), "{order} leads to its application {number}: {location}");
        }
        assert_eq!(applications_of(app, order).await.len(), 1);
    }
    let submitted_emails =
        email_outbox::Entity::find().filter(email_outbox::Column::Kind.eq("application_submitted")).count(&app.db);
    assert_eq!(submitted_emails.await.unwrap(), bills.len() as u64, "one confirmation email per application");
}

#[tokio::test]
async fn an_upload_that_cannot_be_stored_is_a_clear_503_and_nothing_is_issued() {
    // The file store's folder cannot be created (a file is in its way), as a full or read-only
    // disk refuses the write.
    let blocker = tempfile::NamedTempFile::new().unwrap();
    let store = blocker.path().join("files").display().to_string();
    let app = spawn_app_with(move |s| s.storage.files_dir = store).await;
    server::demo::load(&app.db, "http://127.0.0.1:3000").await.unwrap();
    let number = submitted(&app, "electronic").await;
    let staff = app.login(STAFF.0, STAFF.1).await;
    assert_eq!(act(&app, &staff, &number, "start", &[]).await.status(), 200);

    let refused = issue(&app, &staff, &number, &ELECTRONIC_ISSUE, vec![("fapiao.pdf", PDF.to_vec())]).await;
    assert_eq!(refused.status(), 503);
    assert_eq!(refused.json::<serde_json::Value>().await.unwrap()["error"], "Unavailable");
    assert_eq!(status(&app, &number).await, "processing", "not issued without its file");
    assert_eq!(fapiao_files::Entity::find().count(&app.db).await.unwrap(), 0, "no record of a file that is not there");
}

/// A real full disk: the server runs in a mount namespace of its own (`unshare`, which needs no
/// privileges where user namespaces are allowed) with a 1 MiB tmpfs as its file store. A 2 MiB
/// upload fills it and fails part-way: a clear 503, nothing issued, no record and no half-written
/// file left taking the space — so the next, smaller upload fits and the customer gets it.
#[tokio::test]
async fn a_full_disk_refuses_an_upload_with_a_clear_503_and_leaves_nothing_behind() {
    let folder = tempfile::tempdir().unwrap();
    let files = folder.path().join("files");
    std::fs::create_dir(&files).unwrap();
    let database_url = fresh_database_url(folder.path()).await;
    let namespaces = std::process::Command::new("unshare").args(["--mount", "--map-root-user", "true"]).status();
    assert!(
        namespaces.is_ok_and(|status| status.success()),
        "this test runs the server in a mount namespace of its own: it needs `unshare` (util-linux) \
         and user namespaces, or root"
    );
    let mut command = std::process::Command::new("unshare");
    command.args(["--mount", "--map-root-user", "--", "sh", "-c"]);
    command.arg(r#"mount -t tmpfs -o size=1m fapiao-full-disk "$0" && exec "$@""#);
    command.arg(&files).arg(ServerProcess::BINARY);
    let server = ServerProcess::start_through(command, &database_url, folder.path()).await;
    let app = &server.app;
    // The store as the server sees it: its own mount, not the empty folder outside.
    let store = std::path::PathBuf::from(format!("/proc/{}/root{}", server.id(), files.display()));
    let stored_files = || std::fs::read_dir(&store).expect("the server's file store").count();

    let number = submitted(app, "electronic").await;
    let staff = app.login(STAFF.0, STAFF.1).await;
    assert_eq!(act(app, &staff, &number, "start", &[]).await.status(), 200);
    let mut too_big = PDF.to_vec();
    too_big.resize(2 * 1024 * 1024, b'\n');
    let refused = issue(app, &staff, &number, &ELECTRONIC_ISSUE, vec![("fapiao.pdf", too_big)]).await;
    assert_eq!(refused.status(), 503);
    assert_eq!(refused.json::<serde_json::Value>().await.unwrap()["error"], "Unavailable");
    assert_eq!(status(app, &number).await, "processing", "not issued without its file");
    assert_eq!(fapiao_files::Entity::find().count(&app.db).await.unwrap(), 0, "no record of a file that is not there");
    assert_eq!(stored_files(), 0, "the part that was written is removed, and its space with it");

    let issued = issue(app, &staff, &number, &ELECTRONIC_ISSUE, vec![("fapiao.pdf", PDF.to_vec())]).await;
    assert_eq!(issued.status(), 200);
    assert_eq!(status(app, &number).await, "issued");
    assert_eq!(stored_files(), 1);
    let file = fapiao_files::Entity::find().one(&app.db).await.unwrap().expect("the file's record");
    let customer = app.login(LILEI.0, LILEI.1).await;
    let download = app.get_as(&customer, &format!("/applications/{number}/files/{}", file.id)).await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF, "the customer downloads what was uploaded");
}

/// Runs only against the throw-away PostgreSQL of `make test-postgres`, which it restarts; the
/// Makefile runs it on a server of its own so no other test sees the restart.
#[tokio::test]
async fn postgres_restarted_under_load_answers_or_asks_to_retry_and_reconnects() {
    let Ok(restart) = std::env::var("TEST_POSTGRES_RESTART") else {
        return; // SQLite run: there is no database server to restart.
    };
    let app = spawn_app_with(|_| {}).await;
    server::demo::load(&app.db, "http://127.0.0.1:3000").await.unwrap();
    let cookie = app.login(LANYUN.0, LANYUN.1).await;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));

    // Customers keep saving drafts and reading their applications while the database restarts.
    let load = {
        let (app, cookie, stop) = (&app, cookie.clone(), stop.clone());
        async move {
            let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                i += 1;
                for status in [
                    save_title(app, &cookie, &format!("蓝云科技 {i}")).await.status(),
                    app.call_as(&cookie, "applications", &[]).await.status(),
                ] {
                    *statuses.entry(status.as_u16()).or_default() += 1;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            statuses
        }
    };
    let restarting = async {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let script = restart.clone();
        let status = tokio::task::spawn_blocking(move || std::process::Command::new(script).status())
            .await
            .unwrap()
            .expect("the restart script runs");
        assert!(status.success(), "PostgreSQL restarted");
        tokio::time::sleep(Duration::from_secs(2)).await;
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    };
    let (statuses, ()) = tokio::join!(load, restarting);
    assert!(statuses.keys().all(|s| [200, 503].contains(s)), "only answers or retryable 503s: {statuses:?}");

    // Back to normal: reads and writes work on the reconnected pool, the last save is kept.
    assert_eq!(save_title(&app, &cookie, "蓝云科技 重启之后").await.status(), 200);
    assert_eq!(app.call_as(&cookie, "applications", &[]).await.status(), 200);
    let drafts = application_drafts::Entity::find().all(&app.db).await.unwrap();
    assert!(drafts[0].data.contains("重启之后"));
}

#[tokio::test]
async fn a_session_store_that_cannot_be_read_answers_503_and_keeps_the_customer_logged_in() {
    let app = spawn_app_with(|_| {}).await;
    server::demo::load(&app.db, "http://127.0.0.1:3000").await.unwrap();
    let cookie = app.login(LANYUN.0, LANYUN.1).await;

    // The sessions cannot be read (as when the database goes away mid-request).
    app.execute("ALTER TABLE sessions RENAME TO sessions_away").await;
    let call = app.call_as(&cookie, "applications", &[]).await;
    assert_eq!(call.status(), 503, "try again, not 'please log in'");
    assert!(call.headers().contains_key("retry-after"));
    assert_eq!(call.json::<serde_json::Value>().await.unwrap(), "Unavailable");
    let page = app.get_as(&cookie, "/bills").await;
    assert_eq!(page.status(), 503);
    assert!(page.text().await.unwrap().contains("请稍后再试"));

    // Back: the same session still works.
    app.execute("ALTER TABLE sessions_away RENAME TO sessions").await;
    assert_eq!(app.call_as(&cookie, "applications", &[]).await.status(), 200);
}
