//! Several bills on one fapiao: bills ticked on the list across pages, applied for once, issued
//! for their total, each bill showing that application; the rules of one fapiao refused with
//! their reason; a bill in at most one active application, held by the database.

use crate::admin_queue::{PDF, act, issue};
use crate::applications::{confirm, fill_general_electronic, key};
use crate::helpers::{LANYUN, MailDev, STAFF, TestApp, spawn_app_with, spawn_app_with_demo};
use serde_json::Value;

const FIRST: &str = "MO-20261001-01"; // ¥15,840.00, paid 2026-10-01
const SECOND: &str = "MO-20261001-02"; // ¥3,168.00
const THIRD: &str = "MO-20261001-03"; // ¥12,345.67
const REFUNDED: &str = "MO-20261001-04";
const FIFTH: &str = "MO-20261001-05"; // ¥7,920.00, paid 2026-10-17
const XINGHE: &str = "MO-20261002-01"; // another customer's

/// Ticks `chosen` among `shown` (a page of the list) and does `then`.
async fn select(
    app: &TestApp,
    cookie: &str,
    shown: &[&str],
    chosen: &[(usize, &str)],
    then: &str,
) -> reqwest::Response {
    let shown_keys: Vec<String> = (0..shown.len()).map(|i| format!("shown[{i}]")).collect();
    let chosen_keys: Vec<String> = chosen.iter().map(|(i, _)| format!("chosen[{i}]")).collect();
    let mut form: Vec<(&str, &str)> = shown_keys.iter().map(String::as_str).zip(shown.iter().copied()).collect();
    form.extend(chosen_keys.iter().map(String::as_str).zip(chosen.iter().map(|(_, n)| *n)));
    form.push(("then", then));
    app.call_as(cookie, "select_bills", &form).await
}

async fn bills(app: &TestApp, cookie: &str) -> Value {
    app.call_as(cookie, "bills", &[("page", "1"), ("query", "")]).await.json().await.unwrap()
}

fn bill<'a>(page: &'a Value, number: &str) -> &'a Value {
    page["bills"].as_array().unwrap().iter().find(|b| b["order_number"] == number).expect("the bill is listed")
}

async fn refusal(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    body["Validation"]["selection"].to_string()
}

/// Ticks FIRST and THIRD on one page and FIFTH on another, applies, fills the form and
/// confirms; returns the application number.
async fn apply_for_three(app: &TestApp, cookie: &str) -> String {
    let r = select(app, cookie, &[FIRST, SECOND, THIRD], &[(0, FIRST), (2, THIRD)], "keep").await;
    assert_eq!(r.status(), 200);
    let summary: Value = r.json().await.unwrap();
    assert_eq!((summary["count"].as_u64(), summary["total_fen"].as_i64()), (Some(2), Some(1_584_000 + 1_234_567)));
    let r = select(app, cookie, &[FIFTH], &[(0, FIFTH)], "apply").await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    // The form of the earliest paid bill lists all three and their total.
    let context: Value =
        app.call_as(cookie, "application_form", &[("order_number", FIRST)]).await.json().await.unwrap();
    let listed: Vec<&str> =
        context["together"]["bills"].as_array().unwrap().iter().map(|b| b["order_number"].as_str().unwrap()).collect();
    assert_eq!(listed, [FIRST, THIRD, FIFTH]);
    assert_eq!(context["together"]["total"], "¥36,105.67");
    fill_general_electronic(app, cookie, FIRST).await;
    let r = confirm(app, cookie, FIRST, &key(31)).await;
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    location.trim_start_matches("/applications/").trim_end_matches("?submitted=1").to_owned()
}

#[tokio::test]
async fn three_bills_ticked_across_pages_become_one_fapiao_issued_for_their_total_and_emailed_with_every_order() {
    let maildev = MailDev::start().await;
    let smtp = maildev.smtp_settings();
    let app = spawn_app_with(move |settings| settings.smtp = Some(smtp)).await;
    server::demo::load(&app.db, "http://127.0.0.1:3000").await.expect("the demo data loads");
    let customer = app.login(LANYUN.0, LANYUN.1).await;
    let number = apply_for_three(&app, &customer).await;

    // Each bill shows that application; the bill left out does not; the ticks are gone.
    let page = bills(&app, &customer).await;
    for order in [FIRST, THIRD, FIFTH] {
        assert_eq!(bill(&page, order)["application_number"], number.as_str(), "{order}");
        assert_eq!(bill(&page, order)["progress"]["Applied"], "submitted", "{order}");
    }
    assert_eq!(bill(&page, SECOND)["progress"], "NotApplied");
    assert_eq!(page["selection"]["count"], 0);
    let submitted = maildev.wait_for_one(LANYUN.0, &number).await;
    let text = submitted["text"].as_str().unwrap();
    for fact in [FIRST, THIRD, FIFTH, "¥36,105.67"] {
        assert!(text.contains(fact), "{fact} in the confirmation: {text}");
    }

    // A bill already on it cannot be ticked again, nor applied for alone.
    assert!(refusal(select(&app, &customer, &[THIRD], &[(0, THIRD)], "keep").await).await.contains(THIRD));
    let step = crate::applications::save_step(&app, &customer, THIRD, "1", "next", &[]).await;
    assert_eq!(step.json::<String>().await.unwrap(), format!("/applications/{number}"), "led to its application");
    let alone = confirm(&app, &customer, THIRD, &key(32)).await;
    assert!(alone.headers()["location"].to_str().unwrap().contains(&number), "led to the application that holds it");

    // Staff see the bills and issue for their total, not one bill's amount.
    let staff = app.login(STAFF.0, STAFF.1).await;
    let (status, page) = app.page_as(&staff, &format!("/admin/applications/{number}")).await;
    assert_eq!(status, 200);
    for fact in [FIRST, THIRD, FIFTH, "¥36,105.67"] {
        assert!(page.contains(fact), "{fact} on the staff page");
    }
    assert_eq!(act(&app, &staff, &number, "start", &[]).await.status(), 200);
    let one_bill = [("fapiao_number", "26312000000099990001"), ("issue_date", "2026-11-24"), ("amount", "15840.00")];
    let r = issue(&app, &staff, &number, &one_bill, vec![("fapiao.pdf", PDF.to_vec())]).await;
    assert_eq!(r.status(), 422, "one bill's amount is not the fapiao's");
    let total = [("fapiao_number", "26312000000099990001"), ("issue_date", "2026-11-24"), ("amount", "36105.67")];
    let r = issue(&app, &staff, &number, &total, vec![("fapiao.pdf", PDF.to_vec())]).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());

    // The e-fapiao email names every order it is for.
    let issued = maildev.wait_for_one("li.lei@example.cn", "26312000000099990001").await;
    let text = issued["text"].as_str().unwrap();
    for fact in [FIRST, THIRD, FIFTH, "¥36,105.67"] {
        assert!(text.contains(fact), "{fact} in the e-fapiao email: {text}");
    }
}

#[tokio::test]
async fn bills_that_cannot_share_a_fapiao_are_refused_with_the_reason_and_the_ticks_stay() {
    let app = spawn_app_with(|settings| settings.site.single_fapiao_limit_yuan = 20_000).await;
    server::demo::load(&app.db, "http://127.0.0.1:3000").await.expect("the demo data loads");
    let customer = app.login(LANYUN.0, LANYUN.1).await;

    // Nothing ticked; a refunded bill; another customer's bill (not found, as ever); a number
    // that is no order number; more than a page.
    assert!(refusal(select(&app, &customer, &[FIRST], &[], "apply").await).await.contains("NoBillsSelected"));
    assert!(refusal(select(&app, &customer, &[REFUNDED], &[(0, REFUNDED)], "keep").await).await.contains(REFUNDED));
    assert_eq!(select(&app, &customer, &[XINGHE], &[(0, XINGHE)], "keep").await.status(), 404);
    assert_eq!(select(&app, &customer, &["'; DROP"], &[(0, "'; DROP")], "keep").await.status(), 404);
    let many: Vec<String> = (0..201).map(|i| format!("MO-20261001-{i:02}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    assert_eq!(select(&app, &customer, &many, &[], "keep").await.status(), 422);

    // Over the configured single-fapiao limit (¥20,000): refused, the ticks kept.
    let r = select(&app, &customer, &[FIRST, SECOND, THIRD], &[(0, FIRST), (2, THIRD)], "apply").await;
    assert!(refusal(r).await.contains("¥20,000.00"));
    assert_eq!(bills(&app, &customer).await["selection"]["count"], 2);

    // "Select all on this page" ticks what can be ticked (not the refunded bill).
    let r = select(&app, &customer, &[FIRST, SECOND, THIRD, REFUNDED], &[], "page").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["count"], 3);

    // Bills at two tax rates do not share a fapiao.
    assert_eq!(select(&app, &customer, &[FIRST, SECOND, THIRD, REFUNDED], &[], "clear").await.status(), 200);
    app.execute(&format!("UPDATE orders SET tax_rate_percent = 13 WHERE order_number = '{SECOND}'")).await;
    let r = select(&app, &customer, &[FIRST, SECOND], &[(0, FIRST), (1, SECOND)], "apply").await;
    assert!(refusal(r).await.contains("BillsNotAlike"));
}

#[tokio::test]
async fn a_bill_is_in_one_active_application_even_when_two_confirm_at_once_and_withdrawing_frees_every_bill() {
    let app = spawn_app_with_demo().await;
    let customer = app.login(LANYUN.0, LANYUN.1).await;
    // A draft for FIRST with FIFTH, and FIFTH's own draft, confirmed at the same moment.
    assert_eq!(select(&app, &customer, &[FIRST, FIFTH], &[(0, FIRST), (1, FIFTH)], "apply").await.status(), 200);
    fill_general_electronic(&app, &customer, FIRST).await;
    fill_general_electronic(&app, &customer, FIFTH).await;
    let (k1, k2) = (key(41), key(42));
    let (together, alone) = tokio::join!(confirm(&app, &customer, FIRST, &k1), confirm(&app, &customer, FIFTH, &k2));
    let held: Value = bills(&app, &customer).await;
    let fifth_in = bill(&held, FIFTH)["application_number"].as_str().expect("FIFTH is applied for").to_owned();
    // Whichever won holds FIFTH; the other either led to it or was refused, never a second.
    for r in [together, alone] {
        let status = r.status().as_u16();
        assert!(matches!(status, 200 | 302 | 409 | 422), "{status}");
        if let Some(location) = r.headers().get("location") {
            let location = location.to_str().unwrap().to_owned();
            let number = location.trim_start_matches("/applications/").trim_end_matches("?submitted=1");
            if number != fifth_in {
                // FIRST alone cannot have won with FIFTH taken.
                panic!("an application {number} other than {fifth_in} was made while holding FIFTH");
            }
        }
    }
    assert_eq!(holders_of(&app, FIFTH).await, 1, "one active application holds the bill");

    // Withdrawn, the application frees every bill it held.
    let r = app.call_as(&customer, "withdraw_application", &[("number", &fifth_in)]).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(holders_of(&app, FIFTH).await, 0);
    let page = bills(&app, &customer).await;
    assert_ne!(bill(&page, FIFTH)["progress"]["Applied"], "submitted", "no longer applied for");
    assert_eq!(select(&app, &customer, &[FIFTH], &[(0, FIFTH)], "keep").await.status(), 200, "free to tick again");
}

/// How many active applications hold the bill.
async fn holders_of(app: &TestApp, order: &str) -> u64 {
    use app::backend::entities::{application_bills, orders};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let order =
        orders::Entity::find().filter(orders::Column::OrderNumber.eq(order)).one(&app.db).await.unwrap().unwrap();
    application_bills::Entity::find()
        .filter(application_bills::Column::OrderId.eq(order.id))
        .filter(application_bills::Column::Released.eq(false))
        .count(&app.db)
        .await
        .unwrap()
}
