//! Faults that pass by themselves: the SQLite file busy with another writer. A request waits
//! for a short write and gets a clear, retryable 503 for a long one; nothing is half-written
//! and the next try succeeds.

use crate::helpers::{TestApp, spawn_app_with};
use app::server::entities::application_drafts;
use sea_orm::{ConnectionTrait, EntityTrait, TransactionTrait};
use std::time::Duration;

const LANYUN: (&str, &str) = ("finance@lanyun.example.cn", "Lanyun-demo-2026");

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
