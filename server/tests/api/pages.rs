use crate::helpers::spawn_app;
use app::backend::entities::{announcements, settings};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, Set};

#[tokio::test]
async fn home_is_chinese_by_default_whatever_the_browser_language() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/")).header("accept-language", "en-US,en;q=0.9").send().await.unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"<html lang="zh-CN""#), "html lang attribute: {}", &html[..html.len().min(400)]);
    assert!(html.contains("<h1>发票管理中心</h1>"));
    assert!(html.contains("申请流程"));
    assert!(html.contains("最长可能需要 3 天"), "the bills delay notice is on every page");
    assert!(html.contains("400-089-0365"), "the customer-service phone is shown");
}

#[tokio::test]
async fn the_language_cookie_switches_to_english() {
    let app = spawn_app().await;
    let html = app.get_in("en", "/").await.text().await.unwrap();
    assert!(html.contains(r#"<html lang="en""#));
    assert!(html.contains("How it works"));
    assert!(html.contains(">中文<"), "the switch offers Chinese");
}

#[tokio::test]
async fn the_language_switch_works_without_javascript() {
    let app = spawn_app().await;
    let response =
        app.client.post(app.url("/locale")).form(&[("locale", "en"), ("next", "/?from=switch")]).send().await.unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/?from=switch");
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("i18n_pref_locale=en;"), "{cookie}");

    let bad = app.client.post(app.url("/locale")).form(&[("locale", "fr")]).send().await.unwrap();
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().contains("zh-CN or en"));

    let offsite = app
        .client
        .post(app.url("/locale"))
        .form(&[("locale", "en"), ("next", "//evil.example/")])
        .send()
        .await
        .unwrap();
    assert_eq!(offsite.headers()["location"], "/");
}

#[tokio::test]
async fn unknown_pages_answer_404_with_a_way_home_in_both_languages() {
    let app = spawn_app().await;
    let response = app.get("/no/such/page").await;
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(html.contains("页面不存在"));
    assert!(html.contains(r#"href="/""#));
    let english = app.get_in("en", "/no/such/page").await;
    assert_eq!(english.status(), 404);
    assert!(english.text().await.unwrap().contains("Page not found"));
}

#[tokio::test]
async fn the_maintenance_switch_replaces_customer_pages_with_its_message() {
    let app = spawn_app().await;
    let end = Utc::now() + Duration::hours(2);
    settings::ActiveModel {
        key: Set("maintenance".into()),
        value: Set(serde_json::json!({ "enabled": true, "expected_end": end }).to_string()),
        updated_at: Set(Utc::now()),
        updated_by: Set(None),
    }
    .insert(&app.db)
    .await
    .unwrap();

    let html = app.get("/").await.text().await.unwrap();
    assert!(html.contains("系统维护中"));
    assert!(html.contains("预计恢复时间"));
    assert!(!html.contains("申请流程"), "the page content is replaced");
    let english = app.get_in("en", "/").await.text().await.unwrap();
    assert!(english.contains("Under maintenance"));
}

#[tokio::test]
async fn active_announcements_show_on_every_page_and_ended_ones_do_not() {
    let app = spawn_app().await;
    let now = Utc::now();
    let announcement =
        |title: &str, starts: Duration, ends: Option<Duration>, shortage: bool| announcements::ActiveModel {
            kind: Set(if shortage {
                app::domain::AnnouncementKind::StockShortage
            } else {
                app::domain::AnnouncementKind::Notice
            }),
            title_zh: Set(format!("{title}（中文）")),
            title_en: Set(format!("{title} (English)")),
            body_zh: Set("正文".into()),
            body_en: Set("Body".into()),
            expected_mailing_date: Set(shortage.then(|| NaiveDate::from_ymd_opt(2026, 12, 8).unwrap())),
            starts_at: Set(now + starts),
            ends_at: Set(ends.map(|e| now + e)),
            created_by: Set(None),
            created_at: Set(now),
            ..Default::default()
        };
    announcement("库存", Duration::hours(-1), None, true).insert(&app.db).await.unwrap();
    announcement("已结束", Duration::days(-3), Some(Duration::days(-1)), false).insert(&app.db).await.unwrap();
    announcement("未开始", Duration::days(1), None, false).insert(&app.db).await.unwrap();

    for path in ["/", "/no/such/page"] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(html.contains("库存（中文）"), "{path}");
        assert!(html.contains("2026-12-08"), "the expected mailing date is shown");
        assert!(!html.contains("已结束"));
        assert!(!html.contains("未开始"));
    }
    let english = app.get_in("en", "/").await.text().await.unwrap();
    assert!(english.contains("库存 (English)"));
}

#[tokio::test]
async fn the_component_gallery_exists_only_with_the_development_tools() {
    let production = crate::helpers::spawn_app_with(|s| s.server.dev_mailbox = false).await;
    assert_eq!(production.get("/dev/gallery").await.status(), 404, "off unless asked for");
    assert_eq!(production.call("dev_tools", &[]).await.status(), 404);

    let development = crate::helpers::spawn_app_with(|s| s.server.dev_tools = true).await;
    let response = development.get("/dev/gallery").await;
    assert_eq!(response.status(), 200, "make dev and the end-to-end run turn them on");
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"data-specimen="text-field-error""#) && html.contains("此项为必填项。"));
    assert!(html.contains(r#"data-specimen="bills-table-many""#));
}

/// The bundle is not fetched while the HTML is parsed (it would compete with the stylesheet for
/// a phone's bandwidth and delay the first paint): no preload tags, one loader script that
/// fetches it later (that it then hydrates is what every end-to-end test waits for).
#[tokio::test]
async fn pages_load_the_wasm_bundle_only_after_the_first_paint() {
    let app = spawn_app().await;
    let html = app.get("/").await.text().await.unwrap();
    assert!(!html.contains(r#"rel="preload""#) && !html.contains(r#"rel="modulepreload""#), "no preloads");
    assert_eq!(html.matches("/pkg/fapiao.wasm").count(), 1, "the bundle is named once, by the loader");
    assert!(html.contains(r#"addEventListener("load", afterPaint"#), "the loader waits for the page");
}

/// Many customers at once, in both languages, on pages that wait for the database: every one
/// gets its page, titled in its own language. (leptos_meta reads the `<title>` after the body
/// has rendered; a title that read a signal then ran under another request's reactive arena:
/// it closed about 3 % of the connections under 16 concurrent readers, and titled some pages in
/// another visitor's language, which this test caught before the fix.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_readers_each_get_their_page_titled_in_their_language() {
    use futures::StreamExt;
    let app = crate::helpers::spawn_app_with_demo().await;
    let session = app.login(crate::helpers::LANYUN.0, crate::helpers::LANYUN.1).await;
    let pages = [
        ("/bills", "我的账单 · 发票管理中心", "My bills · Fapiao Center"),
        ("/bills/MO-20261001-03", "账单 MO-20261001-03 · 发票管理中心", "Bill MO-20261001-03 · Fapiao Center"),
        ("/applications", "申请记录 · 发票管理中心", "Applications · Fapiao Center"),
    ];
    let requests = (0..240).map(|i| {
        let (path, zh, en) = pages[i % pages.len()];
        let (locale, title) = if i % 2 == 0 { ("zh-CN", zh) } else { ("en", en) };
        let (app, session) = (&app, &session);
        async move {
            let response = app
                .client
                .get(app.url(path))
                .header("cookie", format!("{session}; i18n_pref_locale={locale}"))
                .send()
                .await
                .unwrap_or_else(|e| panic!("request {i} ({path}, {locale}) failed: {e}"));
            assert_eq!(response.status(), 200, "{path} in {locale}");
            let html = response.text().await.unwrap_or_else(|e| panic!("{path} in {locale}: the body broke off: {e}"));
            let shown = html.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap_or_default();
            let lang = if locale == "en" { r#"<html lang="en""# } else { r#"<html lang="zh-CN""# };
            assert!(html.contains(lang), "{path} in {locale}");
            assert_eq!(shown, title, "{path} in {locale}");
        }
    });
    futures::stream::iter(requests).buffer_unordered(16).collect::<Vec<()>>().await;
}
