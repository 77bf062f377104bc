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
//!
//! Exposure (issue 14), each item with the test that failed before its fix:
//!
//! | item | tests |
//! |---|---|
//! | 1 dev mailbox: explicit, loopback only, start refusal | `security::the_dev_mailbox_is_off_unless_asked_for_and_answers_only_this_machine`, `security::the_server_refuses_to_start_with_development_conveniences_exposed`, `proxy::through_the_proxy_the_dev_mailbox_and_metrics_do_not_exist` |
//! | 2 an order number is not proof | all of `customer_access`; e2e `access.spec.ts` |
//! | 3 `<title>` injection | `security::markup_in_a_title_stays_text_on_every_page_that_shows_it` |
//! | 4 argon2 before the token; bounded queue | `metrics::bogus_reset_links_start_no_password_hashing` (and `make bench`) |
//! | 5 atomic throttle, trusted proxies, growing delays | `login::a_burst_of_concurrent_guesses_gets_no_more_tries_than_the_limit`, `login::a_guesser_slows_down_at_its_address_and_never_locks_the_owner_out_at_theirs`, `proxy::behind_a_proxy_that_rewrites_host_forms_work_and_the_client_is_the_one_nginx_saw` |
//! | 6 staff are not admins; create-staff; --demo refused | `staff_tools::staff_can_never_do_what_only_an_admin_may`, `staff_tools::the_first_admin_is_created_from_the_command_line`, `security::the_server_refuses_to_start_with_development_conveniences_exposed` |
//! | 7 mail flooding | `security::mail_sending_forms_cannot_flood_a_mailbox_and_current_password_checks_are_limited`, `customer_access::registering_many_times_with_one_order_number_is_rate_limited` |
//! | 8 webhook replay, paid never back to pending | `billing::a_replayed_push_is_refused_and_a_paid_order_never_goes_back_to_pending` |
//! | 9 `/locale?next=` | `security::the_language_switch_returns_only_to_this_sites_pages` |
//! | 10 CSRF behind a Host-rewriting proxy | `proxy::behind_a_proxy_that_rewrites_host_forms_work_and_the_client_is_the_one_nginx_saw` |
//! | 11 draft field caps | `applications::a_field_beyond_its_limit_is_refused_and_nothing_is_stored` |
//! | 12 no-store for sessions | `security::a_logged_in_sessions_pages_and_data_are_never_cached` |
//! | 13 email change ends sessions; current-password throttle | `email_change::confirming_a_new_email_ends_the_other_sessions_and_cancels_reset_links`, `security::mail_sending_forms_cannot_flood_a_mailbox_and_current_password_checks_are_limited` |
//! | 14 idempotency key for another bill | `security::an_idempotency_key_replayed_for_another_bill_is_a_conflict` |
//! | 15 emails ignore case | `security::emails_are_one_address_whatever_their_case` |
//! | 16 periodic clean-up | `security::the_clean_up_removes_dead_sessions_old_attempts_and_sent_mail_and_keeps_the_rest` |
//! | 17 our request id | `security::the_audit_log_records_the_servers_request_id_not_the_clients` |
//! | /metrics | `metrics::the_counters_move_with_requests_and_refusals_and_only_the_operator_reads_them` |

use crate::helpers::{LILEI, STAFF, ServerProcess, free_port, spawn_app, spawn_app_with, spawn_app_with_demo};

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
    let secure = spawn_app_with(|s| {
        s.session.cookie_secure = true;
        s.server.dev_mailbox = false;
    })
    .await;
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
    use crate::admin_queue::{ELECTRONIC_ISSUE, PDF, act, issue, status, submitted};
    use crate::applications::LILEI_ORDER;
    use crate::helpers::{LANYUN, LILEI, STAFF, spawn_app_with_demo};
    use app::backend::entities::{application_drafts, fapiao_files, support_messages};
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
    let functions: [(&str, Vec<(&str, &str)>); 10] = [
        ("bill", order.to_vec()),
        ("application_form", order.to_vec()),
        (
            "save_application_step",
            vec![("order_number", LILEI_ORDER), ("step", "1"), ("go", "next"), ("form[medium]", "paper")],
        ),
        ("confirm_application", vec![("order_number", LILEI_ORDER), ("idempotency_key", &key)]),
        ("application", vec![("number", &number)]),
        ("resubmit_application", vec![("number", &number)]),
        ("withdraw_application", vec![("number", &number)]),
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

/// The dev mailbox shows every activation, reset and email-change link: whoever reads it can
/// take any account over. It exists only when a developer turns it on, and then only for a
/// browser on the same machine — not through a reverse proxy, which connects from loopback too.
#[tokio::test]
async fn the_dev_mailbox_is_off_unless_asked_for_and_answers_only_this_machine() {
    let production = spawn_app_with(|s| s.server.dev_mailbox = false).await;
    assert_eq!(production.get("/dev/mailbox").await.status(), 404, "off by default");
    assert_eq!(production.call("dev_mailbox", &[]).await.status(), 404);

    let development = spawn_app_with_demo().await;
    let direct = development.get("/dev/mailbox").await;
    assert_eq!(direct.status(), 200, "on for the developer at this machine");
    assert!(direct.text().await.unwrap().contains("/register?order="), "it shows the queued mail");
    for header in ["x-forwarded-for", "forwarded", "x-real-ip"] {
        let proxied = development.client.get(development.url("/dev/mailbox")).header(header, "203.0.113.7").send();
        let proxied = proxied.await.unwrap();
        assert_eq!(proxied.status(), 404, "a client behind a proxy ({header}) is not this machine");
        let html = proxied.text().await.unwrap();
        assert!(!html.contains("/register?order="), "and sees no mail");
        let call = development.client.post(development.url("/api/dev_mailbox")).header(header, "203.0.113.7");
        assert_eq!(call.send().await.unwrap().status(), 404);
    }
}

/// A development convenience never runs where strangers reach it: the server refuses to start
/// with the dev mailbox, the dev pages or the demo data while listening beyond loopback or with
/// Secure cookies (production's setting), and says why.
#[tokio::test]
async fn the_server_refuses_to_start_with_development_conveniences_exposed() {
    let folder = tempfile::tempdir().unwrap();
    let mut settings = server::Settings::from_layers(None, &[]).unwrap();
    settings.database.url = format!("sqlite://{}", folder.path().join("fapiao.db").display());
    settings.session.cookie_secure = false;
    settings.server.dev_mailbox = true;
    settings.server.bind_address = "0.0.0.0:0".into();
    let refusal = server::Application::build(settings.clone()).await.err().expect("a public address is refused");
    assert!(refusal.to_string().contains("dev mailbox"), "{refusal}");

    settings.server.bind_address = "127.0.0.1:0".into();
    settings.session.cookie_secure = true;
    assert!(server::Application::build(settings.clone()).await.is_err(), "Secure cookies are refused");

    // The binary, as an operator starts it: demo data with production's Secure cookies.
    let output = std::process::Command::new(ServerProcess::BINARY)
        .args(["serve", "--demo"])
        .env("APP_DATABASE__URL", &settings.database.url)
        .env("APP_SERVER__BIND_ADDRESS", format!("127.0.0.1:{}", free_port()))
        .env("APP_SESSION__COOKIE_SECURE", "true")
        .env("APP_LOG__FILTER", "warn")
        .output()
        .expect("the server binary runs");
    assert!(!output.status.success(), "it exits instead of serving");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Refusing to start") && stderr.contains("demo data"), "{stderr}");
}

/// leptos_meta writes the page title into the server-rendered head without escaping it, and a
/// support subject is in the thread page's title: a subject that closes `<title>` must stay
/// text, for the customer and for staff.
#[tokio::test]
async fn markup_in_a_title_stays_text_on_every_page_that_shows_it() {
    let app = spawn_app_with_demo().await;
    let customer = app.login(LILEI.0, LILEI.1).await;
    let subject = "</title><b id=x>";
    let created =
        app.call_as(&customer, "support/create", &[("kind", "other"), ("subject", subject), ("body", "?")]).await;
    assert_eq!(created.status(), 200);
    let number = created.headers()["location"].to_str().unwrap().trim_start_matches("/support/").to_owned();
    let staff = app.login(STAFF.0, STAFF.1).await;
    for (who, cookie) in [("customer", &customer), ("staff", &staff)] {
        let (status, html) = app.page_as(cookie, &format!("/support/{number}")).await;
        assert_eq!(status, 200);
        assert!(!html.contains("<b id=x>"), "{who}: the subject became markup");
        assert!(html.contains("<title>SR") && html.contains("&lt;/title&gt;&lt;b id=x&gt;"), "{who}: shown as text");
    }
}

/// The language switch's `next` must stay on this site however it is spelt: browsers drop tabs
/// and newlines from a URL (`/\t/evil.example` is `//evil.example`, another host), and a raw
/// newline must not reach the `Location` header (it was a 500).
#[tokio::test]
async fn the_language_switch_returns_only_to_this_sites_pages() {
    let app = spawn_app().await;
    let switch =
        |next: &'static str| app.client.post(app.url("/locale")).form(&[("locale", "en"), ("next", next)]).send();
    let back = switch("/bills?page=2").await.unwrap();
    assert_eq!(back.status(), 303);
    assert_eq!(back.headers()["location"], "/bills?page=2");
    for hostile in ["/\t/evil.example", "/\n/evil.example", "//evil.example", "/\\evil.example", "https://evil.example"]
    {
        let response = switch(hostile).await.unwrap();
        assert_eq!(response.status(), 303, "{hostile:?}");
        assert_eq!(response.headers()["location"], "/", "{hostile:?}");
    }
    let newline = switch("/bills\r\nSet-Cookie: x=1").await.unwrap();
    assert_eq!(newline.status(), 303, "a newline is not a 500");
    assert!(newline.headers().get_all("set-cookie").iter().all(|c| !c.to_str().unwrap().starts_with("x=")));
}

/// What a logged-in person sees never stays in a shared computer's browser cache or a proxy:
/// pages and server functions answer `no-store` to a session; the public front end stays
/// cacheable.
#[tokio::test]
async fn a_logged_in_sessions_pages_and_data_are_never_cached() {
    let app = spawn_app_with_demo().await;
    let cookie = app.login(LILEI.0, LILEI.1).await;
    for path in ["/bills", "/account", "/applications"] {
        let response = app.get_as(&cookie, path).await;
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
    }
    let call = app.call_as(&cookie, "bills", &[("page", "1"), ("query", "")]).await;
    assert_eq!(call.status(), 200);
    assert_eq!(call.headers()["cache-control"], "no-store", "a server function's answer");
    assert!(app.get("/login").await.headers().get("cache-control").is_none_or(|v| v != "no-store"), "anonymous");
}

/// The request id in the logs and the audit log is one the server made: a client sending its
/// own `X-Request-Id` cannot pin a chosen value onto a staff action.
#[tokio::test]
async fn the_audit_log_records_the_servers_request_id_not_the_clients() {
    use app::backend::entities::audit_log;
    use sea_orm::{EntityTrait, QueryOrder};
    let app = spawn_app_with_demo().await;
    let staff = app.login(STAFF.0, STAFF.1).await;
    let response = app
        .client
        .post(app.url("/api/admin/announce"))
        .header("cookie", &staff)
        .header("x-request-id", "forged-by-the-client")
        .form(&[("kind", "notice"), ("title_zh", "通知"), ("title_en", "Notice")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let ours = response.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_ne!(ours, "forged-by-the-client");
    let entry = audit_log::Entity::find().order_by_desc(audit_log::Column::Id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(entry.request_id.as_deref(), Some(ours.as_str()), "the audit log has the server's id");
}

/// An idempotency key belongs to the bill it was first used for: replayed for another bill it
/// is a 409, not the first bill's application passed off as the second's.
#[tokio::test]
async fn an_idempotency_key_replayed_for_another_bill_is_a_conflict() {
    use crate::applications::{applications_of, confirm, fill_general_electronic, key};
    let app = spawn_app_with_demo().await;
    let cookie = app.login(crate::helpers::LANYUN.0, crate::helpers::LANYUN.1).await;
    let (first, second) = ("MO-20261001-02", "MO-20261001-03");
    fill_general_electronic(&app, &cookie, first).await;
    fill_general_electronic(&app, &cookie, second).await;
    assert_eq!(confirm(&app, &cookie, first, &key(7)).await.status(), 200);
    let replay = confirm(&app, &cookie, second, &key(7)).await;
    assert_eq!(replay.status(), 409);
    assert!(applications_of(&app, second).await.is_empty(), "nothing was filed for the second bill");
    assert_eq!(confirm(&app, &cookie, second, &key(8)).await.status(), 200, "a fresh key files it");
    assert_eq!(applications_of(&app, first).await.len(), 1);
}

/// An email is one address whatever its case: `LI.LEI@…` logs in as `li.lei@…`, gets its reset
/// link, and cannot become a second account (the register form answers as for any taken email:
/// a notice to the address, no new account).
#[tokio::test]
async fn emails_are_one_address_whatever_their_case() {
    use app::backend::entities::{accounts, email_outbox};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let app = spawn_app_with_demo().await;
    let shouted = LILEI.0.to_uppercase();
    app.login(&shouted, LILEI.1).await;

    let accounts_before = accounts::Entity::find().count(&app.db).await.unwrap();
    let password = "Another-pass-2026";
    let fields = [
        ("order_number", "MO-20261002-01"),
        ("email", shouted.as_str()),
        ("password", password),
        ("password_again", password),
    ];
    assert_eq!(app.call("register", &fields).await.status(), 200);
    assert_eq!(accounts::Entity::find().count(&app.db).await.unwrap(), accounts_before, "no second account");
    let notice = email_outbox::Entity::find().filter(email_outbox::Column::Kind.eq("already_registered"));
    assert_eq!(notice.count(&app.db).await.unwrap(), 1, "the owner is told instead");

    assert_eq!(app.call("request_password_reset", &[("email", &shouted)]).await.status(), 200);
    let resets = email_outbox::Entity::find().filter(email_outbox::Column::Kind.eq("password_reset"));
    let resets = resets.all(&app.db).await.unwrap();
    assert_eq!(resets.len(), 1);
    assert_eq!(resets[0].to_address, LILEI.0, "to the address as the account has it");
}

/// Nobody can flood a mailbox through us: register, resend-activation and forgot-password send
/// at most one mail per address and purpose per interval (the answer stays the same), and each
/// form is limited per client address. The current-password checks of /account are limited per
/// account, so a stolen session is no password oracle.
#[tokio::test]
async fn mail_sending_forms_cannot_flood_a_mailbox_and_current_password_checks_are_limited() {
    use app::backend::entities::email_outbox;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let app = spawn_app_with_demo().await;
    let mails = |kind: &'static str, to: &'static str| {
        email_outbox::Entity::find()
            .filter(email_outbox::Column::Kind.eq(kind))
            .filter(email_outbox::Column::ToAddress.eq(to))
            .count(&app.db)
    };
    for _ in 0..5 {
        assert_eq!(app.call("request_password_reset", &[("email", LILEI.0)]).await.status(), 200);
    }
    assert_eq!(mails("password_reset", LILEI.0).await.unwrap(), 1, "one reset mail, five same answers");

    let password = "Victim-flood-2026";
    let form = [
        ("order_number", "MO-20261002-01"),
        ("email", "victim@example.cn"),
        ("password", password),
        ("password_again", password),
    ];
    for _ in 0..3 {
        assert_eq!(app.call("register", &form).await.status(), 200);
    }
    assert_eq!(mails("activation", "victim@example.cn").await.unwrap(), 1);
    for _ in 0..3 {
        assert_eq!(app.call("resend_activation", &[("email", "victim@example.cn")]).await.status(), 200);
    }
    assert_eq!(mails("activation", "victim@example.cn").await.unwrap(), 1, "resend too");

    let mut statuses = Vec::new();
    for i in 0..25 {
        statuses.push(app.call("resend_activation", &[("email", &format!("x{i}@example.cn"))]).await.status());
    }
    assert!(statuses.iter().any(|s| *s == 429), "one address cannot send without end: {statuses:?}");

    let cookie = app.login(LILEI.0, LILEI.1).await;
    let wrong = [
        ("current_password", "not-it"),
        ("new_password", "Another-pass-2026"),
        ("new_password_again", "Another-pass-2026"),
    ];
    let mut last = 0;
    for _ in 0..11 {
        last = app.call_as(&cookie, "change_password", &wrong).await.status().as_u16();
    }
    assert_eq!(last, 429, "the eleventh check of the current password within 15 minutes waits");
}

/// The periodic clean-up deletes what no longer decides anything — expired and idle sessions,
/// old login attempts and rate-limit hits, sent mail after a month — and keeps what still does.
#[tokio::test]
async fn the_clean_up_removes_dead_sessions_old_attempts_and_sent_mail_and_keeps_the_rest() {
    use app::backend::entities::{email_outbox, login_attempts, rate_limit_hits, sessions};
    use sea_orm::{EntityTrait, PaginatorTrait};
    let app = spawn_app_with_demo().await;
    let live = app.login(LILEI.0, LILEI.1).await;
    let _idle = app.login(STAFF.0, STAFF.1).await;
    app.call("login", &[("email", LILEI.0), ("password", "wrong")]).await;
    app.call("request_password_reset", &[("email", LILEI.0)]).await;
    let long_ago = (chrono::Utc::now() - chrono::Duration::days(40)).to_rfc3339();
    let idle_since = (chrono::Utc::now() - chrono::Duration::hours(2)).to_rfc3339();
    app.execute(&format!("UPDATE sessions SET last_seen_at = '{idle_since}' WHERE account_id = (SELECT id FROM accounts WHERE email = '{}')", STAFF.0)).await;
    app.execute(&format!("UPDATE login_attempts SET created_at = '{long_ago}'")).await;
    app.execute(&format!("UPDATE rate_limit_hits SET created_at = '{long_ago}'")).await;
    app.execute(&format!(
        "UPDATE email_outbox SET status = 'sent', sent_at = '{long_ago}' WHERE kind = 'password_reset'"
    ))
    .await;
    let pending_mail = email_outbox::Entity::find().count(&app.db).await.unwrap() - 1;

    let report = app::backend::cleanup::run(&app.db, chrono::Duration::minutes(30), chrono::Utc::now()).await.unwrap();
    assert_eq!((report.sessions, report.sent_emails), (1, 1), "{report:?}");
    assert_eq!(sessions::Entity::find().count(&app.db).await.unwrap(), 1, "the live session stays");
    assert_eq!(app.page_as(&live, "/bills").await.0, 200);
    assert_eq!(login_attempts::Entity::find().count(&app.db).await.unwrap(), 0);
    assert_eq!(rate_limit_hits::Entity::find().count(&app.db).await.unwrap(), 0);
    assert_eq!(email_outbox::Entity::find().count(&app.db).await.unwrap(), pending_mail, "unsent mail stays");
}
