//! Backup while customers write, restore into a working system (the issued e-fapiao and its
//! file included), and the refusals: an existing folder, a damaged backup, PostgreSQL.

use crate::admin_queue::{ELECTRONIC_ISSUE, PDF, act, issue, status, submitted};
use crate::helpers::{LANYUN, LILEI, STAFF, TestApp, backend_name, free_port, spawn_app_with, spawn_app_with_demo};
use app::backend::entities::fapiao_applications;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::Value;
use server::backup;

/// 李雷's e-fapiao issued with its PDF; returns the application number.
async fn issued_with_file(app: &TestApp) -> String {
    let number = submitted(app, "electronic").await;
    let staff = app.login(STAFF.0, STAFF.1).await;
    assert_eq!(act(app, &staff, &number, "start", &[]).await.status(), 200);
    let r = issue(app, &staff, &number, &ELECTRONIC_ISSUE, vec![("fapiao.pdf", PDF.to_vec())]).await;
    assert_eq!(r.status(), 200);
    number
}

/// Customer writes (draft saves) going on while something else runs.
async fn keep_writing(app: &TestApp, rounds: usize) {
    let cookie = app.login(LANYUN.0, LANYUN.1).await;
    for i in 0..rounds {
        let title = format!("蓝云科技 {i}");
        let form = [("order_number", "MO-20261001-02"), ("step", "2"), ("go", "stay"), ("form[title]", title.as_str())];
        let r = app.call_as(&cookie, "save_application_step", &form).await;
        assert!(r.status().is_success(), "a write during the backup: {}", r.status());
    }
}

#[tokio::test]
async fn a_backup_taken_while_customers_write_restores_into_a_working_system() {
    let app = spawn_app_with_demo().await;
    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("backup-1");
    if backend_name() == "postgres" {
        let refused = backup::backup(&app.settings, &target).await.unwrap_err().to_string();
        assert!(refused.contains("pg_dump"), "PostgreSQL has its own tools: {refused}");
        return;
    }
    let number = issued_with_file(&app).await;

    let (report, ()) = tokio::join!(backup::backup(&app.settings, &target), keep_writing(&app, 30));
    let report = report.expect("the backup is taken while the server runs");
    assert_eq!(report.files, 1, "the uploaded PDF is in the backup");
    assert!(report.database_bytes > 0);
    let again = backup::backup(&app.settings, &target).await.unwrap_err().to_string();
    assert!(again.contains("already exists"), "{again}");

    // Restored into a fresh place, the system starts and has everything: 李雷 sees his issued
    // fapiao and downloads the same PDF.
    let place = tempfile::tempdir().unwrap();
    let mut restore_settings = app.settings.clone();
    restore_settings.database.url = format!("sqlite://{}", place.path().join("fapiao.db").display());
    restore_settings.storage.files_dir = place.path().join("files").display().to_string();
    restore_settings.server.bind_address = format!("127.0.0.1:{}", free_port());
    let restored = backup::restore(&restore_settings, &target).await.expect("the backup restores");
    assert_eq!(restored.files, 1);

    let (url, files) = (restore_settings.database.url.clone(), restore_settings.storage.files_dir.clone());
    let second = spawn_app_with(move |s| {
        s.database.url = url;
        s.storage.files_dir = files;
    })
    .await;
    let count = |db| fapiao_applications::Entity::find().count(db);
    assert_eq!(count(&second.db).await.unwrap(), count(&app.db).await.unwrap());
    assert_eq!(status(&second, &number).await, "issued");
    let customer = second.login(LILEI.0, LILEI.1).await;
    let view: Value = second.call_as(&customer, "application", &[("number", &number)]).await.json().await.unwrap();
    let href = view["fapiao"]["files"][0]["href"].as_str().expect("the file is listed").to_owned();
    let download = second.get_as(&customer, &href).await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);
}

#[tokio::test]
async fn a_damaged_backup_is_refused_and_the_database_is_left_alone() {
    // Whatever the test database, the restore below targets a SQLite file of its own.
    let app = spawn_app_with_demo().await;
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join(backup::DATABASE_FILE), b"not a database at all, just some bytes".repeat(200))
        .unwrap();
    let place = tempfile::tempdir().unwrap();
    let live = place.path().join("fapiao.db");
    std::fs::write(&live, b"the live database").unwrap();
    let mut settings = app.settings.clone();
    settings.database.url = format!("sqlite://{}", live.display());
    settings.server.bind_address = format!("127.0.0.1:{}", free_port());
    let refused = backup::restore(&settings, folder.path()).await.unwrap_err();
    assert!(format!("{refused:#}").contains("not a readable SQLite database"), "{refused:#}");
    assert_eq!(std::fs::read(&live).unwrap(), b"the live database", "nothing replaced");

    // A running server (something on the bind address) is refused too.
    settings.server.bind_address = app.address.to_string();
    let refused = backup::restore(&settings, folder.path()).await.unwrap_err().to_string();
    assert!(refused.contains("stop the server"), "{refused}");
}
