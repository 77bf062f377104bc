//! The security suite. Headers, cross-site requests, oversize and undecodable bodies and IDOR
//! are tested here; the other ASVS L2 items are tested next to the flow they belong to:
//!
//! | item | tests |
//! |---|---|
//! | IDOR, every customer function, page and file | `security::a_customer_reaches_nothing_of_another_customers_by_its_numbers`, `applications::another_customers_bill_is_not_found_everywhere` |
//! | staff-only functions as a customer or visitor | `backoffice::customers_and_visitors_never_reach_the_back_office`, `staff_tools::customers_reach_none_of_the_staff_tools` (and e2e `admin.spec.ts`) |
//! | cross-site POST | `security::cross_site_posts_are_refused_before_they_reach_any_handler` |
//! | session fixation, logout, idle and absolute expiry | `login::login_replaces_any_session_the_browser_already_had`, `login::logout_ends_the_session_on_the_server`, `login::an_idle_session_expires`, `login::a_session_ends_after_its_absolute_lifetime_even_when_active` |
//! | token reuse and expiry | `registration::an_activation_link_works_once_and_opening_it_changes_nothing`, `registration::expired_links_fail_and_a_resend_replaces_the_old_link`, `password_reset::a_reset_link_sets_a_new_password_once_and_ends_every_session`, `password_reset::bad_new_passwords_and_expired_links_are_refused`, `email_change::the_login_email_changes_only_when_the_new_address_confirms` |
//! | enumeration: same status and body | `login::wrong_password_and_unknown_email_get_the_same_answer`, `login::a_lockout_looks_the_same_for_an_email_without_an_account`, `registration::an_email_with_an_account_gets_the_same_answer_and_a_notice_instead`, `password_reset::unknown_emails_get_the_same_answer_and_no_email` |
//! | enumeration: comparable timing | `login::wrong_password_and_unknown_email_take_comparable_time` |
//! | lockout | `login::too_many_failures_lock_the_account_for_a_while_even_with_the_right_password`, `login::one_address_failing_on_many_accounts_is_slowed_down_too`, `staff_tools::an_account_locked_by_failed_logins_is_unlocked_by_staff` |
//! | headers: CSP allowing hydration, frame-ancestors, nosniff, HSTS when Secure | `security::pages_carry_a_nonce_csp_that_matches_their_scripts`, `security::non_page_responses_get_the_strict_policy`, `security::hsts_is_sent_exactly_when_cookies_are_secure` |
//! | oversize and undecodable input | `security::oversized_bodies_are_refused_with_413`, `security::undecodable_server_function_arguments_are_a_400_not_a_500`, all of `bad_input` |

use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn pages_carry_a_nonce_csp_that_matches_their_scripts() {
    let app = spawn_app().await;
    let response = app.get("/").await;
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(csp.contains("'wasm-unsafe-eval'"));
    let nonce =
        csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce in the CSP").to_owned();
    let html = response.text().await.unwrap();
    assert!(html.contains(&format!(r#"nonce="{nonce}""#)), "the hydration script carries the CSP nonce");
    assert!(!csp.contains("unsafe-inline"));

    let other = app.get("/").await.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert_ne!(csp, other, "a new nonce for every page");
}

#[tokio::test]
async fn non_page_responses_get_the_strict_policy() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    let csp = response.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval';"));
    assert_eq!(response.headers()["x-frame-options"], "DENY");
}

#[tokio::test]
async fn cross_site_posts_are_refused_before_they_reach_any_handler() {
    let app = spawn_app().await;
    for (header, value) in [("sec-fetch-site", "cross-site"), ("origin", "https://evil.example")] {
        let response =
            app.client.post(app.url("/locale")).header(header, value).form(&[("locale", "en")]).send().await.unwrap();
        assert_eq!(response.status(), 403, "{header}: {value}");
        assert!(response.text().await.unwrap().contains("Cross-site request refused"));
    }
    let server_fn = app
        .client
        .post(app.url("/api/any_server_function"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(server_fn.status(), 403, "server functions are protected too");

    let same_origin = app
        .client
        .post(app.url("/locale"))
        .header("origin", format!("http://{}", app.address))
        .form(&[("locale", "en")])
        .send()
        .await
        .unwrap();
    assert_eq!(same_origin.status(), 303);
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let app = spawn_app().await;
    let body = vec![b'a'; 13 * 1024 * 1024];
    let response = app
        .client
        .post(app.url("/locale"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn undecodable_server_function_arguments_are_a_400_not_a_500() {
    let app = crate::helpers::spawn_app_with_demo().await;
    // `page` must be a number; `list_bills` never runs.
    let response = app.call("bills", &[("page", "first"), ("query", "")]).await;
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(body["Transport"].is_string(), "the reason is given: {body}");
    // A missing argument too.
    assert_eq!(app.call("login", &[("email", "a@b.cn")]).await.status(), 400);
}

#[tokio::test]
async fn hsts_is_sent_exactly_when_cookies_are_secure() {
    let plain = spawn_app().await;
    assert!(plain.get("/").await.headers().get("strict-transport-security").is_none(), "not on plain-http localhost");
    let secure = spawn_app_with(|s| s.session.cookie_secure = true).await;
    let response = secure.get("/").await;
    let hsts = response.headers()["strict-transport-security"].to_str().unwrap();
    assert!(hsts.starts_with("max-age=31536000"), "{hsts}");
    assert_eq!(response.headers()["referrer-policy"], "strict-origin-when-cross-origin");
}

/// IDOR, in one table: 蓝云 knows the numbers of 李雷's bill, application, e-fapiao file and
/// support request (numbers leak: screenshots, forwarded emails) and tries every customer
/// server function and route that takes one. Each answers as if it did not exist, nothing of
/// 李雷's shows in 蓝云's own lists, and nothing of his changes.
#[tokio::test]
async fn a_customer_reaches_nothing_of_another_customers_by_its_numbers() {
    use crate::applications::LILEI_ORDER;
    use crate::backoffice::{ELECTRONIC_ISSUE, PDF, act, issue, status, submitted};
    use crate::helpers::{LANYUN, LILEI, STAFF, spawn_app_with_demo};
    use app::server::entities::{application_drafts, fapiao_files, support_messages};
    use sea_orm::{EntityTrait, PaginatorTrait};

    let app = spawn_app_with_demo().await;
    let number = submitted(&app, "electronic").await;
    let staff = app.login(STAFF.0, STAFF.1).await;
    assert_eq!(act(&app, &staff, &number, "start", &[]).await.status(), 200);
    let issued = issue(&app, &staff, &number, &ELECTRONIC_ISSUE, vec![("fapiao.pdf", PDF.to_vec())]).await;
    assert_eq!(issued.status(), 200);
    let file = fapiao_files::Entity::find().one(&app.db).await.unwrap().unwrap().id.to_string();
    let lilei = app.login(LILEI.0, LILEI.1).await;
    let request =
        [("kind", "progress_query"), ("subject", "进度"), ("body", "请问进度？"), ("order_number", LILEI_ORDER)];
    let created = app.call_as(&lilei, "support/create", &request).await;
    assert_eq!(created.status(), 200);
    let support = created.headers()["location"].to_str().unwrap().trim_start_matches("/support/").to_owned();
    let messages_before = support_messages::Entity::find().count(&app.db).await.unwrap();

    let other = app.login(LANYUN.0, LANYUN.1).await;
    let order = [("order_number", LILEI_ORDER)];
    let key = "a".repeat(32);
    let functions: [(&str, Vec<(&str, &str)>); 9] = [
        ("bill", order.to_vec()),
        ("application_form", order.to_vec()),
        (
            "save_application_step",
            vec![("order_number", LILEI_ORDER), ("step", "1"), ("go", "next"), ("form[medium]", "paper")],
        ),
        ("confirm_application", vec![("order_number", LILEI_ORDER), ("idempotency_key", &key)]),
        ("application", vec![("number", &number)]),
        ("resubmit_application", vec![("number", &number)]),
        ("support/thread", vec![("number", &support)]),
        ("support/reply", vec![("number", &support), ("body", "我也想看")]),
        ("support/reply", vec![("number", &support), ("body", ""), ("close", "true")]),
    ];
    for (endpoint, form) in &functions {
        let response = app.call_as(&other, endpoint, form).await;
        assert_eq!(response.status(), 404, "{endpoint} {form:?}");
    }
    let routes = [
        format!("/bills/{LILEI_ORDER}"),
        format!("/bills/{LILEI_ORDER}/pdf"),
        format!("/bills/{LILEI_ORDER}/apply/1"),
        format!("/applications/{number}"),
        format!("/applications/{number}/files/{file}"),
        format!("/support/{support}"),
    ];
    for path in &routes {
        assert_eq!(app.page_as(&other, path).await.0, 404, "{path}");
    }
    // A support request cannot be about his bill either.
    let about_his = [("kind", "other"), ("subject", "问"), ("body", "问"), ("order_number", LILEI_ORDER)];
    assert_eq!(app.call_as(&other, "support/create", &about_his).await.status(), 422);

    // 蓝云's own lists never show any of it.
    for endpoint in ["applications", "support/list"] {
        let body = app.call_as(&other, endpoint, &[]).await.text().await.unwrap();
        assert!(!body.contains(&number) && !body.contains(&support) && !body.contains("李雷"), "{endpoint}: {body}");
    }
    let (_, bills) = app.page_as(&other, "/bills?per=50").await;
    assert!(!bills.contains(LILEI_ORDER));

    // And nothing of 李雷's changed.
    assert_eq!(status(&app, &number).await, "issued");
    assert_eq!(support_messages::Entity::find().count(&app.db).await.unwrap(), messages_before);
    assert_eq!(application_drafts::Entity::find().count(&app.db).await.unwrap(), 0);
    let (code, page) = app.page_as(&lilei, &format!("/support/{support}")).await;
    assert!(code == 200 && !page.contains("我也想看"), "his thread is as he left it");
}
