use crate::helpers::{TestApp, spawn_app_with_demo};
use app::backend::entities::{email_outbox, sessions};
use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Statement};
use serde_json::Value;

const EMAIL: &str = "finance@lanyun.example.cn";
const OLD: &str = "Lanyun-demo-2026";
const NEW: &str = "Lanyun-new-password-2026";

async fn reset_emails(app: &TestApp) -> Vec<email_outbox::Model> {
    email_outbox::Entity::find()
        .filter(email_outbox::Column::Kind.eq("password_reset"))
        .order_by_desc(email_outbox::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

fn token(email: &email_outbox::Model) -> String {
    let start = email.body_text.find("token=").unwrap() + "token=".len();
    email.body_text[start..start + 32].to_owned()
}

async fn can_log_in(app: &TestApp, password: &str) -> bool {
    let response = app.call("login", &[("email", EMAIL), ("password", password)]).await;
    response.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("fapiao_session="))
}

#[tokio::test]
async fn a_reset_link_sets_a_new_password_once_and_ends_every_session() {
    let app = spawn_app_with_demo().await;
    assert!(can_log_in(&app, OLD).await);
    assert!(can_log_in(&app, OLD).await);
    assert_eq!(sessions::Entity::find().count(&app.db).await.unwrap(), 2);

    assert_eq!(app.call("request_password_reset", &[("email", EMAIL)]).await.status(), 200);
    let emails = reset_emails(&app).await;
    assert_eq!(emails.len(), 1);
    assert!(!emails[0].body_text.contains(OLD), "never a password by email");
    let token = token(&emails[0]);

    let response = app.call("reset_password", &[("token", &token), ("password", NEW), ("password_again", NEW)]).await;
    assert_eq!(response.headers()["location"], "/login?reset=1");
    assert!(response.headers().get("set-cookie").is_none(), "no automatic login");
    assert_eq!(sessions::Entity::find().count(&app.db).await.unwrap(), 0, "every session ended");
    assert!(!can_log_in(&app, OLD).await);
    assert!(can_log_in(&app, NEW).await);

    let again = app.call("reset_password", &[("token", &token), ("password", OLD), ("password_again", OLD)]).await;
    assert_eq!(again.status(), 404, "single use");
}

#[tokio::test]
async fn unknown_emails_get_the_same_answer_and_no_email() {
    let app = spawn_app_with_demo().await;
    let known = app.call("request_password_reset", &[("email", EMAIL)]).await;
    let unknown = app.call("request_password_reset", &[("email", "nobody@example.cn")]).await;
    assert_eq!(known.status(), unknown.status());
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());
    assert_eq!(reset_emails(&app).await.len(), 1);
}

#[tokio::test]
async fn bad_new_passwords_and_expired_links_are_refused() {
    let app = spawn_app_with_demo().await;
    app.call("request_password_reset", &[("email", EMAIL)]).await;
    let token = token(&reset_emails(&app).await[0]);

    let weak = app
        .call("reset_password", &[("token", &token), ("password", "password"), ("password_again", "password")])
        .await;
    assert_eq!(weak.status(), 422);
    assert_eq!(weak.json::<Value>().await.unwrap()["Validation"]["password"], "CommonPassword");
    let differ = app.call("reset_password", &[("token", &token), ("password", NEW), ("password_again", OLD)]).await;
    assert_eq!(differ.json::<Value>().await.unwrap()["Validation"]["password_again"], "PasswordsDiffer");

    let past = (Utc::now() - chrono::Duration::minutes(1)).to_rfc3339();
    app.db
        .execute(Statement::from_string(
            app.db.get_database_backend(),
            format!("UPDATE email_tokens SET expires_at = '{past}'"),
        ))
        .await
        .unwrap();
    let expired = app.call("reset_password", &[("token", &token), ("password", NEW), ("password_again", NEW)]).await;
    assert_eq!(expired.status(), 404, "a reset link lasts one hour");
    assert!(can_log_in(&app, OLD).await, "the password is unchanged");
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_the_other_sessions() {
    let app = spawn_app_with_demo().await;
    let login = |app: &TestApp| {
        let client = app.client.clone();
        let url = app.url("/api/login");
        async move {
            let response = client.post(url).form(&[("email", EMAIL), ("password", OLD)]).send().await.unwrap();
            let cookie = response
                .headers()
                .get_all("set-cookie")
                .iter()
                .map(|c| c.to_str().unwrap().to_owned())
                .find(|c| c.starts_with("fapiao_session="))
                .unwrap();
            cookie.split(';').next().unwrap().to_owned()
        }
    };
    let here = login(&app).await;
    let elsewhere = login(&app).await;
    let change = |cookie: Option<String>, current: &'static str| {
        let mut request = app.client.post(app.url("/api/change_password")).form(&[
            ("current_password", current),
            ("new_password", NEW),
            ("new_password_again", NEW),
        ]);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send()
    };
    assert_eq!(change(None, OLD).await.unwrap().status(), 401, "logged out: refused");
    let wrong = change(Some(here.clone()), "not it").await.unwrap();
    assert_eq!(wrong.status(), 422);
    assert_eq!(wrong.json::<Value>().await.unwrap()["Validation"]["current_password"], "WrongPassword");

    assert_eq!(change(Some(here.clone()), OLD).await.unwrap().status(), 200);
    let page = |cookie: String| {
        let request = app.client.get(app.url("/account")).header("cookie", cookie);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    assert!(page(here).await.contains("修改密码"), "this session stays");
    assert!(page(elsewhere).await.contains("请先登录"), "the other session ended");
    assert!(can_log_in(&app, NEW).await && !can_log_in(&app, OLD).await);
}

#[tokio::test]
async fn an_account_gets_its_email_in_the_language_it_last_logged_in_with() {
    let app = spawn_app_with_demo().await;
    let login_in = |locale: &'static str| {
        app.client
            .post(app.url("/api/login"))
            .header("cookie", format!("i18n_pref_locale={locale}"))
            .form(&[("email", EMAIL), ("password", OLD)])
            .send()
    };
    assert_eq!(login_in("en").await.unwrap().status(), 200);
    app.call("request_password_reset", &[("email", EMAIL)]).await;
    let email = &reset_emails(&app).await[0];
    assert_eq!(email.subject, "Reset your Fapiao Center password");
    assert!(email.body_html.as_deref().unwrap().contains("<html lang=\"en\">"));

    assert_eq!(login_in("zh-CN").await.unwrap().status(), 200);
    // A few minutes later (one mail per address and purpose per interval).
    app.execute("UPDATE rate_limit_hits SET created_at = '2020-01-01T00:00:00+00:00'").await;
    app.call("request_password_reset", &[("email", EMAIL)]).await;
    assert_eq!(reset_emails(&app).await[0].subject, "重设发票管理中心密码");
}

/// The account page's forms post as pages (server components): a refusal goes back to the page
/// with the error in the address, a success with `done`, and the page says which.
#[tokio::test]
async fn a_password_changed_by_a_form_posted_as_a_page_is_confirmed_on_the_page() {
    let app = spawn_app_with_demo().await;
    let cookie = app.login(EMAIL, OLD).await;
    let post = |current: &'static str| {
        app.client
            .post(app.url("/api/change_password"))
            .header("cookie", &cookie)
            .header("accept", "text/html")
            .header("referer", app.url("/account?done=old"))
            .form(&[("current_password", current), ("new_password", NEW), ("new_password_again", NEW)])
            .send()
    };
    let refused = post("not it").await.unwrap();
    assert_eq!(refused.status(), 302);
    let back = refused.headers()["location"].to_str().unwrap().to_owned();
    let back = back.trim_start_matches(&app.url(""));
    assert!(back.starts_with("/account?") && back.contains("__err="), "{back}");
    let (_, page) = app.page_as(&cookie, back).await;
    assert!(page.contains("当前密码不正确"), "the refusal is on the page");
    assert!(!page.contains("密码已修改"), "an earlier success is not repeated next to a refusal");

    let changed = post(OLD).await.unwrap();
    assert_eq!(changed.status(), 302);
    assert_eq!(changed.headers()["location"], "/account?done=password", "back where it came from, said done");
    let (_, page) = app.page_as(&cookie, "/account?done=password").await;
    assert!(page.contains("密码已修改"));
}
