//! Splitting a bill: staff divide it by amount from the customer's split request; each part is
//! a bill applied for (with its own title) and issued like any; the parts always sum to the bill,
//! even when two splits (or a split and an application) race.

use crate::admin_queue::{PDF, act, issue};
use crate::applications::{confirm, key, save_step};
use crate::helpers::{LANYUN, STAFF, TestApp, spawn_app_with, spawn_app_with_demo};
use serde_json::Value;

const BILL: &str = "MO-20261001-03"; // ¥12,345.67

async fn split(app: &TestApp, cookie: &str, order: &str, amounts: &str) -> reqwest::Response {
    app.call_as(cookie, "split_bill", &[("order_number", order), ("amounts", amounts)]).await
}

async fn bills(app: &TestApp, cookie: &str) -> Vec<Value> {
    let page: Value =
        app.call_as(cookie, "bills", &[("page", "1"), ("query", BILL), ("per_page", "50")]).await.json().await.unwrap();
    page["bills"].as_array().unwrap().clone()
}

/// Applies for an e-fapiao of `order` to the title `title`; returns the application number.
async fn apply(app: &TestApp, cookie: &str, order: &str, title: &str, n: u32) -> String {
    let step1 = [("buyer_type", "enterprise"), ("fapiao_type", "general"), ("medium", "electronic")];
    assert_eq!(save_step(app, cookie, order, "1", "next", &step1).await.status(), 200);
    let step2 = [("title", title), ("taxpayer_id", "91330106673959654P")];
    assert_eq!(save_step(app, cookie, order, "2", "next", &step2).await.status(), 200);
    let step3 = [("delivery_method", "email"), ("delivery_emails", LANYUN.0)];
    assert_eq!(save_step(app, cookie, order, "3", "next", &step3).await.status(), 200);
    let r = confirm(app, cookie, order, &key(n)).await;
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    location.trim_start_matches("/applications/").trim_end_matches("?submitted=1").to_owned()
}

#[tokio::test]
async fn staff_split_a_bill_in_two_parts_each_applied_for_with_its_own_title_and_issued() {
    let app = spawn_app_with_demo().await;
    let customer = app.login(LANYUN.0, LANYUN.1).await;
    let staff = app.login(STAFF.0, STAFF.1).await;

    // Customers do not split unless the site allows it; nobody splits without a login.
    assert_eq!(split(&app, &customer, BILL, "10000, 2345.67").await.status(), 403);
    assert_eq!(app.call("split_bill", &[("order_number", BILL), ("amounts", "1, 2")]).await.status(), 401);
    // The parts must be 2 to 20 amounts adding up to the bill; an unknown bill is not found.
    let body: Value = split(&app, &staff, BILL, "12345.67").await.json().await.unwrap();
    assert!(body["Validation"]["amounts"].to_string().contains("PartCount"), "{body}");
    let r = split(&app, &staff, BILL, "10000, 2000").await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("¥12,000.00"), "the message names the parts' sum");
    assert_eq!(split(&app, &staff, "MO-NOPE-0001", "1, 2").await.status(), 404);

    let r = split(&app, &staff, BILL, "10000, 2345.67").await;
    assert_eq!(r.status(), 200);
    let parts: Vec<String> = r.json().await.unwrap();
    assert_eq!(parts, [format!("{BILL}-1"), format!("{BILL}-2")]);

    // The customer sees the bill as split and each part as a bill to apply for.
    let listed = bills(&app, &customer).await;
    let of = |n: &str| listed.iter().find(|b| b["order_number"] == n).cloned().expect("listed");
    assert_eq!(of(BILL)["progress"], "Split");
    assert_eq!(of(&parts[0])["amount"], "¥10,000.00");
    assert_eq!(of(&parts[1])["amount"], "¥2,345.67");
    let bill_form = app.call_as(&customer, "application_form", &[("order_number", BILL)]).await;
    let bill_form: Value = bill_form.json().await.unwrap();
    assert_eq!(bill_form["bill"]["progress"], "Split", "the split bill itself takes no application");

    let first = apply(&app, &customer, &parts[0], "蓝云科技（上海）有限公司", 61).await;
    let second = apply(&app, &customer, &parts[1], "蓝云科技（北京）有限公司", 62).await;
    assert_ne!(first, second);
    for (number, amount, fapiao) in
        [(&first, "10000.00", "26312000000061000001"), (&second, "2345.67", "26312000000062000001")]
    {
        assert_eq!(act(&app, &staff, number, "start", &[]).await.status(), 200);
        let fields = [("fapiao_number", fapiao), ("issue_date", "2026-11-24"), ("amount", amount)];
        let r = issue(&app, &staff, number, &fields, vec![("fapiao.pdf", PDF.to_vec())]).await;
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    }
    let view: Value = app.call_as(&customer, "application", &[("number", &second)]).await.json().await.unwrap();
    assert_eq!(view["title"], "蓝云科技（北京）有限公司");
    assert_eq!(view["fapiao"]["amount"], "¥2,345.67");

    // Once a part was applied for, the split stands.
    assert_eq!(split(&app, &staff, BILL, "12000, 345.67").await.status(), 409);
}

#[tokio::test]
async fn concurrent_splits_leave_one_set_of_parts_that_sums_to_the_bill_and_a_racing_application_never_doubles_it() {
    let app = spawn_app_with(|s| s.site.customer_split = true).await;
    server::demo::load(&app.db, "http://127.0.0.1:3000").await.expect("the demo data loads");
    let customer = app.login(LANYUN.0, LANYUN.1).await;
    let staff = app.login(STAFF.0, STAFF.1).await;
    for _ in 0..3 {
        let (a, b) =
            tokio::join!(split(&app, &staff, BILL, "10000, 2345.67"), split(&app, &customer, BILL, "1, 2, 12342.67"));
        assert!(a.status() == 200 || a.status() == 409, "{}", a.status());
        assert!(b.status() == 200 || b.status() == 409, "{}", b.status());
        let parts: Vec<Value> =
            bills(&app, &customer).await.into_iter().filter(|b| b["order_number"] != BILL).collect();
        assert!(parts.len() == 2 || parts.len() == 3, "one split's parts, not both: {parts:?}");
        let cents: i64 = parts.iter().map(|p| p["amount_fen"].as_i64().unwrap()).sum();
        assert_eq!(cents, 1_234_567, "the parts sum to the bill");
    }

    // A bill applied for while it is being split: either the split or the application wins,
    // never both.
    let other = "MO-20261001-05"; // ¥7,920.00
    let step1 = [("buyer_type", "individual"), ("fapiao_type", "general"), ("medium", "electronic")];
    save_step(&app, &customer, other, "1", "next", &step1).await;
    save_step(&app, &customer, other, "2", "next", &[("title", "李雷")]).await;
    save_step(&app, &customer, other, "3", "next", &[("delivery_method", "email"), ("delivery_emails", LANYUN.0)])
        .await;
    let k = key(71);
    let (split_done, applied) =
        tokio::join!(split(&app, &staff, other, "7000, 920"), confirm(&app, &customer, other, &k));
    let split_won = split_done.status() == 200;
    let applied_won =
        applied.headers().get("location").is_some_and(|l| l.to_str().unwrap().starts_with("/applications/"));
    assert!(split_won != applied_won, "exactly one of them: split {split_won}, applied {applied_won}");
}
