//! Bills and the fapiao application: who sees which bill, drafts saved step by step (bad
//! input refused but kept), confirmation exactly once, due time, confirmation email.

use crate::helpers::{LANYUN, LILEI, TestApp, spawn_app_with_demo};
use app::backend::entities::{application_drafts, application_events, email_outbox, fapiao_applications};
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

/// A paid order of 蓝云 and one of 李雷.
pub const LANYUN_ORDER: &str = "MO-20261001-02";
pub const LILEI_ORDER: &str = "MO-20261003-01";

async fn customer(app: &TestApp, who: (&str, &str)) -> String {
    app.login(who.0, who.1).await
}

pub async fn save_step(
    app: &TestApp,
    cookie: &str,
    order: &str,
    step: &str,
    go: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let keys: Vec<String> = fields.iter().map(|(k, _)| format!("form[{k}]")).collect();
    let mut form: Vec<(&str, &str)> = vec![("order_number", order), ("step", step), ("go", go)];
    form.extend(keys.iter().map(String::as_str).zip(fields.iter().map(|(_, v)| *v)));
    app.call_as(cookie, "save_application_step", &form).await
}

/// Where the server sends the customer after an accepted step.
async fn target(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 200);
    response.json().await.expect("a path")
}

async fn error_fields(response: reqwest::Response) -> Vec<String> {
    let body: Value = response.json().await.expect("a JSON error");
    body["Validation"].as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default()
}

/// Fills steps 1–3 of a general 数电 fapiao for `order`.
pub async fn fill_general_electronic(app: &TestApp, cookie: &str, order: &str) {
    let r = save_step(
        app,
        cookie,
        order,
        "1",
        "next",
        &[("buyer_type", "individual"), ("fapiao_type", "general"), ("medium", "electronic")],
    )
    .await;
    assert_eq!(target(r).await, format!("/bills/{order}/apply/2"));
    let r = save_step(app, cookie, order, "2", "next", &[("title", "李雷")]).await;
    assert_eq!(target(r).await, format!("/bills/{order}/apply/3"));
    let r = save_step(
        app,
        cookie,
        order,
        "3",
        "next",
        &[("delivery_method", "email"), ("delivery_emails", "li.lei@example.cn")],
    )
    .await;
    assert_eq!(target(r).await, format!("/bills/{order}/apply/4"));
}

pub async fn confirm(app: &TestApp, cookie: &str, order: &str, key: &str) -> reqwest::Response {
    app.call_as(cookie, "confirm_application", &[("order_number", order), ("idempotency_key", key)]).await
}

pub fn key(n: u32) -> String {
    format!("{n:032x}")
}

pub async fn applications_of(app: &TestApp, order: &str) -> Vec<fapiao_applications::Model> {
    let order_id = app::backend::entities::orders::Entity::find()
        .filter(app::backend::entities::orders::Column::OrderNumber.eq(order))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    fapiao_applications::Entity::find()
        .filter(fapiao_applications::Column::OrderId.eq(order_id))
        .all(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_bill_list_shows_the_customers_own_bills_newest_first_and_searches_by_number() {
    let app = spawn_app_with_demo().await;
    let cookie = customer(&app, LANYUN).await;
    let (status, html) = app.page_as(&cookie, "/bills").await;
    assert_eq!(status, 200);
    assert!(html.contains("MO-20261001-12") && html.contains("MO-20261001-03"));
    assert!(html.find("MO-20261001-12") < html.find("MO-20261001-11"), "newest first");
    assert!(!html.contains(LILEI_ORDER), "another customer's bill is not listed");
    assert!(html.contains("3 天") || html.contains("3 days"), "the sync delay notice");

    let (_, html) = app.page_as(&cookie, "/bills?q=1001-03").await;
    assert!(html.contains("MO-20261001-03") && !html.contains("MO-20261001-02"));
    let page: Value =
        app.call_as(&cookie, "bills", &[("page", "1"), ("query", ""), ("per_page", "50")]).await.json().await.unwrap();
    assert_eq!(page["total"], 12);
    assert_eq!(page["bills"][0]["amount"].as_str().unwrap().chars().next(), Some('¥'));
}

#[tokio::test]
async fn another_customers_bill_is_not_found_everywhere() {
    let app = spawn_app_with_demo().await;
    let cookie = customer(&app, LANYUN).await;
    assert_eq!(app.call_as(&cookie, "bill", &[("order_number", LILEI_ORDER)]).await.status(), 404);
    assert_eq!(app.page_as(&cookie, &format!("/bills/{LILEI_ORDER}")).await.0, 404);
    assert_eq!(app.page_as(&cookie, &format!("/bills/{LILEI_ORDER}/apply/1")).await.0, 404);
    let r = save_step(
        &app,
        &cookie,
        LILEI_ORDER,
        "1",
        "next",
        &[("buyer_type", "individual"), ("fapiao_type", "general"), ("medium", "paper")],
    )
    .await;
    assert_eq!(r.status(), 404);
    assert_eq!(confirm(&app, &cookie, LILEI_ORDER, &key(1)).await.status(), 404);
    assert_eq!(application_drafts::Entity::find().count(&app.db).await.unwrap(), 0, "nothing was saved");

    // Logged out: 401, and the page asks to log in.
    assert_eq!(app.call("bills", &[("page", "1"), ("query", "")]).await.status(), 401);
}

#[tokio::test]
async fn a_general_electronic_application_is_confirmed_once_with_due_time_timeline_and_email() {
    let app = spawn_app_with_demo().await;
    let cookie = customer(&app, LILEI).await;
    fill_general_electronic(&app, &cookie, LILEI_ORDER).await;

    let (status, review) = app.page_as(&cookie, &format!("/bills/{LILEI_ORDER}/apply/4")).await;
    assert_eq!(status, 200);
    assert!(review.contains("第 4 步，共 4 步"), "the step indicator is in the heading");

    let before = Utc::now();
    let response = confirm(&app, &cookie, LILEI_ORDER, &key(7)).await;
    assert_eq!(response.status(), 200);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let saved = applications_of(&app, LILEI_ORDER).await;
    assert_eq!(saved.len(), 1);
    let application = &saved[0];
    assert_eq!(location, format!("/applications/{}?submitted=1", application.application_number));
    assert!(application.application_number.starts_with("FP2026"));
    assert_eq!((application.status.code(), application.title.as_str()), ("submitted", "李雷"));
    assert_eq!(application.delivery_emails.as_deref(), Some("li.lei@example.cn"));
    assert!(application.due_at > before + chrono::Duration::hours(24), "due two working days later");
    assert!(application.due_at < before + chrono::Duration::days(12));
    let events = application_events::Entity::find()
        .filter(application_events::Column::ApplicationId.eq(application.id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(events.iter().map(|e| e.to_status.code()).collect::<Vec<_>>(), ["submitted"]);
    let email = email_outbox::Entity::find()
        .filter(email_outbox::Column::Kind.eq("application_submitted"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a confirmation email");
    assert_eq!(email.to_address, LILEI.0);
    assert!(email.body_text.contains(&application.application_number));
    // 价税合计 ¥36.00 at 6 %: 税额 ¥2.04.
    for fact in ["价税合计", "¥36.00", "税率", "6%", "税额", "¥2.04"] {
        assert!(email.body_text.contains(fact), "{fact} in {}", email.body_text);
    }
    assert_eq!(application_drafts::Entity::find().count(&app.db).await.unwrap(), 0, "the draft is gone");

    // The same key again (a retry) leads to the same application; so does a new key.
    let again = confirm(&app, &cookie, LILEI_ORDER, &key(7)).await;
    assert_eq!(again.headers()["location"], location.as_str());
    let other = confirm(&app, &cookie, LILEI_ORDER, &key(8)).await;
    assert_eq!(other.headers()["location"], location.as_str());
    assert_eq!(applications_of(&app, LILEI_ORDER).await.len(), 1);

    // The customer sees it: status on the bill list and the application page.
    let (_, bills) = app.page_as(&cookie, "/bills").await;
    assert!(bills.contains("已提交"));
    let (status, page) = app.page_as(&cookie, &location).await;
    assert_eq!(status, 200);
    assert!(page.contains(&application.application_number) && page.contains("申请已提交"));
    // Nobody else does.
    let other_customer = customer(&app, LANYUN).await;
    assert_eq!(app.page_as(&other_customer, &location).await.0, 404);
}

#[tokio::test]
async fn fifty_concurrent_identical_confirms_create_exactly_one_application() {
    let app = spawn_app_with_demo().await;
    let cookie = customer(&app, LILEI).await;
    fill_general_electronic(&app, &cookie, LILEI_ORDER).await;
    let confirms = (0..50).map(|i| {
        let (app, cookie) = (&app, cookie.clone());
        // Half replay one key (a double click), half bring their own (another tab).
        let key = if i % 2 == 0 { key(1) } else { key(100 + i) };
        async move { confirm(app, &cookie, LILEI_ORDER, &key).await }
    });
    let responses = futures::future::join_all(confirms).await;
    let locations: std::collections::HashSet<String> = responses
        .iter()
        .map(|r| {
            assert_eq!(r.status(), 200, "every confirm is answered with the application");
            r.headers()["location"].to_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(locations.len(), 1, "all lead to the same application: {locations:?}");
    assert_eq!(applications_of(&app, LILEI_ORDER).await.len(), 1);
    let emails =
        email_outbox::Entity::find().filter(email_outbox::Column::Kind.eq("application_submitted")).count(&app.db);
    assert_eq!(emails.await.unwrap(), 1, "one confirmation email");
}

#[tokio::test]
async fn bad_input_on_every_step_is_refused_field_by_field_and_kept_in_the_draft() {
    let app = spawn_app_with_demo().await;
    let cookie = customer(&app, LANYUN).await;
    let order = LANYUN_ORDER;

    let r = save_step(&app, &cookie, order, "1", "next", &[("fapiao_type", "vat"), ("medium", "")]).await;
    assert_eq!(r.status(), 422);
    assert_eq!(error_fields(r).await, ["buyer_type", "fapiao_type", "medium"]);
    // A natural person never gets a 专用发票.
    let person_special = [("buyer_type", "individual"), ("fapiao_type", "special"), ("medium", "electronic")];
    let r = save_step(&app, &cookie, order, "1", "next", &person_special).await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["Validation"]["fapiao_type"], "SpecialNotForIndividuals");
    // An enterprise's 普票 needs the taxpayer ID; a title over 100 GBK bytes is refused with
    // the limit, and the full-width brackets typed are kept.
    let enterprise_general = [("buyer_type", "enterprise"), ("fapiao_type", "general"), ("medium", "electronic")];
    save_step(&app, &cookie, order, "1", "next", &enterprise_general).await;
    let long_title = format!("蓝云科技（上海）{}有限公司", "云".repeat(40));
    let r = save_step(&app, &cookie, order, "2", "next", &[("title", &long_title), ("taxpayer_id", "")]).await;
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["Validation"]["taxpayer_id"], "Required");
    assert_eq!(body["Validation"]["title"]["TooManyBytes"]["max"], 100);

    save_step(
        &app,
        &cookie,
        order,
        "1",
        "next",
        &[("buyer_type", "enterprise"), ("fapiao_type", "special"), ("medium", "paper")],
    )
    .await;
    let bad_title = [
        ("title", "蓝云科技（上海）有限公司"),
        ("taxpayer_id", "91330106673959654Q"),
        ("registered_address", ""),
        ("registered_phone", "电话"),
        ("bank_name", "招商银行"),
        ("bank_account", "6222-ABCD"),
    ];
    let r = save_step(&app, &cookie, order, "2", "next", &bad_title).await;
    assert_eq!(r.status(), 422);
    assert_eq!(error_fields(r).await, ["bank_account", "registered_address", "registered_phone", "taxpayer_id"]);
    // What was typed is kept: the page shows it again.
    let (_, html) = app.page_as(&cookie, &format!("/bills/{order}/apply/2")).await;
    assert!(html.contains("91330106673959654Q") && html.contains("6222-ABCD"));

    let good_title = [
        ("title", "蓝云科技（上海）有限公司"),
        ("taxpayer_id", "91330106673959654P"),
        ("registered_address", "上海市浦东新区张江路 88 号"),
        ("registered_phone", "021-12345678"),
        ("bank_name", "招商银行上海张江支行"),
        ("bank_account", "6222 0210 0112 3456"),
    ];
    let r = save_step(&app, &cookie, order, "2", "next", &good_title).await;
    assert_eq!(target(r).await, format!("/bills/{order}/apply/3"));

    let mut delivery = vec![
        ("delivery_method", "sf_freight_collect"),
        ("recipient", "韩梅梅"),
        ("mobile", "12812345678"),
        ("province", "31"),
        ("city", "1101"),
        ("district", "310115"),
        ("street", "张江路 88 号"),
        ("postal_code", "2012"),
    ];
    let r = save_step(&app, &cookie, order, "3", "next", &delivery).await;
    assert_eq!(r.status(), 422);
    // The format checks, and the server's own: a Beijing city under Shanghai.
    assert_eq!(error_fields(r).await, ["city", "mobile", "postal_code"]);
    delivery[2] = ("mobile", "13812345678");
    delivery[7] = ("postal_code", "201203");
    delivery[4] = ("city", "3101");
    let r = save_step(&app, &cookie, order, "3", "next", &delivery).await;
    assert_eq!(target(r).await, format!("/bills/{order}/apply/4"));

    // A paper fapiao cannot be emailed.
    let r =
        save_step(&app, &cookie, order, "3", "next", &[("delivery_method", "email"), ("delivery_emails", "a@b.cn")])
            .await;
    assert_eq!(error_fields(r).await.first().map(String::as_str), Some("delivery_method"));
    // Confirming now is refused with the reason, and nothing is created.
    let r = confirm(&app, &cookie, order, &key(3)).await;
    assert_eq!(r.status(), 422);
    assert!(applications_of(&app, order).await.is_empty());
    // A malformed idempotency key too.
    assert_eq!(confirm(&app, &cookie, order, "not-a-key").await.status(), 422);
}

#[tokio::test]
async fn the_draft_survives_logout_and_back_goes_back_without_checking() {
    let app = spawn_app_with_demo().await;
    let cookie = customer(&app, LANYUN).await;
    save_step(
        &app,
        &cookie,
        LANYUN_ORDER,
        "1",
        "next",
        &[("buyer_type", "individual"), ("fapiao_type", "general"), ("medium", "electronic")],
    )
    .await;
    // Half-typed and invalid, then "back": saved, not checked.
    let r = save_step(&app, &cookie, LANYUN_ORDER, "2", "back", &[("taxpayer_id", "9133010667395")]).await;
    assert_eq!(target(r).await, format!("/bills/{LANYUN_ORDER}/apply/1"));
    app.call_as(&cookie, "logout", &[]).await;

    let cookie = customer(&app, LANYUN).await;
    let context: Value =
        app.call_as(&cookie, "application_form", &[("order_number", LANYUN_ORDER)]).await.json().await.unwrap();
    assert_eq!(context["form"]["medium"], "electronic");
    assert_eq!(context["form"]["taxpayer_id"], "9133010667395");
    let (_, bills) = app.page_as(&cookie, "/bills").await;
    assert!(bills.contains("填写中"), "the bill list says an application is in progress");
}

#[tokio::test]
async fn linking_an_order_number_with_a_bad_format_is_refused_on_its_field() {
    let app = spawn_app_with_demo().await;
    let cookie = customer(&app, LILEI).await;
    let r = app.call_as(&cookie, "link_order", &[("order_number", "??")]).await;
    assert_eq!(r.status(), 422, "a malformed number is refused with a reason");
    assert_eq!(error_fields(r).await, ["order_number"]);
}

#[tokio::test]
async fn a_bill_downloads_as_a_pdf_that_shows_its_chinese_text_and_only_to_its_customer() {
    let app = spawn_app_with_demo().await;
    let cookie = customer(&app, LANYUN).await;
    let response = app.get_as(&cookie, &format!("/bills/{LANYUN_ORDER}/pdf")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(bytes.len() < 200_000, "only a subset of the 20 MB font is embedded: {} bytes", bytes.len());

    // Read it back as a PDF reader does.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bill.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let output = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by `make test-deps`");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    for expected in [LANYUN_ORDER, "蓝云科技（上海）有限公司", "账单", "本账单不是发票", "¥"] {
        assert!(text.contains(expected), "{expected:?} missing from the PDF text:\n{text}");
    }

    let other = customer(&app, LILEI).await;
    assert_eq!(app.get_as(&other, &format!("/bills/{LANYUN_ORDER}/pdf")).await.status(), 404);
    assert_eq!(app.get(&format!("/bills/{LANYUN_ORDER}/pdf")).await.status(), 303, "logged out: to the login page");
}

/// A draft keeps what was typed, even invalid, but not without bound: a field beyond its limit
/// (here a 1 MB title) is refused with the limit in the error, and nothing of it is stored.
#[tokio::test]
async fn a_field_beyond_its_limit_is_refused_and_nothing_is_stored() {
    let app = spawn_app_with_demo().await;
    let cookie = customer(&app, LILEI).await;
    let r = save_step(
        &app,
        &cookie,
        LILEI_ORDER,
        "1",
        "next",
        &[("buyer_type", "individual"), ("fapiao_type", "general"), ("medium", "electronic")],
    );
    assert_eq!(target(r.await).await, format!("/bills/{LILEI_ORDER}/apply/2"));
    let huge = "蓝".repeat(1024 * 1024 / 3);
    let long_id = "9".repeat(25);
    let r = save_step(&app, &cookie, LILEI_ORDER, "2", "next", &[("title", &huge), ("taxpayer_id", &long_id)]).await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["Validation"]["title"]["TooLong"]["max"], 100, "{body}");
    assert!(body["Validation"]["taxpayer_id"]["TooLong"].is_object(), "{body}");
    let draft = application_drafts::Entity::find().one(&app.db).await.unwrap().expect("the step-1 draft");
    assert!(draft.data.len() < 10_000, "the oversized title was not stored");
    assert!(draft.data.contains("electronic"), "what was there is kept");
}

/// 备注: printed as given when printable and short enough (GBK bytes, as the platform counts),
/// refused with the reason otherwise and kept in the draft; shown to the customer and to staff;
/// never carried to the next bill's form (a purchase order number belongs to one bill).
#[tokio::test]
async fn a_remark_is_checked_printed_as_given_and_not_carried_to_the_next_bill() {
    let app = spawn_app_with_demo().await;
    let cookie = customer(&app, LANYUN).await;
    let order = LANYUN_ORDER;
    let enterprise = [("buyer_type", "enterprise"), ("fapiao_type", "general"), ("medium", "electronic")];
    save_step(&app, &cookie, order, "1", "next", &enterprise).await;
    let title = [("title", "蓝云科技（上海）有限公司"), ("taxpayer_id", "91330106673959654P")];
    let too_long = "采".repeat(101);
    let r = save_step(&app, &cookie, order, "2", "next", &[title[0], title[1], ("remark", &too_long)]).await;
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["Validation"]["remark"]["TooManyBytes"]["max"], 200, "{body}");
    let r = save_step(&app, &cookie, order, "2", "next", &[title[0], title[1], ("remark", "PO 𠀀")]).await;
    let body: Value = r.json().await.unwrap();
    assert!(body["Validation"]["remark"]["NotGbk"].is_string(), "{body}");
    let context: Value =
        app.call_as(&cookie, "application_form", &[("order_number", order)]).await.json().await.unwrap();
    assert_eq!(context["form"]["remark"], "PO 𠀀", "kept in the draft as typed");

    let remark = "采购订单 PO-2026-0042";
    assert_eq!(
        save_step(&app, &cookie, order, "2", "next", &[title[0], title[1], ("remark", remark)]).await.status(),
        200
    );
    let emails = [("delivery_method", "email"), ("delivery_emails", "finance@lanyun.example.cn")];
    save_step(&app, &cookie, order, "3", "next", &emails).await;
    let confirmed = app
        .call_as(&cookie, "confirm_application", &[("order_number", order), ("idempotency_key", &"7".repeat(32))])
        .await;
    assert_eq!(confirmed.status(), 200);
    let stored = fapiao_applications::Entity::find()
        .filter(fapiao_applications::Column::Remark.is_not_null())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.remark.as_deref(), Some(remark));
    let (_, html) = app.page_as(&cookie, &format!("/applications/{}", stored.application_number)).await;
    assert!(html.contains("备注") && html.contains(remark));
    let staff = app.login(crate::helpers::STAFF.0, crate::helpers::STAFF.1).await;
    let (_, html) = app.page_as(&staff, &format!("/admin/applications/{}", stored.application_number)).await;
    assert!(html.contains(remark), "staff see it to copy it");

    // The next bill's form starts from this application, without its remark.
    let context: Value =
        app.call_as(&cookie, "application_form", &[("order_number", "MO-20261001-01")]).await.json().await.unwrap();
    assert_eq!(context["form"]["title"], "蓝云科技（上海）有限公司", "pre-filled from this application");
    assert_eq!(context["form"]["remark"], "");
}
