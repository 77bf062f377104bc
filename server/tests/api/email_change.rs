//! Changing the login email: current password first, a confirmation link to the new address
//! (nothing changes until it is used), a notice to the old one, single use.

use crate::helpers::{LILEI, spawn_app_with_demo};
use app::backend::entities::{accounts, email_outbox};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

const NEW: &str = "lei.li@example.cn";

#[tokio::test]
async fn the_login_email_changes_only_when_the_new_address_confirms() {
    let app = spawn_app_with_demo().await;
    let cookie = app.login(LILEI.0, LILEI.1).await;

    let wrong = app
        .call_as(&cookie, "request_email_change", &[("current_password", "wrong-password"), ("new_email", NEW)])
        .await;
    assert_eq!(wrong.status(), 422);
    let bad = app
        .call_as(&cookie, "request_email_change", &[("current_password", LILEI.1), ("new_email", "not-an-email")])
        .await;
    assert_eq!(bad.status(), 422);

    let r = app.call_as(&cookie, "request_email_change", &[("current_password", LILEI.1), ("new_email", NEW)]).await;
    assert_eq!(r.status(), 200);
    let emails = email_outbox::Entity::find().order_by_asc(email_outbox::Column::Id).all(&app.db).await.unwrap();
    let confirm = emails.iter().find(|e| e.kind == "email_change_confirm").expect("a confirmation email");
    assert_eq!(confirm.to_address, NEW);
    let notice = emails.iter().find(|e| e.kind == "email_change_notice").expect("a notice to the old address");
    assert_eq!(notice.to_address, LILEI.0);
    // Nothing changed yet.
    assert!(accounts::Entity::find().filter(accounts::Column::Email.eq(LILEI.0)).one(&app.db).await.unwrap().is_some());

    let start = confirm.body_text.find("token=").unwrap() + "token=".len();
    let token = &confirm.body_text[start..start + 32];
    let (status, _) = app.page_as(&cookie, &format!("/account/email?token={token}")).await;
    assert_eq!(status, 200, "the GET only shows the button");
    assert!(accounts::Entity::find().filter(accounts::Column::Email.eq(NEW)).one(&app.db).await.unwrap().is_none());
    let r = app.call("confirm_email_change", &[("token", token)]).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["location"], "/account?email_changed=1");
    assert!(accounts::Entity::find().filter(accounts::Column::Email.eq(NEW)).one(&app.db).await.unwrap().is_some());
    assert_eq!(app.call("confirm_email_change", &[("token", token)]).await.status(), 404, "single use");

    // The new address logs in; the old one does not.
    app.login(NEW, LILEI.1).await;
    let old = app.call("login", &[("email", LILEI.0), ("password", LILEI.1)]).await;
    assert_eq!(old.status(), 401);
}

#[tokio::test]
async fn an_address_of_another_active_account_cannot_be_taken() {
    let app = spawn_app_with_demo().await;
    let cookie = app.login(LILEI.0, LILEI.1).await;
    let taken = "finance@lanyun.example.cn";
    app.call_as(&cookie, "request_email_change", &[("current_password", LILEI.1), ("new_email", taken)]).await;
    let confirm = email_outbox::Entity::find()
        .filter(email_outbox::Column::Kind.eq("email_change_confirm"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let start = confirm.body_text.find("token=").unwrap() + "token=".len();
    let r = app.call("confirm_email_change", &[("token", &confirm.body_text[start..start + 32])]).await;
    assert_eq!(r.status(), 409);
    assert!(accounts::Entity::find().filter(accounts::Column::Email.eq(LILEI.0)).one(&app.db).await.unwrap().is_some());
}

/// The login moving to a new address takes away what the old one gave: the account's other
/// sessions end (the confirming browser stays logged in) and a reset link sent to the old
/// address before the change no longer works.
#[tokio::test]
async fn confirming_a_new_email_ends_the_other_sessions_and_cancels_reset_links() {
    use app::backend::entities::sessions;
    use sea_orm::PaginatorTrait;
    let app = spawn_app_with_demo().await;
    let here = app.login(LILEI.0, LILEI.1).await;
    let elsewhere = app.login(LILEI.0, LILEI.1).await;
    assert_eq!(app.call("request_password_reset", &[("email", LILEI.0)]).await.status(), 200);
    app.call_as(&here, "request_email_change", &[("current_password", LILEI.1), ("new_email", NEW)]).await;
    let reset = last_token(&app, "password_reset").await;
    let change = last_token(&app, "email_change_confirm").await;

    assert_eq!(app.call_as(&here, "confirm_email_change", &[("token", &change)]).await.status(), 200);
    let (_, html) = app.page_as(&here, "/bills").await;
    assert!(html.contains("MO-20261003-01"), "the confirming browser stays logged in");
    let (_, html) = app.page_as(&elsewhere, "/bills").await;
    assert!(!html.contains("MO-20261003-01"), "the other session ended");
    assert_eq!(sessions::Entity::find().count(&app.db).await.unwrap(), 1);
    let password = "Lilei-taken-over-2026";
    let late = [("token", reset.as_str()), ("password", password), ("password_again", password)];
    assert_eq!(app.call("reset_password", &late).await.status(), 404, "the old address's reset link is dead");
    app.login(NEW, LILEI.1).await;
}

/// The token in the newest email of this kind.
async fn last_token(app: &crate::helpers::TestApp, kind: &str) -> String {
    let email = email_outbox::Entity::find()
        .filter(email_outbox::Column::Kind.eq(kind))
        .order_by_desc(email_outbox::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let start = email.body_text.find("token=").unwrap() + "token=".len();
    email.body_text[start..start + 32].to_owned()
}
