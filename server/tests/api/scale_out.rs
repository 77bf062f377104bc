//! Two server processes on one database, both taking traffic, as behind a load balancer:
//! a session started on one works on the other and ends on both, each email is sent once
//! though both run the outbox worker, and confirms spread over both make one application.

use crate::applications::{LILEI_ORDER, applications_of, confirm, fill_general_electronic, key};
use crate::helpers::{LILEI, MailDev, spawn_app_with, spawn_app_with_demo, spawn_second_server};
use app::backend::entities::email_outbox;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::time::Duration;

#[tokio::test]
async fn a_session_started_on_one_server_works_on_the_other_and_ends_on_both() {
    let first = spawn_app_with_demo().await;
    let second = spawn_second_server(&first).await;
    let cookie = first.login(LILEI.0, LILEI.1).await;
    let (code, html) = second.page_as(&cookie, "/bills").await;
    assert_eq!(code, 200);
    assert!(html.contains(LILEI_ORDER), "the other server knows the session and shows the bills");

    assert!(second.call_as(&cookie, "logout", &[]).await.status().is_success());
    for app in [&first, &second] {
        assert_eq!(app.call_as(&cookie, "applications", &[]).await.status(), 401, "logged out everywhere");
    }
}

#[tokio::test]
async fn with_two_outbox_workers_each_email_is_sent_once() {
    let maildev = MailDev::start().await;
    let smtp = maildev.smtp_settings();
    let first = spawn_app_with(move |s| s.smtp = Some(smtp)).await;
    server::demo::load(&first.db, "http://127.0.0.1:3000").await.unwrap();
    let second = spawn_second_server(&first).await;

    // Registrations arrive at both servers (a mistyped email registers again: each counts).
    let order = server::demo::unregistered_order_number().to_string();
    let password = "Xinghe-finance-2026";
    let registrations = (0..12).map(|i| {
        let (app, order) = (if i % 2 == 0 { &first } else { &second }, order.clone());
        async move {
            let email = format!("finance{i}@xinghe.example.cn");
            let form = [
                ("order_number", order.as_str()),
                ("email", &email),
                ("password", password),
                ("password_again", password),
            ];
            app.call("register", &form).await.status()
        }
    });
    for status in futures::future::join_all(registrations).await {
        assert!(status.is_success(), "registered: {status}");
    }

    let activation = email_outbox::Column::Kind.eq("activation");
    let queued = email_outbox::Entity::find().filter(activation.clone()).all(&first.db).await.unwrap();
    assert_eq!(queued.len(), 12);
    // Every queued email, the demo's order confirmations included, arrives once: none lost,
    // none doubled, even after both workers have polled again.
    let everything = email_outbox::Entity::find().all(&first.db).await.unwrap().len();
    maildev.wait_for(everything).await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    let received = maildev.emails().await;
    assert_eq!(received.len(), everything, "each email once");
    let recipients: Vec<&str> = received.iter().filter_map(|m| m["to"][0]["address"].as_str()).collect();
    for i in 0..12 {
        let to = format!("finance{i}@xinghe.example.cn");
        assert_eq!(recipients.iter().filter(|r| **r == to).count(), 1, "one activation email to {to}");
    }
}

#[tokio::test]
async fn confirms_spread_over_two_servers_make_one_application() {
    let first = spawn_app_with_demo().await;
    let second = spawn_second_server(&first).await;
    let cookie = first.login(LILEI.0, LILEI.1).await;
    fill_general_electronic(&second, &cookie, LILEI_ORDER).await;
    let confirms = (0..20).map(|i| {
        let (app, cookie) = (if i % 2 == 0 { &first } else { &second }, cookie.clone());
        async move { confirm(app, &cookie, LILEI_ORDER, &key(i % 3)).await.status() }
    });
    for status in futures::future::join_all(confirms).await {
        assert_eq!(status, 200);
    }
    assert_eq!(applications_of(&first, LILEI_ORDER).await.len(), 1);
}

#[tokio::test]
async fn the_maintenance_switch_shows_at_once_where_it_was_set_and_on_the_other_server_within_the_cache_time() {
    let first = spawn_app_with_demo().await;
    let second = spawn_second_server(&first).await;
    // Both servers have read (and cached) the status without maintenance.
    for app in [&first, &second] {
        assert!(!app.get("/").await.text().await.unwrap().contains("系统升级中"));
    }
    let admin = first.login(crate::helpers::ADMIN.0, crate::helpers::ADMIN.1).await;
    let switched =
        first.call_as(&admin, "admin/maintenance", &[("enabled", "true"), ("message_zh", "系统升级中")]).await;
    assert_eq!(switched.status(), 200);
    let switched_at = std::time::Instant::now();
    assert!(first.get("/").await.text().await.unwrap().contains("系统升级中"), "at once where it was set");

    while !second.get("/").await.text().await.unwrap().contains("系统升级中") {
        assert!(
            switched_at.elapsed() < app::site::service::STATUS_TTL + Duration::from_secs(1),
            "the other server shows it within the cache time"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
