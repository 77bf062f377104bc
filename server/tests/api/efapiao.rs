//! The issued e-fapiao reaches the addresses the customer typed: over real SMTP (maildev),
//! attached byte for byte when small, as a 30-day download link when large; "sent to …" in the
//! timeline; resent to a corrected address by the customer.

use crate::admin_queue::{ELECTRONIC_ISSUE, PDF, act, issue};
use crate::applications::{LANYUN_ORDER, LILEI_ORDER, confirm, key, save_step};
use crate::helpers::{LANYUN, LILEI, MailDev, STAFF, TestApp, spawn_app_with};
use serde_json::Value;

const XML: &[u8] = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><EInvoice/>";

async fn app_with_mail(maildev: &MailDev) -> TestApp {
    let smtp = maildev.smtp_settings();
    let app = spawn_app_with(move |settings| settings.smtp = Some(smtp)).await;
    server::demo::load(&app.db, "http://127.0.0.1:3000").await.expect("the demo data loads");
    app
}

/// Applies for an e-fapiao of `order` as `who`, to `emails`; returns the application number.
async fn apply(app: &TestApp, who: (&str, &str), order: &str, buyer: &[(&str, &str)], emails: &str) -> String {
    let cookie = app.login(who.0, who.1).await;
    let step1 = [buyer[0], ("fapiao_type", "general"), ("medium", "electronic")];
    assert_eq!(save_step(app, &cookie, order, "1", "next", &step1).await.status(), 200);
    assert_eq!(save_step(app, &cookie, order, "2", "next", &buyer[1..]).await.status(), 200);
    let step3 = [("delivery_method", "email"), ("delivery_emails", emails)];
    assert_eq!(save_step(app, &cookie, order, "3", "next", &step3).await.status(), 200);
    let r = confirm(app, &cookie, order, &key(7)).await;
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    location.trim_start_matches("/applications/").trim_end_matches("?submitted=1").to_owned()
}

#[tokio::test]
async fn an_issued_e_fapiao_is_emailed_to_every_address_with_its_files_and_can_be_resent() {
    let maildev = MailDev::start().await;
    let app = app_with_mail(&maildev).await;
    let buyer = [("buyer_type", "individual"), ("title", "李雷")];
    let number = apply(&app, LILEI, LILEI_ORDER, &buyer, "li.lei@example.cn, ap@lilei.example.cn").await;
    let staff = app.login(STAFF.0, STAFF.1).await;
    assert_eq!(act(&app, &staff, &number, "start", &[]).await.status(), 200);
    let files = vec![("电子发票.pdf", PDF.to_vec()), ("fapiao.xml", XML.to_vec())];
    let r = issue(&app, &staff, &number, &ELECTRONIC_ISSUE, files).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());

    // Each receiving address gets the fapiao with both files, byte for byte.
    let fapiao_number = ELECTRONIC_ISSUE[0].1;
    for address in ["li.lei@example.cn", "ap@lilei.example.cn"] {
        let email = maildev.wait_for_one(address, fapiao_number).await;
        let text = email["text"].as_str().unwrap();
        for fact in ["李雷", "¥36.00", "2026-11-24", "6%", "¥2.04", number.as_str()] {
            assert!(text.contains(fact), "{fact} in the email to {address}: {text}");
        }
        let attachments = email["attachments"].as_array().expect("attachments");
        assert_eq!(attachments.len(), 2, "the PDF and the XML");
        assert_eq!(attachments[0]["filename"], "电子发票.pdf", "the Chinese file name intact");
        assert_eq!(maildev.attachment(&email, 0).await, PDF, "the PDF arrives byte-identical");
        assert_eq!(maildev.attachment(&email, 1).await, XML);
    }

    // The timeline says where it went; the deliveries say it was sent.
    let customer = app.login(LILEI.0, LILEI.1).await;
    let view: Value = app.call_as(&customer, "application", &[("number", &number)]).await.json().await.unwrap();
    let notes: Vec<&str> = view["timeline"].as_array().unwrap().iter().filter_map(|e| e["note"].as_str()).collect();
    assert!(notes.iter().any(|n| n.contains("发票已发送至 ap@lilei.example.cn")), "{notes:?}");
    let deliveries = view["fapiao"]["deliveries"].as_array().unwrap();
    assert_eq!(deliveries.len(), 2);
    for _ in 0..50 {
        let view: Value = app.call_as(&customer, "application", &[("number", &number)]).await.json().await.unwrap();
        if view["fapiao"]["deliveries"].as_array().unwrap().iter().all(|d| d["state"] == "sent") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // A mistyped address is corrected by a resend; a bad one is refused at the field; another
    // customer cannot resend it anywhere.
    let r = app.call_as(&customer, "resend_fapiao", &[("number", number.as_str()), ("resend_to", "ap@lilei")]).await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert!(body["Validation"]["resend_to"].is_string() || body["Validation"]["resend_to"].is_object());
    let other = app.login(LANYUN.0, LANYUN.1).await;
    let r = app.call_as(&other, "resend_fapiao", &[("number", number.as_str()), ("resend_to", "x@evil.example")]).await;
    assert_eq!(r.status(), 404);
    let r = app
        .call_as(&customer, "resend_fapiao", &[("number", number.as_str()), ("resend_to", "finance@lilei.example.cn")])
        .await;
    assert_eq!(r.status(), 200);
    let email = maildev.wait_for_one("finance@lilei.example.cn", fapiao_number).await;
    assert_eq!(maildev.attachment(&email, 0).await, PDF);
    assert!(maildev.to_with("x@evil.example", fapiao_number).await.is_empty());
    let view: Value = app.call_as(&customer, "application", &[("number", &number)]).await.json().await.unwrap();
    assert_eq!(view["fapiao"]["deliveries"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn files_too_large_to_attach_travel_as_a_link_that_opens_only_those_files() {
    let maildev = MailDev::start().await;
    let app = app_with_mail(&maildev).await;
    let buyer =
        [("buyer_type", "enterprise"), ("title", "蓝云科技（上海）有限公司"), ("taxpayer_id", "91330106673959654P")];
    let number = apply(&app, LANYUN, LANYUN_ORDER, &buyer, "ap@lanyun.example.cn").await;
    let staff = app.login(STAFF.0, STAFF.1).await;
    assert_eq!(act(&app, &staff, &number, "start", &[]).await.status(), 200);
    // Two files of 5.5 MB: 11 MB together, over the 10 MB that is attached.
    let big = [PDF, &vec![b' '; 5_500_000][..]].concat();
    let bill: Value = app
        .call_as(&app.login(LANYUN.0, LANYUN.1).await, "bill", &[("order_number", LANYUN_ORDER)])
        .await
        .json()
        .await
        .unwrap();
    let amount = bill["amount"].as_str().unwrap().trim_start_matches('¥').replace(',', "");
    let today = app::admin::queue::service::china_today(chrono::Utc::now()).to_string();
    let fields =
        [("fapiao_number", "26312000000087654321"), ("issue_date", today.as_str()), ("amount", amount.as_str())];
    let r = issue(&app, &staff, &number, &fields, vec![("a.pdf", big.clone()), ("b.pdf", big.clone())]).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());

    let email = maildev.wait_for_one("ap@lanyun.example.cn", "26312000000087654321").await;
    assert!(email["attachments"].as_array().is_none_or(Vec::is_empty), "nothing attached");
    assert!(email["subject"].as_str().unwrap().contains("蓝云科技（上海）有限公司"), "the buyer as typed");
    let text = email["text"].as_str().unwrap();
    let start = text.find("http://127.0.0.1:3000/fapiao/").expect("a download link");
    let link = text[start..].split_whitespace().next().unwrap().to_owned();
    let path = link.trim_start_matches("http://127.0.0.1:3000");

    // Without login: the page lists the two files, and each downloads intact.
    let page = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["referrer-policy"], "no-referrer");
    let html = page.text().await.unwrap();
    let hrefs: Vec<String> =
        html.split("href=\"").skip(1).map(|rest| rest.split('"').next().unwrap().to_owned()).collect();
    assert_eq!(hrefs.len(), 2, "{html}");
    let file = app.client.get(app.url(&hrefs[0])).send().await.unwrap();
    assert_eq!(file.status(), 200);
    assert_eq!(file.bytes().await.unwrap().as_ref(), &big[..]);

    // A wrong token, or another file through a right token, is refused.
    let wrong = format!("{}x", path.trim_end_matches('/'));
    assert_eq!(app.client.get(app.url(&wrong)).send().await.unwrap().status(), 404);
    assert_eq!(app.client.get(app.url(&format!("{path}/999999"))).send().await.unwrap().status(), 404);
    assert_eq!(app.client.get(app.url("/fapiao/not-a-token")).send().await.unwrap().status(), 404);

    // The CSV export keeps the title exactly as typed, with the kind and the tax split.
    let from = app::admin::queue::service::china_today(chrono::Utc::now()) - chrono::Duration::days(1);
    let csv = app.get_as(&staff, &format!("/admin/export/applications.csv?from={from}&to={today}")).await;
    let text = String::from_utf8(csv.bytes().await.unwrap()[3..].to_vec()).unwrap();
    let line = text.lines().find(|l| l.starts_with(&number)).expect("the application in the export");
    assert!(line.contains(",蓝云科技（上海）有限公司,91330106673959654P,"), "{line}");
    assert!(line.contains("电子发票（普通发票）") && line.contains(",enterprise,") && line.contains(",6%,"), "{line}");
}
