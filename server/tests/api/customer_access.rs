//! An order number is not a secret: it opens a customer's bills only through the claim link of
//! the order confirmation email (which only the buyer's mailbox received), or once the order's
//! buyer email — or a login already attached — confirms. Unknown and known order numbers get
//! the same answer; register and link are rate-limited; the attached logins see and remove
//! each other.

use crate::helpers::{LANYUN, TestApp, spawn_app_with_demo};
use app::backend::entities::email_outbox;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::Value;

/// 星河's first order: 星河 has no login yet; its buyer email is ap@xinghe.example.cn.
const XINGHE_ORDER: &str = "MO-20261002-01";
/// 蓝云's first paid order (its login is finance@lanyun.example.cn).
const LANYUN_ORDER: &str = "MO-20261001-01";
const PASSWORD: &str = "Newcomer-pass-2026";

async fn newest_email(app: &TestApp, kind: &str, to: &str) -> Option<email_outbox::Model> {
    email_outbox::Entity::find()
        .filter(email_outbox::Column::Kind.eq(kind))
        .filter(email_outbox::Column::ToAddress.eq(to))
        .order_by_desc(email_outbox::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
}

/// The claim token in the order confirmation email of `order`.
async fn claim_of(app: &TestApp, order: &str) -> String {
    let confirmation = email_outbox::Entity::find()
        .filter(email_outbox::Column::Kind.eq("order_confirmation"))
        .filter(email_outbox::Column::Subject.contains(order))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the order's confirmation email");
    assert!(confirmation.body_text.contains(&format!("/register?order={order}&claim=")));
    link_value(&confirmation, "claim")
}

/// The value of `name=` in the first link of the email that has it.
fn link_value(email: &email_outbox::Model, name: &str) -> String {
    let start = email.body_text.find(&format!("{name}=")).expect("a link with the value") + name.len() + 1;
    email.body_text[start..].chars().take_while(char::is_ascii_alphanumeric).collect()
}

async fn register(app: &TestApp, order: &str, email: &str, claim: &str) -> reqwest::Response {
    let fields = [
        ("order_number", order),
        ("email", email),
        ("password", PASSWORD),
        ("password_again", PASSWORD),
        ("claim", claim),
    ];
    app.call("register", &fields).await
}

/// Registers, activates and logs in; returns the session cookie.
async fn registered_and_logged_in(app: &TestApp, order: &str, email: &str, claim: &str) -> String {
    assert_eq!(register(app, order, email, claim).await.status(), 200);
    let activation = newest_email(app, "activation", email).await.expect("an activation email");
    let activated = app.call("activate", &[("token", &link_value(&activation, "token"))]).await;
    assert_eq!(activated.headers()["location"], "/login?activated=1");
    app.login(email, PASSWORD).await
}

/// A page's HTML without the hydration markers between text parts.
fn text_of(html: String) -> String {
    html.replace("<!>", "")
}

async fn sees_bill(app: &TestApp, cookie: &str, order: &str) -> bool {
    app.call_as(cookie, "bill", &[("order_number", order)]).await.status() == 200
}

#[tokio::test]
async fn the_claim_link_of_the_order_confirmation_email_attaches_the_order_at_once_and_once() {
    let app = spawn_app_with_demo().await;
    let claim = claim_of(&app, XINGHE_ORDER).await;
    assert_eq!(claim.len(), 32, "an unguessable token");

    // A claim belongs to its order: with another order's number it attaches nothing.
    let elsewhere = registered_and_logged_in(&app, LANYUN_ORDER, "wrong.order@example.cn", &claim).await;
    assert!(!sees_bill(&app, &elsewhere, LANYUN_ORDER).await);

    let clerk = registered_and_logged_in(&app, XINGHE_ORDER, "clerk@xinghe.example.cn", &claim).await;
    assert!(sees_bill(&app, &clerk, XINGHE_ORDER).await, "through the link: at once after activation");
    let (_, html) = app.page_as(&clerk, "/bills").await;
    assert!(html.contains(XINGHE_ORDER));

    // Used: the same link a second time is a typed number like any other.
    let late = registered_and_logged_in(&app, XINGHE_ORDER, "late@example.cn", &claim).await;
    assert!(!sees_bill(&app, &late, XINGHE_ORDER).await, "single use");
}

#[tokio::test]
async fn a_typed_order_number_waits_for_the_buyer_email_to_confirm() {
    let app = spawn_app_with_demo().await;
    let login = "someone@example.cn";
    let cookie = registered_and_logged_in(&app, XINGHE_ORDER, login, "").await;
    assert!(!sees_bill(&app, &cookie, XINGHE_ORDER).await, "nothing before the buyer says yes");
    let bills = text_of(app.page_as(&cookie, "/bills").await.1);
    assert!(bills.contains("等待确认的订单：MO-20261002-01"), "the customer is told what it waits for");

    let asked = newest_email(&app, "access_request", "ap@xinghe.example.cn").await.expect("the buyer is asked");
    assert!(asked.body_text.contains(login) && asked.body_text.contains("星河"), "{}", asked.body_text);
    let token = link_value(&asked, "token");
    let (status, page) = app.page_as("", &format!("/access?token={token}")).await;
    assert_eq!(status, 200);
    assert!(page.contains(login) && page.contains("确认授权"), "the page says who asks");
    assert!(!sees_bill(&app, &cookie, XINGHE_ORDER).await, "opening the link changes nothing");

    let answer = app.call("access/answer", &[("token", &token), ("decision", "allow")]).await;
    assert_eq!(answer.status(), 200);
    assert!(sees_bill(&app, &cookie, XINGHE_ORDER).await, "allowed by the buyer");
    let again = app.call("access/answer", &[("token", &token), ("decision", "ignore")]).await;
    assert_eq!(again.status(), 200, "a second answer changes nothing");
    assert!(sees_bill(&app, &cookie, XINGHE_ORDER).await);
}

#[tokio::test]
async fn an_ignored_request_opens_nothing_and_a_wrong_link_is_refused() {
    let app = spawn_app_with_demo().await;
    let cookie = registered_and_logged_in(&app, XINGHE_ORDER, "intruder@example.cn", "").await;
    let asked = newest_email(&app, "access_request", "ap@xinghe.example.cn").await.unwrap();
    let token = link_value(&asked, "token");
    let answer = app.call("access/answer", &[("token", &token), ("decision", "ignore")]).await;
    assert_eq!(answer.status(), 200);
    assert!(!sees_bill(&app, &cookie, XINGHE_ORDER).await, "ignored: nothing shown");
    let allow_later = app.call("access/answer", &[("token", &token), ("decision", "allow")]).await;
    assert_eq!(allow_later.status(), 200);
    assert!(!sees_bill(&app, &cookie, XINGHE_ORDER).await, "an answered link cannot be turned around");

    let forged = app.call("access/answer", &[("token", "0123456789abcdef0123456789abcdef"), ("decision", "allow")]);
    assert_eq!(forged.await.status(), 404);
    let nonsense = app.call("access/answer", &[("token", &token), ("decision", "maybe")]).await;
    assert_eq!(nonsense.status(), 422);
}

/// The answer is the same for a paid order, an unknown number and a refunded order: the same
/// status and page, and no mail to anyone but the registering address.
#[tokio::test]
async fn known_and_unknown_order_numbers_get_the_same_answer() {
    let app = spawn_app_with_demo().await;
    let known = register(&app, XINGHE_ORDER, "a.person@example.cn", "").await;
    let unknown = register(&app, "MO-99999999-99", "b.person@example.cn", "").await;
    let refunded = register(&app, "MO-20261001-04", "c.person@example.cn", "").await;
    for response in [&known, &unknown, &refunded] {
        assert_eq!(response.status(), 200);
        assert!(response.headers()["location"].to_str().unwrap().starts_with("/register/sent?email="));
    }
    let before = email_outbox::Entity::find().filter(email_outbox::Column::Kind.eq("access_request"));
    assert_eq!(before.count(&app.db).await.unwrap(), 0, "nobody is asked before the login is activated");
    for email in ["b.person@example.cn", "c.person@example.cn"] {
        let activation = newest_email(&app, "activation", email).await.unwrap();
        app.call("activate", &[("token", &link_value(&activation, "token"))]).await;
    }
    let asked = email_outbox::Entity::find().filter(email_outbox::Column::Kind.eq("access_request"));
    assert_eq!(asked.count(&app.db).await.unwrap(), 0, "an unknown or refunded number asks nobody");
    let cookie = app.login("b.person@example.cn", PASSWORD).await;
    let bills = text_of(app.page_as(&cookie, "/bills").await.1);
    assert!(bills.contains("等待确认的订单：MO-99999999-99"), "it waits, like any other");
}

/// A login already attached sees who else sees the customer's bills, approves a typed-number
/// request, is told of every new login, and can remove one.
#[tokio::test]
async fn the_attached_logins_approve_see_and_remove_each_other() {
    let app = spawn_app_with_demo().await;
    let newcomer = registered_and_logged_in(&app, LANYUN_ORDER, "colleague@lanyun.example.cn", "").await;
    let finance = app.login(LANYUN.0, LANYUN.1).await;
    let overview: Value = app.call_as(&finance, "access/overview", &[]).await.json().await.unwrap();
    let pending = &overview["customers"][0]["pending"];
    assert_eq!(pending[0]["email"], "colleague@lanyun.example.cn", "{overview}");
    let request_id = pending[0]["request_id"].to_string();

    // Someone of another customer cannot decide it.
    let outsider = app.login(crate::helpers::LILEI.0, crate::helpers::LILEI.1).await;
    let approve = [("request_id", request_id.as_str()), ("decision", "approve")];
    assert_eq!(app.call_as(&outsider, "access/decide", &approve).await.status(), 404);
    assert!(!sees_bill(&app, &newcomer, LANYUN_ORDER).await);

    assert_eq!(app.call_as(&finance, "access/decide", &approve).await.status(), 200);
    assert!(sees_bill(&app, &newcomer, LANYUN_ORDER).await);
    let notice = newest_email(&app, "access_granted", LANYUN.0).await.expect("the existing login is told");
    assert!(notice.body_text.contains("colleague@lanyun.example.cn"));

    let (_, account) = app.page_as(&finance, "/account").await;
    assert!(account.contains("colleague@lanyun.example.cn") && account.contains("移除"));
    let overview: Value = app.call_as(&finance, "access/overview", &[]).await.json().await.unwrap();
    let logins = overview["customers"][0]["logins"].as_array().unwrap().clone();
    let colleague = logins.iter().find(|l| l["email"] == "colleague@lanyun.example.cn").unwrap();
    let customer_id = overview["customers"][0]["customer_id"].to_string();
    let account_id = colleague["account_id"].to_string();
    let fields = [("customer_id", customer_id.as_str()), ("account_id", account_id.as_str())];
    assert_eq!(app.call_as(&outsider, "access/remove", &fields).await.status(), 404, "only the customer's logins");
    assert_eq!(app.call_as(&finance, "access/remove", &fields).await.status(), 200);
    assert!(!sees_bill(&app, &newcomer, LANYUN_ORDER).await, "removed");
}

/// Trying order numbers is slow: registrations per order number (and per client address) are
/// limited, with a 429 that says when to try again.
#[tokio::test]
async fn registering_many_times_with_one_order_number_is_rate_limited() {
    let app = spawn_app_with_demo().await;
    for i in 0..20 {
        assert_eq!(register(&app, XINGHE_ORDER, &format!("try{i}@example.cn"), "").await.status(), 200);
    }
    let refused = register(&app, XINGHE_ORDER, "try20@example.cn", "").await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() > 0);
    let body: Value = refused.json().await.unwrap();
    assert!(body["TooManyAttempts"]["retry_after_minutes"].as_i64().unwrap() >= 1, "{body}");
}

/// A logged-in customer linking another order by its number gets the same kind of request.
#[tokio::test]
async fn linking_a_typed_order_number_asks_the_buyer_first() {
    let app = spawn_app_with_demo().await;
    let cookie = app.login(crate::helpers::LILEI.0, crate::helpers::LILEI.1).await;
    let typed = app.call_as(&cookie, "link_order", &[("order_number", XINGHE_ORDER)]).await;
    assert_eq!(typed.status(), 200);
    assert_eq!(typed.json::<Value>().await.unwrap(), "Requested");
    let unknown = app.call_as(&cookie, "link_order", &[("order_number", "MO-99999999-99")]).await;
    assert_eq!(unknown.json::<Value>().await.unwrap(), "Requested", "the same answer");
    assert!(!sees_bill(&app, &cookie, XINGHE_ORDER).await);
    assert!(newest_email(&app, "access_request", "ap@xinghe.example.cn").await.is_some(), "the buyer is asked");

    let claim = claim_of(&app, XINGHE_ORDER).await;
    let claimed = app.call_as(&cookie, "link_order", &[("order_number", XINGHE_ORDER), ("claim", &claim)]).await;
    assert_eq!(claimed.json::<Value>().await.unwrap(), "Attached", "the claim link attaches at once");
    assert!(sees_bill(&app, &cookie, XINGHE_ORDER).await);
}
