use crate::helpers::{TestApp, spawn_app_with_demo};
use app::backend::entities::{accounts, email_outbox};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Statement};
use serde_json::Value;

/// The order of the demo customer that has no account yet.
const ORDER: &str = "MO-20261002-01";

async fn register(app: &TestApp, order: &str, email: &str) -> reqwest::Response {
    let password = "Xinghe-finance-2026";
    app.call(
        "register",
        &[("order_number", order), ("email", email), ("password", password), ("password_again", password)],
    )
    .await
}

async fn last_email_to(app: &TestApp, to: &str) -> email_outbox::Model {
    email_outbox::Entity::find()
        .filter(email_outbox::Column::ToAddress.eq(to))
        .order_by_desc(email_outbox::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no email to {to}"))
}

fn activation_token(email: &email_outbox::Model) -> String {
    let start = email.body_text.find("token=").expect("an activation link") + "token=".len();
    email.body_text[start..start + 32].to_owned()
}

async fn account_status(app: &TestApp, email: &str) -> Vec<String> {
    accounts::Entity::find()
        .filter(accounts::Column::Email.eq(email))
        .order_by_asc(accounts::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.status.code().to_owned())
        .collect()
}

#[tokio::test]
async fn registering_creates_a_pending_account_and_queues_the_activation_email() {
    let app = spawn_app_with_demo().await;
    let response = register(&app, ORDER, "AP@Xinghe.example.cn").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["location"], "/register/sent?email=AP%40xinghe.example.cn", "on to the next page");
    assert_eq!(account_status(&app, "AP@xinghe.example.cn").await, ["pending"]);

    let email = last_email_to(&app, "AP@xinghe.example.cn").await;
    assert_eq!(email.kind, "activation");
    assert!(email.body_text.contains("http://127.0.0.1:3000/activate?token="), "links use the public base URL");

    // The "check your email" page names the address.
    let html = app.get("/register/sent?email=AP%40xinghe.example.cn").await.text().await.unwrap();
    assert!(html.contains("AP@xinghe.example.cn"));
}

#[tokio::test]
async fn every_bad_field_gets_its_own_message_and_nothing_is_stored() {
    let app = spawn_app_with_demo().await;
    let response = app
        .call(
            "register",
            &[("order_number", "??"), ("email", "nope"), ("password", "12345678"), ("password_again", "x")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    let fields = &body["Validation"];
    assert_eq!(fields["order_number"], "BadFormat");
    assert_eq!(fields["email"], "BadFormat");
    assert_eq!(fields["password"], "CommonPassword");
    assert_eq!(accounts::Entity::find().all(&app.db).await.unwrap().len(), 4, "only the demo accounts");
}

#[tokio::test]
async fn a_mistyped_email_is_fixed_by_registering_again() {
    let app = spawn_app_with_demo().await;
    register(&app, ORDER, "ap@xinghe.exmaple.cn").await;
    let second = register(&app, ORDER, "ap@xinghe.example.cn").await;
    assert_eq!(
        second.headers()["location"],
        "/register/sent?email=ap%40xinghe.example.cn",
        "a pending registration never blocks another"
    );
    let token = activation_token(&last_email_to(&app, "ap@xinghe.example.cn").await);
    assert_eq!(app.call("activate", &[("token", &token)]).await.headers()["location"], "/login?activated=1");
    assert_eq!(account_status(&app, "ap@xinghe.example.cn").await, ["active"]);
    assert_eq!(account_status(&app, "ap@xinghe.exmaple.cn").await, ["pending"]);
}

#[tokio::test]
async fn an_email_with_an_account_gets_the_same_answer_and_a_notice_instead() {
    let app = spawn_app_with_demo().await;
    let fresh = register(&app, ORDER, "new.person@example.cn").await;
    let existing = register(&app, ORDER, "finance@lanyun.example.cn").await;
    assert_eq!(fresh.status(), existing.status());
    assert_eq!(account_status(&app, "finance@lanyun.example.cn").await, ["active"], "no second account");
    assert_eq!(last_email_to(&app, "finance@lanyun.example.cn").await.kind, "already_registered");
}

#[tokio::test]
async fn an_activation_link_works_once_and_opening_it_changes_nothing() {
    let app = spawn_app_with_demo().await;
    register(&app, ORDER, "ap@xinghe.example.cn").await;
    let token = activation_token(&last_email_to(&app, "ap@xinghe.example.cn").await);

    let page = app.get(&format!("/activate?token={token}")).await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("激活账户"));
    assert_eq!(
        account_status(&app, "ap@xinghe.example.cn").await,
        ["pending"],
        "a GET (or a mail scanner) activates nothing"
    );

    let first = app.call("activate", &[("token", &token)]).await;
    assert_eq!(first.headers()["location"], "/login?activated=1");
    assert_eq!(account_status(&app, "ap@xinghe.example.cn").await, ["active"]);
    assert_eq!(app.call("activate", &[("token", &token)]).await.status(), 404, "single use");
    assert_eq!(app.call("activate", &[("token", "0123456789abcdef0123456789abcdef")]).await.status(), 404);
}

#[tokio::test]
async fn expired_links_fail_and_a_resend_replaces_the_old_link() {
    let app = spawn_app_with_demo().await;
    register(&app, ORDER, "ap@xinghe.example.cn").await;
    let old = activation_token(&last_email_to(&app, "ap@xinghe.example.cn").await);

    // A few minutes later (one mail per address and purpose per interval).
    app.execute("UPDATE rate_limit_hits SET created_at = '2020-01-01T00:00:00+00:00'").await;
    assert_eq!(app.call("resend_activation", &[("email", "ap@xinghe.example.cn")]).await.status(), 200);
    let new = activation_token(&last_email_to(&app, "ap@xinghe.example.cn").await);
    assert_ne!(old, new);
    assert_eq!(app.call("activate", &[("token", &old)]).await.status(), 404, "the old link is dead");

    app.db
        .execute(Statement::from_string(
            app.db.get_database_backend(),
            "UPDATE email_tokens SET expires_at = '2020-01-01T00:00:00+00:00'".to_owned(),
        ))
        .await
        .unwrap();
    assert_eq!(app.call("activate", &[("token", &new)]).await.status(), 404, "expired after 24 hours");

    // Resending to an unknown address answers the same and sends nothing.
    let outbox_before = email_outbox::Entity::find().all(&app.db).await.unwrap().len();
    assert_eq!(app.call("resend_activation", &[("email", "nobody@example.cn")]).await.status(), 200);
    assert_eq!(email_outbox::Entity::find().all(&app.db).await.unwrap().len(), outbox_before);
}

#[tokio::test]
async fn the_dev_mailbox_shows_the_outbox_when_the_development_setting_is_on() {
    let app = spawn_app_with_demo().await;
    register(&app, ORDER, "ap@xinghe.example.cn").await;
    let html = app.get("/dev/mailbox").await.text().await.unwrap();
    assert!(html.contains("激活您的发票管理中心账户"));
    assert!(html.contains("/activate?token="));
}

#[tokio::test]
async fn every_new_paid_order_sends_its_buyer_a_link_to_register_with_it() {
    let app = spawn_app_with_demo().await;
    let email = last_email_to(&app, "ap@xinghe.example.cn").await;
    assert_eq!(email.kind, "order_confirmation");
    assert!(email.body_text.contains("/register?order=MO-20261002-02"));
    let confirmations = email_outbox::Entity::find()
        .filter(email_outbox::Column::Kind.eq("order_confirmation"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(confirmations.len(), 14, "one per paid demo order; none for the refunded one");
    // The link's page has the order number filled in.
    let html = app.get("/register?order=MO-20261002-02").await.text().await.unwrap();
    assert!(html.contains(r#"value="MO-20261002-02""#));
}
