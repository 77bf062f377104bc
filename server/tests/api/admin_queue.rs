//! The service center: every transition allowed and refused, one winner among concurrent
//! staff actions, uploads checked, files and the back office out of customers' reach, and a
//! title change (reverse) freeing the bill for a new application.

use crate::helpers::{LANYUN, LILEI, STAFF, TestApp, spawn_app_with_demo};
use app::backend::entities::{application_events, audit_log, email_outbox, fapiao_applications};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

const LILEI_ORDER: &str = "MO-20261003-01";
pub const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

/// 李雷's bill applied for (paper or electronic) and confirmed; returns the number.
pub async fn submitted(app: &TestApp, medium: &str) -> String {
    let cookie = app.login(LILEI.0, LILEI.1).await;
    save(app, &cookie, "1", vec![("buyer_type", "individual"), ("fapiao_type", "general"), ("medium", medium)]).await;
    save(app, &cookie, "2", vec![("title", "李雷")]).await;
    if medium == "paper" {
        save(
            app,
            &cookie,
            "3",
            vec![
                ("delivery_method", "yunda"),
                ("recipient", "李雷"),
                ("mobile", "13812345678"),
                ("province", "11"),
                ("city", "1101"),
                ("district", "110108"),
                ("street", "中关村大街 1 号"),
                ("postal_code", "100080"),
            ],
        )
        .await;
    } else {
        save(app, &cookie, "3", vec![("delivery_method", "email"), ("delivery_emails", "li.lei@example.cn")]).await;
    }
    let r = app
        .call_as(
            &cookie,
            "confirm_application",
            &[("order_number", LILEI_ORDER), ("idempotency_key", &format!("{:032x}", 42))],
        )
        .await;
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    location.trim_start_matches("/applications/").trim_end_matches("?submitted=1").to_owned()
}

async fn save(app: &TestApp, cookie: &str, step: &str, fields: Vec<(&str, &str)>) {
    let mut form = vec![
        ("order_number".to_owned(), LILEI_ORDER.to_owned()),
        ("step".into(), step.into()),
        ("go".into(), "next".into()),
    ];
    form.extend(fields.into_iter().map(|(k, v)| (format!("form[{k}]"), v.to_owned())));
    let r = app
        .client
        .post(app.url("/api/save_application_step"))
        .header("cookie", cookie)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "step {step}");
}

async fn version(app: &TestApp, number: &str) -> i32 {
    fapiao_applications::Entity::find()
        .filter(fapiao_applications::Column::ApplicationNumber.eq(number))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .version
}

pub async fn status(app: &TestApp, number: &str) -> String {
    fapiao_applications::Entity::find()
        .filter(fapiao_applications::Column::ApplicationNumber.eq(number))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .status
        .code()
        .to_owned()
}

pub async fn act(app: &TestApp, staff: &str, number: &str, action: &str, extra: &[(&str, &str)]) -> reqwest::Response {
    let v = version(app, number).await.to_string();
    let mut form = vec![("number", number), ("version", v.as_str()), ("action", action)];
    form.extend_from_slice(extra);
    app.call_as(staff, "admin/act", &form).await
}

pub async fn issue(
    app: &TestApp,
    staff: &str,
    number: &str,
    fields: &[(&str, &str)],
    files: Vec<(&str, Vec<u8>)>,
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new().text("version", version(app, number).await.to_string());
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    for (name, bytes) in files {
        form = form.part("files", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()));
    }
    app.client
        .post(app.url(&format!("/admin/applications/{number}/issue")))
        .header("cookie", staff)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

pub const ELECTRONIC_ISSUE: [(&str, &str); 3] =
    [("fapiao_number", "26312000000012345678"), ("issue_date", "2026-11-24"), ("amount", "36.00")];

#[tokio::test]
async fn an_electronic_application_goes_through_the_service_center_and_the_customer_downloads_the_file() {
    let app = spawn_app_with_demo().await;
    let number = submitted(&app, "electronic").await;
    let staff = app.login(STAFF.0, STAFF.1).await;

    // The queue lists it, due first.
    let queue: Value = app.call_as(&staff, "admin/queue", &[("filter[q]", &number)]).await.json().await.unwrap();
    assert_eq!(queue["rows"][0]["number"], number.as_str());
    let (code, html) = app.page_as(&staff, "/admin").await;
    assert_eq!(code, 200);
    assert!(html.contains(&number));

    // Issuing before processing is refused; so is mailing an e-fapiao.
    assert_eq!(issue(&app, &staff, &number, &ELECTRONIC_ISSUE, vec![("fapiao.pdf", PDF.to_vec())]).await.status(), 409);
    assert_eq!(act(&app, &staff, &number, "start", &[]).await.status(), 200);
    assert_eq!(act(&app, &staff, &number, "start", &[]).await.status(), 409, "a repeated action is a conflict");
    assert_eq!(
        act(&app, &staff, &number, "mail", &[("courier", "sf"), ("tracking_number", "SF1234567890")]).await.status(),
        409
    );

    // Uploads are checked: type by content, size, at least the PDF or OFD.
    let r =
        issue(&app, &staff, &number, &ELECTRONIC_ISSUE, vec![("fapiao.pdf", b"MZ\x90\x00not a pdf".to_vec())]).await;
    assert_eq!(r.status(), 422);
    let big = [PDF, &vec![b' '; 11 * 1024 * 1024][..]].concat();
    let r = issue(&app, &staff, &number, &ELECTRONIC_ISSUE, vec![("fapiao.pdf", big)]).await;
    assert!(matches!(r.status().as_u16(), 413 | 422), "oversize refused: {}", r.status());
    let r = issue(&app, &staff, &number, &ELECTRONIC_ISSUE, vec![]).await;
    assert_eq!(r.status(), 422, "an e-fapiao needs its file");
    let r = issue(
        &app,
        &staff,
        &number,
        &[("fapiao_number", "123"), ("issue_date", "2026-11-24"), ("amount", "36")],
        vec![("f.pdf", PDF.to_vec())],
    )
    .await;
    assert_eq!(r.status(), 422);
    assert_eq!(status(&app, &number).await, "processing", "nothing changed");

    let r = issue(
        &app,
        &staff,
        &number,
        &ELECTRONIC_ISSUE,
        vec![("电子发票.pdf", PDF.to_vec()), ("fapiao.xml", b"<?xml version=\"1.0\"?><x/>".to_vec())],
    )
    .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(status(&app, &number).await, "issued");

    // The customer sees 已开具 with the number, and downloads the PDF; nobody else can.
    let customer = app.login(LILEI.0, LILEI.1).await;
    let view: Value = app.call_as(&customer, "application", &[("number", &number)]).await.json().await.unwrap();
    assert_eq!(view["status"], "issued");
    assert_eq!(view["fapiao"]["number"], "26312000000012345678");
    let href = view["fapiao"]["files"][0]["href"].as_str().unwrap().to_owned();
    let download = app.get_as(&customer, &href).await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);
    let other = app.login(LANYUN.0, LANYUN.1).await;
    assert_eq!(app.get_as(&other, &href).await.status(), 404);
    assert_eq!(app.call_as(&other, "application", &[("number", &number)]).await.status(), 404);

    // Each transition: a timeline event, an email to the customer, an audit row.
    let events = application_events::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(events, 4, "submitted, processing, issued, and sent to the receiving address");
    let emails = email_outbox::Entity::find()
        .filter(email_outbox::Column::Kind.eq("application_status"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(emails, 2);
    let audits = audit_log::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(
        audits.iter().map(|a| a.action.as_str()).collect::<Vec<_>>(),
        ["application.start", "application.issue"]
    );
    assert!(audits.iter().all(|a| a.actor_account_id.is_some() && a.target_id.as_deref() == Some(number.as_str())));
}

/// A mailed fapiao: the tracking number links to the courier's page (SF's waybill page for
/// the number), and the customer confirms receipt (签收) once, which staff see.
#[tokio::test]
async fn the_customer_tracks_the_parcel_and_confirms_receipt() {
    let app = spawn_app_with_demo().await;
    let number = submitted(&app, "paper").await;
    // Sent SF freight collect (顺丰到付), as the customer could have chosen.
    let sf = format!(
        "UPDATE fapiao_applications SET delivery_method = 'sf_freight_collect' WHERE application_number = '{number}'"
    );
    app.execute(&sf).await;
    let staff = app.login(STAFF.0, STAFF.1).await;
    act(&app, &staff, &number, "start", &[]).await;
    let paper = [
        ("fapiao_code", "011002300111"),
        ("fapiao_number", "12345678"),
        ("issue_date", "2026-11-24"),
        ("amount", "36.00"),
    ];
    assert_eq!(issue(&app, &staff, &number, &paper, vec![]).await.status(), 200);
    let customer = app.login(LILEI.0, LILEI.1).await;
    let receipt = [("number", number.as_str())];
    assert_eq!(app.call_as(&customer, "confirm_receipt", &receipt).await.status(), 409, "not mailed yet");
    let mail = [("courier", "sf"), ("tracking_number", "SF1234567890123")];
    assert_eq!(act(&app, &staff, &number, "mail", &mail).await.status(), 200);

    let (_, html) = app.page_as(&customer, &format!("/applications/{number}")).await;
    assert!(html.contains("https://www.sf-express.com/chn/sc/waybill/waybill-detail/SF1234567890123"), "{html}");
    assert!(html.contains("查询物流") && html.contains("确认收到发票"));
    let other = app.login(LANYUN.0, LANYUN.1).await;
    assert_eq!(app.call_as(&other, "confirm_receipt", &receipt).await.status(), 404);
    assert_eq!(app.call_as(&staff, "confirm_receipt", &receipt).await.status(), 404, "the customer's to say");

    assert_eq!(app.call_as(&customer, "confirm_receipt", &receipt).await.status(), 200);
    assert_eq!(app.call_as(&customer, "confirm_receipt", &receipt).await.status(), 409, "once");
    let (_, html) = app.page_as(&customer, &format!("/applications/{number}")).await;
    assert!(html.contains("签收时间") && !html.contains("确认收到发票"));
    assert!(html.contains("客户已签收"), "on the timeline");
    let (_, queue) = app.page_as(&staff, "/admin?status=mailed").await;
    assert!(queue.contains(&number) && queue.contains("已签收"), "staff see it");
}

#[tokio::test]
async fn a_paper_application_is_mailed_with_its_tracking_number() {
    let app = spawn_app_with_demo().await;
    let number = submitted(&app, "paper").await;
    let staff = app.login(STAFF.0, STAFF.1).await;
    act(&app, &staff, &number, "start", &[]).await;
    let paper = [
        ("fapiao_code", "011002300111"),
        ("fapiao_number", "12345678"),
        ("issue_date", "2026-11-24"),
        ("amount", "36.00"),
    ];
    assert_eq!(issue(&app, &staff, &number, &paper, vec![]).await.status(), 200);
    let r = act(&app, &staff, &number, "mail", &[("courier", "yunda"), ("tracking_number", "12")]).await;
    assert_eq!(r.status(), 422, "a too short tracking number");
    assert_eq!(
        act(&app, &staff, &number, "mail", &[("courier", "yunda"), ("tracking_number", "YD 4312 8899 0011")])
            .await
            .status(),
        200
    );
    assert_eq!(status(&app, &number).await, "mailed");
    let customer = app.login(LILEI.0, LILEI.1).await;
    let (_, html) = app.page_as(&customer, &format!("/applications/{number}")).await;
    assert!(
        html.contains("已邮寄") && html.contains("YD431288990011") && html.contains("韵达"),
        "the customer sees courier and tracking number"
    );

    // 红冲 of a mailed paper fapiao: it must come back before the red fapiao is recorded.
    let start = [("reason", "sales_return"), ("confirmation_number", "44031225000000654321")];
    assert_eq!(act(&app, &staff, &number, "start_reversal", &start).await.status(), 200);
    assert_eq!(status(&app, &number).await, "awaiting_return", "a mailed paper fapiao comes back first");
    let red = [("red_number", "26312000000088888888"), ("red_date", "2026-11-25")];
    assert_eq!(act(&app, &staff, &number, "complete_reversal", &red).await.status(), 409);
    assert_eq!(act(&app, &staff, &number, "returned", &[]).await.status(), 200);
    assert_eq!(status(&app, &number).await, "reversal_pending", "no buyer confirmation asked for");
    assert_eq!(act(&app, &staff, &number, "complete_reversal", &red).await.status(), 200);
    assert_eq!(status(&app, &number).await, "reversed");
    let (_, html) = app.page_as(&customer, &format!("/applications/{number}")).await;
    assert!(html.contains("已红冲") && html.contains("26312000000088888888") && html.contains("销货退回"));
}

#[tokio::test]
async fn another_courier_needs_a_reason_the_customer_reads() {
    let app = spawn_app_with_demo().await;
    let number = submitted(&app, "paper").await;
    let staff = app.login(STAFF.0, STAFF.1).await;
    act(&app, &staff, &number, "start", &[]).await;
    let paper = [
        ("fapiao_code", "011002300111"),
        ("fapiao_number", "12345679"),
        ("issue_date", "2026-11-24"),
        ("amount", "36.00"),
    ];
    assert_eq!(issue(&app, &staff, &number, &paper, vec![]).await.status(), 200);
    let sf = [("courier", "sf"), ("tracking_number", "SF1234567890")];
    let r = act(&app, &staff, &number, "mail", &sf).await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["Validation"]["note"], "CourierDiffers");
    let with_reason = [("courier", "sf"), ("tracking_number", "SF1234567890"), ("note", "韵达暂停收件")];
    assert_eq!(act(&app, &staff, &number, "mail", &with_reason).await.status(), 200);
    let customer = app.login(LILEI.0, LILEI.1).await;
    let (_, html) = app.page_as(&customer, &format!("/applications/{number}")).await;
    assert!(html.contains("韵达暂停收件"), "the customer reads why");
}

#[tokio::test]
async fn staff_cannot_issue_for_another_amount_or_date_and_a_refunded_bill_is_flagged_for_reversal() {
    let app = spawn_app_with_demo().await;
    let number = submitted(&app, "electronic").await;
    let staff = app.login(STAFF.0, STAFF.1).await;
    act(&app, &staff, &number, "start", &[]).await;
    let pdf = || vec![("f.pdf", PDF.to_vec())];
    let wrong = [("fapiao_number", "26312000000012345678"), ("issue_date", "2099-01-01"), ("amount", "35.99")];
    let r = issue(&app, &staff, &number, &wrong, pdf()).await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["Validation"]["amount"]["NotTheBillAmount"]["bill"], "¥36.00");
    assert_eq!(body["error"]["Validation"]["issue_date"], "DateInFuture");
    let before = [("fapiao_number", "26312000000012345678"), ("issue_date", "2020-01-01"), ("amount", "36.00")];
    let body: Value = issue(&app, &staff, &number, &before, pdf()).await.json().await.unwrap();
    assert!(body["error"]["Validation"]["issue_date"]["DateBeforePayment"].is_object());
    assert_eq!(status(&app, &number).await, "processing", "nothing issued");
    assert_eq!(issue(&app, &staff, &number, &ELECTRONIC_ISSUE, pdf()).await.status(), 200);

    // The bill is refunded afterwards: the queue lists the fapiao as 需红冲.
    app.execute(&format!("UPDATE orders SET status = 'refunded' WHERE order_number = '{LILEI_ORDER}'")).await;
    let queue: Value = app.call_as(&staff, "admin/queue", &[("filter[q]", "")]).await.json().await.unwrap();
    let flagged = queue["reversals"].as_array().unwrap();
    assert!(flagged.iter().any(|r| r["number"] == number.as_str() && r["needs_reversal"] == true), "{flagged:?}");
    let (_, html) = app.page_as(&staff, "/admin").await;
    assert!(html.contains("需红冲"));
}

#[tokio::test]
async fn of_two_staff_acting_at_once_exactly_one_wins() {
    let app = spawn_app_with_demo().await;
    let number = submitted(&app, "electronic").await;
    let staff = app.login(STAFF.0, STAFF.1).await;
    let admin = app.login("admin@fapiao.example.cn", "Admin-demo-2026").await;
    let v = version(&app, &number).await.to_string();
    let start = |cookie: String| {
        let (app, number, v) = (&app, number.clone(), v.clone());
        async move {
            app.call_as(&cookie, "admin/act", &[("number", &number), ("version", &v), ("action", "start")])
                .await
                .status()
                .as_u16()
        }
    };
    let reject = |cookie: String| {
        let (app, number, v) = (&app, number.clone(), v.clone());
        async move {
            app.call_as(
                &cookie,
                "admin/act",
                &[("number", &number), ("version", &v), ("action", "reject"), ("note", "抬头有误")],
            )
            .await
            .status()
            .as_u16()
        }
    };
    let (a, b) = tokio::join!(start(staff.clone()), reject(admin.clone()));
    let mut outcomes = [a, b];
    outcomes.sort();
    assert_eq!(outcomes, [200, 409], "one wins, the other is told it changed");
    let events = application_events::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(events, 2, "submitted plus exactly one transition");
    assert_eq!(version(&app, &number).await, 2);
}

#[tokio::test]
async fn customers_and_visitors_never_reach_the_back_office() {
    let app = spawn_app_with_demo().await;
    let number = submitted(&app, "electronic").await;
    let customer = app.login(LILEI.0, LILEI.1).await;
    assert_eq!(app.page_as(&customer, "/admin").await.0, 404);
    assert_eq!(app.page_as(&customer, &format!("/admin/applications/{number}")).await.0, 404);
    assert_eq!(app.call_as(&customer, "admin/queue", &[("filter[q]", "")]).await.status(), 404);
    assert_eq!(act(&app, &customer, &number, "start", &[]).await.status(), 404);
    assert_eq!(issue(&app, &customer, &number, &ELECTRONIC_ISSUE, vec![("f.pdf", PDF.to_vec())]).await.status(), 404);
    assert_eq!(app.get("/admin").await.status(), 404);
    assert_eq!(status(&app, &number).await, "submitted");
}

#[tokio::test]
async fn a_title_change_reverses_the_fapiao_and_frees_the_bill_for_a_new_application() {
    let app = spawn_app_with_demo().await;
    let number = submitted(&app, "electronic").await;
    let staff = app.login(STAFF.0, STAFF.1).await;
    act(&app, &staff, &number, "start", &[]).await;
    issue(&app, &staff, &number, &ELECTRONIC_ISSUE, vec![("f.pdf", PDF.to_vec())]).await;
    // 红冲 as the rules define it: the reason and the 红字确认单 first; the buyer, who already
    // booked the fapiao, confirms online; then the red fapiao is recorded.
    let r = act(&app, &staff, &number, "start_reversal", &[("reason", "void")]).await;
    assert_eq!(r.status(), 422, "a known reason and the confirmation number are needed");
    let body: Value = r.json().await.unwrap();
    assert!(body["Validation"]["reason"].is_string() && body["Validation"]["confirmation_number"].is_string());
    let start = [
        ("reason", "issued_in_error"),
        ("confirmation_number", "44031225000000123456"),
        ("buyer_must_confirm", "true"),
    ];
    assert_eq!(act(&app, &staff, &number, "start_reversal", &start).await.status(), 200);
    assert_eq!(status(&app, &number).await, "awaiting_buyer");
    let red = [("red_number", "26312000000099999999"), ("red_date", "2026-11-25")];
    assert_eq!(
        act(&app, &staff, &number, "complete_reversal", &red).await.status(),
        409,
        "not before the buyer confirms"
    );
    assert_eq!(act(&app, &staff, &number, "returned", &[]).await.status(), 409, "an e-fapiao is not sent back");
    let customer = app.login(LILEI.0, LILEI.1).await;
    // Only the buyer is offered the confirmation.
    let (_, html) = app.page_as(&customer, &format!("/applications/{number}")).await;
    let button = "confirm-reversal-form";
    assert!(html.contains(button) && html.contains("待购买方确认"));
    let (_, html) = app.page_as(&staff, &format!("/admin/applications/{number}")).await;
    assert!(!html.contains(button) && html.contains("等待购买方在线确认"));
    let other = app.login(LANYUN.0, LANYUN.1).await;
    assert_eq!(app.call_as(&other, "confirm_reversal", &[("number", number.as_str())]).await.status(), 404);
    assert_eq!(
        app.call_as(&staff, "confirm_reversal", &[("number", number.as_str())]).await.status(),
        404,
        "only the buyer"
    );
    assert_eq!(app.call_as(&customer, "confirm_reversal", &[("number", number.as_str())]).await.status(), 200);
    assert_eq!(status(&app, &number).await, "reversal_pending");
    assert_eq!(
        act(
            &app,
            &staff,
            &number,
            "complete_reversal",
            &[("red_number", "26312000000099999999"), ("red_date", "2026-11-20")]
        )
        .await
        .status(),
        422,
        "not before the blue fapiao"
    );
    assert_eq!(act(&app, &staff, &number, "complete_reversal", &red).await.status(), 200);
    assert_eq!(status(&app, &number).await, "reversed");
    assert_eq!(act(&app, &staff, &number, "start", &[]).await.status(), 409, "reversed is final");
    let view: Value = app.call_as(&customer, "application", &[("number", &number)]).await.json().await.unwrap();
    assert_eq!(view["reversal"]["red_fapiao_number"], "26312000000099999999");
    assert_eq!(view["reversal"]["reason"], "issued_in_error");
    assert!(view["reversal"]["buyer_confirmed_at"].is_string());
    let kinds: Vec<String> = application_events::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind.code().to_owned())
        .collect();
    for kind in ["reversal_started", "buyer_confirmed", "reverse"] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} in the timeline: {kinds:?}");
    }
    let emails = email_outbox::Entity::find()
        .filter(email_outbox::Column::Kind.eq("application_status"))
        .filter(email_outbox::Column::ToAddress.eq(LILEI.0))
        .count(&app.db)
        .await
        .unwrap();
    assert!(emails >= 5, "an email at each step (processing, issued, three reversal steps): {emails}");

    // The bill can be applied for again, with the new title.
    let customer = app.login(LILEI.0, LILEI.1).await;
    let bill: Value = app.call_as(&customer, "bill", &[("order_number", LILEI_ORDER)]).await.json().await.unwrap();
    assert_eq!(bill["progress"], serde_json::json!({ "Applied": "reversed" }));
    let save = |step: &str, fields: &[(&str, &str)]| {
        let mut form: Vec<(String, String)> = vec![
            ("order_number".into(), LILEI_ORDER.into()),
            ("step".into(), step.into()),
            ("go".into(), "next".into()),
        ];
        form.extend(fields.iter().map(|(k, v)| (format!("form[{k}]"), (*v).to_owned())));
        app.client.post(app.url("/api/save_application_step")).header("cookie", customer.clone()).form(&form).send()
    };
    assert_eq!(
        save("1", &[("buyer_type", "individual"), ("fapiao_type", "general"), ("medium", "electronic")])
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(save("2", &[("title", "李雷工作室")]).await.unwrap().status(), 200);
    assert_eq!(
        save("3", &[("delivery_method", "email"), ("delivery_emails", "li.lei@example.cn")]).await.unwrap().status(),
        200
    );
    let r = app
        .call_as(
            &customer,
            "confirm_application",
            &[("order_number", LILEI_ORDER), ("idempotency_key", &format!("{:032x}", 43))],
        )
        .await;
    assert_eq!(r.status(), 200);
    let all = fapiao_applications::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all.iter().filter(|a| a.status.code() == "submitted").count(), 1);
    assert!(all.iter().any(|a| a.title == "李雷工作室"));
}

#[tokio::test]
async fn maintenance_refuses_customer_writes_with_503_keeps_drafts_and_lets_staff_work() {
    let app = spawn_app_with_demo().await;
    let customer = app.login(LILEI.0, LILEI.1).await;
    save(
        &app,
        &customer,
        "1",
        vec![("buyer_type", "individual"), ("fapiao_type", "general"), ("medium", "electronic")],
    )
    .await;
    let staff = app.login(STAFF.0, STAFF.1).await;
    let admin = app.login(crate::helpers::ADMIN.0, crate::helpers::ADMIN.1).await;
    let r = app
        .call_as(
            &admin,
            "admin/maintenance",
            &[
                ("enabled", "true"),
                ("message_zh", "系统升级中"),
                ("message_en", "Upgrading"),
                ("expected_end", "2026-11-25T08:00"),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);

    // Customers: pages show the notice, writes get 503, reads still work.
    let (_, html) = app.page_as(&customer, "/bills").await;
    assert!(html.contains("系统升级中") && html.contains("2026-11-25 08:00"));
    let write = app
        .call_as(
            &customer,
            "save_application_step",
            &[("order_number", LILEI_ORDER), ("step", "2"), ("go", "next"), ("form[title]", "李雷")],
        )
        .await;
    assert_eq!(write.status(), 503);
    assert_eq!(write.json::<Value>().await.unwrap(), Value::from("Unavailable"));
    assert_eq!(app.call_as(&customer, "bills", &[("page", "1"), ("query", "")]).await.status(), 200);
    // Staff keep working, and see their pages.
    assert_eq!(app.page_as(&staff, "/admin").await.0, 200);

    app.call_as(&admin, "admin/maintenance", &[]).await;
    let context: Value =
        app.call_as(&customer, "application_form", &[("order_number", LILEI_ORDER)]).await.json().await.unwrap();
    assert_eq!(context["form"]["medium"], "electronic", "the draft is intact");
    save(&app, &customer, "2", vec![("title", "李雷")]).await;
    let audits: Vec<String> =
        audit_log::Entity::find().all(&app.db).await.unwrap().into_iter().map(|a| a.action).collect();
    assert_eq!(audits, ["maintenance.on", "maintenance.off"]);
}

#[tokio::test]
async fn a_stock_shortage_notice_shows_on_every_customer_page_until_ended() {
    let app = spawn_app_with_demo().await;
    let staff = app.login(STAFF.0, STAFF.1).await;
    let missing_date = app
        .call_as(
            &staff,
            "admin/announce",
            &[
                ("kind", "stock_shortage"),
                ("title_zh", "纸质发票库存不足"),
                ("title_en", "Paper fapiao stock is short"),
            ],
        )
        .await;
    assert_eq!(missing_date.status(), 422, "a shortage needs its expected mailing date");
    let r = app
        .call_as(
            &staff,
            "admin/announce",
            &[
                ("kind", "stock_shortage"),
                ("title_zh", "纸质发票库存不足"),
                ("title_en", "Paper fapiao stock is short"),
                ("expected_mailing_date", "2026-12-05"),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    let customer = app.login(LILEI.0, LILEI.1).await;
    for path in ["/", "/bills", "/applications", &format!("/bills/{LILEI_ORDER}/apply/1")] {
        let (_, html) = app.page_as(&customer, path).await;
        assert!(html.contains("纸质发票库存不足") && html.contains("2026-12-05"), "{path} shows the notice");
    }
    let site: Value = app.call_as(&staff, "admin/site", &[]).await.json().await.unwrap();
    let id = site["announcements"][0]["id"].to_string();
    app.call_as(&staff, "admin/announce_end", &[("id", &id)]).await;
    let (_, html) = app.page_as(&customer, "/bills").await;
    assert!(!html.contains("纸质发票库存不足"));
    assert_eq!(
        app.call_as(&customer, "admin/announce", &[("kind", "notice"), ("title_zh", "x"), ("title_en", "x")])
            .await
            .status(),
        404
    );
}

/// While the service center has not started, the customer withdraws (撤销) the application
/// and the bill is free for a new one; once staff started, the withdrawal is refused and
/// nothing changes; without a login it is refused too.
#[tokio::test]
async fn a_customer_withdraws_an_application_until_the_service_center_starts_on_it() {
    let app = spawn_app_with_demo().await;
    let number = submitted(&app, "electronic").await;
    let customer = app.login(LILEI.0, LILEI.1).await;
    let (_, html) = app.page_as(&customer, &format!("/applications/{number}")).await;
    assert!(html.contains("撤销申请"), "offered while 已提交");
    assert_eq!(app.call("withdraw_application", &[("number", &number)]).await.status(), 401);

    // As a page posts it: back to the application, which says so and offers a new application.
    let r = app
        .client
        .post(app.url("/api/withdraw_application"))
        .header("cookie", &customer)
        .header("accept", "text/html")
        .header("referer", app.url(&format!("/applications/{number}")))
        .form(&[("number", &number)])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "status {}", r.status());
    let back = r.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(back, format!("/applications/{number}?done=withdrawn"));
    assert_eq!(status(&app, &number).await, "withdrawn");
    let (_, html) = app.page_as(&customer, &back).await;
    assert!(html.contains("申请已撤销") && html.contains(&format!("/bills/{LILEI_ORDER}/apply")), "{html}");
    assert!(!html.contains(r#"name="number""#), "nothing left to withdraw");
    let events = application_events::Entity::find().all(&app.db).await.unwrap();
    assert!(events.iter().any(|e| e.note.as_deref() == Some("客户撤销申请 / Withdrawn by the customer")));
    let (_, bills) = app.page_as(&customer, "/bills").await;
    assert!(bills.contains(&format!(r#"href="/bills/{LILEI_ORDER}/apply""#)), "the bill is free again");
    assert_eq!(app.call_as(&customer, "withdraw_application", &[("number", &number)]).await.status(), 409);

    // A second application, which staff start on: too late to withdraw.
    save(
        &app,
        &customer,
        "1",
        vec![("buyer_type", "individual"), ("fapiao_type", "general"), ("medium", "electronic")],
    )
    .await;
    save(&app, &customer, "2", vec![("title", "李雷")]).await;
    save(&app, &customer, "3", vec![("delivery_method", "email"), ("delivery_emails", "li.lei@example.cn")]).await;
    let key = format!("{:032x}", 43);
    let r = app
        .call_as(&customer, "confirm_application", &[("order_number", LILEI_ORDER), ("idempotency_key", &key)])
        .await;
    let second = r.headers()["location"].to_str().unwrap().trim_start_matches("/applications/");
    let second = second.trim_end_matches("?submitted=1").to_owned();
    assert_ne!(second, number);
    let staff = app.login(STAFF.0, STAFF.1).await;
    assert_eq!(act(&app, &staff, &second, "start", &[]).await.status(), 200);
    let refused = app.call_as(&customer, "withdraw_application", &[("number", &second)]).await;
    assert_eq!(refused.status(), 409);
    assert_eq!(status(&app, &second).await, "processing", "nothing changed");
    let (_, html) = app.page_as(&customer, &format!("/applications/{second}")).await;
    assert!(!html.contains("撤销申请"), "no longer offered");
}

#[tokio::test]
async fn a_returned_application_is_corrected_and_submitted_again() {
    let app = spawn_app_with_demo().await;
    let number = submitted(&app, "electronic").await;
    let staff = app.login(STAFF.0, STAFF.1).await;
    assert_eq!(act(&app, &staff, &number, "reject", &[("note", "请填写完整的个人姓名")]).await.status(), 200);

    let customer = app.login(LILEI.0, LILEI.1).await;
    let (_, html) = app.page_as(&customer, &format!("/applications/{number}")).await;
    assert!(html.contains("请填写完整的个人姓名") && html.contains("修改并重新提交"));
    let r = app.call_as(&customer, "resubmit_application", &[("number", &number)]).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["location"], format!("/bills/{LILEI_ORDER}/apply/1"));
    assert_eq!(status(&app, &number).await, "withdrawn");
    assert_eq!(app.call_as(&customer, "resubmit_application", &[("number", &number)]).await.status(), 409);
    // Everything submitted before is in the new draft.
    let context: Value =
        app.call_as(&customer, "application_form", &[("order_number", LILEI_ORDER)]).await.json().await.unwrap();
    assert_eq!(context["form"]["title"], "李雷");
    assert_eq!(context["form"]["delivery_emails"], "li.lei@example.cn");
    save(&app, &customer, "2", vec![("title", "李雷（个人）")]).await;
    let r = app
        .call_as(
            &customer,
            "confirm_application",
            &[("order_number", LILEI_ORDER), ("idempotency_key", &format!("{:032x}", 99))],
        )
        .await;
    assert_eq!(r.status(), 200);
    let titles: Vec<(String, String)> = fapiao_applications::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.title, a.status.code().to_owned()))
        .collect();
    assert_eq!(
        titles,
        [("李雷".to_owned(), "withdrawn".to_owned()), ("李雷（个人）".to_owned(), "submitted".to_owned())],
        "the name kept exactly as typed, full-width brackets included"
    );
}

#[tokio::test]
async fn a_support_request_thread_between_a_customer_and_staff() {
    let app = spawn_app_with_demo().await;
    let customer = app.login(LILEI.0, LILEI.1).await;
    let refused = app
        .call_as(
            &customer,
            "support/create",
            &[("kind", "split"), ("subject", ""), ("body", "x"), ("order_number", "MO-20261001-01")],
        )
        .await;
    assert_eq!(refused.status(), 422, "empty subject and another customer's order");
    let body: Value = refused.json().await.unwrap();
    assert!(body["Validation"]["subject"].is_string() && body["Validation"]["order_number"].is_string());

    let r = app
        .call_as(
            &customer,
            "support/create",
            &[
                ("kind", "split"),
                ("subject", "拆分为两个抬头"),
                ("body", "一半开给李雷，一半开给韩梅梅。"),
                ("order_number", LILEI_ORDER),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    let number = r.headers()["location"].to_str().unwrap().trim_start_matches("/support/").to_owned();
    assert!(number.starts_with("SR"));

    let other = app.login(LANYUN.0, LANYUN.1).await;
    assert_eq!(app.call_as(&other, "support/thread", &[("number", &number)]).await.status(), 404);
    assert_eq!(app.call_as(&other, "support/reply", &[("number", &number), ("body", "hi")]).await.status(), 404);

    let staff = app.login(STAFF.0, STAFF.1).await;
    let queue: Value = app.call_as(&staff, "support/list", &[]).await.json().await.unwrap();
    assert_eq!(queue[0]["number"], number.as_str());
    assert_eq!(queue[0]["status"], "open");
    assert_eq!(
        app.call_as(&staff, "support/reply", &[("number", &number), ("body", "已收到，会开两张发票。")]).await.status(),
        200
    );
    let email =
        email_outbox::Entity::find().filter(email_outbox::Column::Kind.eq("support_reply")).one(&app.db).await.unwrap();
    let email = email.expect("the customer is emailed");
    assert_eq!(email.to_address, LILEI.0);
    assert!(email.body_text.contains("已收到，会开两张发票。"));

    let thread: Value = app.call_as(&customer, "support/thread", &[("number", &number)]).await.json().await.unwrap();
    assert_eq!(thread["summary"]["status"], "answered");
    assert_eq!(thread["messages"].as_array().unwrap().len(), 2);
    let (_, html) = app.page_as(&customer, &format!("/support/{number}")).await;
    assert!(html.contains("已收到，会开两张发票。"));
}

#[tokio::test]
async fn the_confirmation_of_a_paper_application_says_when_it_will_be_mailed_during_a_shortage() {
    let app = spawn_app_with_demo().await;
    let staff = app.login(STAFF.0, STAFF.1).await;
    let r = app
        .call_as(
            &staff,
            "admin/announce",
            &[
                ("kind", "stock_shortage"),
                ("title_zh", "纸质发票库存不足"),
                ("title_en", "Paper fapiao stock is short"),
                ("expected_mailing_date", "2026-12-05"),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    let number = submitted(&app, "paper").await;
    let customer = app.login(LILEI.0, LILEI.1).await;
    let (_, html) = app.page_as(&customer, &format!("/applications/{number}?submitted=1")).await;
    assert!(html.contains("您的发票预计于"), "the confirmation mentions the shortage");
    let (_, later) = app.page_as(&customer, &format!("/applications/{number}")).await;
    assert!(!later.contains("您的发票预计于"), "only on the confirmation");
}
