use crate::helpers::{STAFF, TestApp, spawn_app_with_demo};
use app::backend::entities::sessions;
use chrono::{Duration, Utc};
use sea_orm::{EntityTrait, PaginatorTrait};
use std::time::Instant;

/// Posts the login form as a browser without JavaScript does.
async fn login(app: &TestApp, email: &str, password: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url("/api/login"))
        .header("accept", "text/html")
        .header("referer", app.url("/login"))
        .form(&[("email", email), ("password", password)]);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("fapiao_session="))
        .map(str::to_owned)
}

fn token_of(cookie: &str) -> String {
    cookie.trim_start_matches("fapiao_session=").split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_correct_login_starts_a_session_shown_on_every_page() {
    let app = spawn_app_with_demo().await;
    let response = login(&app, STAFF.0, STAFF.1, None).await;
    assert!(response.status().is_redirection(), "status {}", response.status());
    let cookie = session_cookie(&response).expect("a session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), "{cookie}");
    let token = token_of(&cookie);
    assert_eq!(token.len(), 32);

    let html = app.page_with_cookie("/", &format!("fapiao_session={token}")).await;
    assert!(html.contains("已登录") && html.contains("staff@fapiao.example.cn"), "the header shows who is logged in");
    let stored = sessions::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0].id_hash, token, "only a hash of the token is stored");
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let app = spawn_app_with_demo().await;
    let wrong = login(&app, STAFF.0, "not the password", None).await;
    let unknown = login(&app, "nobody@example.cn", "not the password", None).await;
    assert_eq!(wrong.status(), unknown.status());
    let (wrong_to, unknown_to) = (
        wrong.headers()["location"].to_str().unwrap().to_owned(),
        unknown.headers()["location"].to_str().unwrap().to_owned(),
    );
    assert_eq!(wrong_to, unknown_to, "same redirect, same error");
    assert!(session_cookie(&wrong).is_none() && session_cookie(&unknown).is_none());

    // The page the browser is sent back to shows the one message.
    let html = app
        .client
        .get(format!("http://{}{}", app.address, wrong_to.trim_start_matches(&format!("http://{}", app.address))))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("邮箱或密码不正确"), "{wrong_to}");
}

#[tokio::test]
async fn too_many_failures_lock_the_account_for_a_while_even_with_the_right_password() {
    let app = spawn_app_with_demo().await;
    for _ in 0..app::auth::service::ACCOUNT_FAILURES {
        login(&app, STAFF.0, "guessing", None).await;
    }
    let response = login(&app, STAFF.0, STAFF.1, None).await;
    assert!(session_cookie(&response).is_none(), "locked: no session even with the right password");
    assert!(app.follow(&response).await.contains("分钟后再试"), "says when to try again");
}

#[tokio::test]
async fn a_lockout_looks_the_same_for_an_email_without_an_account() {
    let app = spawn_app_with_demo().await;
    let unknown = "nobody@example.cn";
    for _ in 0..app::auth::service::ACCOUNT_FAILURES {
        login(&app, STAFF.0, "guessing", None).await;
        login(&app, unknown, "guessing", None).await;
    }
    let (known, unknown) = (login(&app, STAFF.0, "guessing", None).await, login(&app, unknown, "guessing", None).await);
    assert_eq!(known.status(), unknown.status());
    let location = |r: &reqwest::Response| r.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location(&known), location(&unknown), "the same answer: an attacker learns nothing from the lockout");
    assert!(app.follow(&unknown).await.contains("分钟后再试"), "an email without an account is slowed down too");

    // The email is what counts, however it is typed: spaces around it gain no more tries.
    let response = login(&app, &format!("  {}  ", STAFF.0), STAFF.1, None).await;
    assert!(session_cookie(&response).is_none(), "still locked, even with the right password");
}

/// Unknown emails are checked against a dummy hash, so they cost the same argon2 work as a wrong
/// password for a real account. The fastest of several tries (the least disturbed by other tests
/// running at the same time) is compared; without the dummy hash an unknown email answers about
/// ten times faster.
#[tokio::test]
async fn wrong_password_and_unknown_email_take_comparable_time() {
    let app = spawn_app_with_demo().await;
    let (mut known, mut unknown) = (std::time::Duration::MAX, std::time::Duration::MAX);
    let timed = async |email: &str| {
        let started = Instant::now();
        let response = login(&app, email, "not the password", None).await;
        assert!(response.status().is_redirection());
        started.elapsed()
    };
    // Fewer tries than the lockout allows, alternating so both see the same conditions.
    for _ in 0..app::auth::service::ACCOUNT_FAILURES - 1 {
        known = known.min(timed(STAFF.0).await);
        unknown = unknown.min(timed("nobody@example.cn").await);
    }
    let ratio = known.as_secs_f64() / unknown.as_secs_f64();
    assert!((0.5..=2.0).contains(&ratio), "known {known:?}, unknown {unknown:?}: ratio {ratio:.2}");
}

#[tokio::test]
async fn login_replaces_any_session_the_browser_already_had() {
    let app = spawn_app_with_demo().await;
    let first = token_of(&session_cookie(&login(&app, STAFF.0, STAFF.1, None).await).unwrap());
    let second_response = login(&app, STAFF.0, STAFF.1, Some(&format!("fapiao_session={first}"))).await;
    let second = token_of(&session_cookie(&second_response).unwrap());
    assert_ne!(first, second, "a new session id on every login");
    assert_eq!(sessions::Entity::find().count(&app.db).await.unwrap(), 1, "the old session is gone");
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let app = spawn_app_with_demo().await;
    let token = token_of(&session_cookie(&login(&app, STAFF.0, STAFF.1, None).await).unwrap());
    let cookie = format!("fapiao_session={token}");
    let response = app
        .client
        .post(app.url("/api/logout"))
        .header("accept", "text/html")
        .header("referer", app.url("/"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert!(session_cookie(&response).unwrap().contains("Max-Age=0"));
    assert_eq!(sessions::Entity::find().count(&app.db).await.unwrap(), 0);
    // The old cookie, replayed, no longer logs anyone in.
    let html = app.page_with_cookie("/", &cookie).await;
    assert!(!html.contains("已登录"));
}

#[tokio::test]
async fn an_idle_session_expires() {
    let app = spawn_app_with_demo().await;
    let token = token_of(&session_cookie(&login(&app, STAFF.0, STAFF.1, None).await).unwrap());
    let idle_since = (Utc::now() - Duration::minutes(31)).to_rfc3339();
    app.execute(&format!("UPDATE sessions SET last_seen_at = '{idle_since}'")).await;
    let html = app.page_with_cookie("/", &format!("fapiao_session={token}")).await;
    assert!(!html.contains("已登录"), "31 minutes idle is logged out");
    assert_eq!(sessions::Entity::find().count(&app.db).await.unwrap(), 0, "and the session is deleted");
}

#[tokio::test]
async fn a_pending_account_with_the_right_password_is_told_to_activate() {
    let app = spawn_app_with_demo().await;
    app.execute("UPDATE accounts SET status = 'pending' WHERE role = 'staff'").await;
    let response = login(&app, STAFF.0, STAFF.1, None).await;
    assert!(session_cookie(&response).is_none());
    let html = app.follow(&response).await;
    assert!(html.contains("账户尚未激活"));
    let wrong = login(&app, STAFF.0, "wrong password", None).await;
    let html = app.follow(&wrong).await;
    assert!(html.contains("邮箱或密码不正确"), "without the password nobody learns the account exists");
}

#[tokio::test]
async fn script_clients_get_the_error_status_and_form_posts_get_a_redirect() {
    let app = spawn_app_with_demo().await;
    let scripted =
        app.client.post(app.url("/api/login")).form(&[("email", STAFF.0), ("password", "wrong")]).send().await.unwrap();
    assert_eq!(scripted.status(), 401);
    let form = login(&app, STAFF.0, "wrong", None).await;
    assert!(form.status().is_redirection(), "a browser only follows 3xx: {}", form.status());
}

#[tokio::test]
async fn a_session_ends_after_its_absolute_lifetime_even_when_active() {
    let app = spawn_app_with_demo().await;
    let token = token_of(&session_cookie(&login(&app, STAFF.0, STAFF.1, None).await).unwrap());
    let now = Utc::now().to_rfc3339();
    let started = (Utc::now() - Duration::hours(12)).to_rfc3339();
    app.execute(&format!("UPDATE sessions SET created_at = '{started}', expires_at = '{now}', last_seen_at = '{now}'"))
        .await;
    let html = app.page_with_cookie("/", &format!("fapiao_session={token}")).await;
    assert!(!html.contains("已登录"), "12 hours after login the session is over, however active");
}

#[tokio::test]
async fn one_address_failing_on_many_accounts_is_slowed_down_too() {
    let app = spawn_app_with_demo().await;
    for i in 0..app::auth::service::IP_FAILURES {
        login(&app, &format!("guess{i}@example.cn"), "guessing", None).await;
    }
    let response = login(&app, STAFF.0, STAFF.1, None).await;
    assert!(session_cookie(&response).is_none(), "this address must wait, even with a right password");
    let html = app.follow(&response).await;
    assert!(html.contains("分钟后再试"));
}

async fn wait_out_remembered_refusals() {
    let memory = app::backend::rate_limit::REFUSAL_MEMORY.to_std().unwrap();
    tokio::time::sleep(memory + std::time::Duration::from_millis(100)).await;
}

/// A script client's login (JSON answers, real statuses) from `client`, the address a trusted
/// reverse proxy says it forwards for.
async fn login_from(app: &TestApp, client: &str, email: &str, password: &str) -> reqwest::Response {
    let request = app.client.post(app.url("/api/login")).header("x-forwarded-for", client);
    request.form(&[("email", email), ("password", password)]).send().await.unwrap()
}

/// The count is atomic: a burst of concurrent wrong passwords cannot slip past the limit
/// (each attempt is written before it is counted; refused ones check no password).
#[tokio::test]
async fn a_burst_of_concurrent_guesses_gets_no_more_tries_than_the_limit() {
    use app::backend::entities::login_attempts;
    use sea_orm::{ColumnTrait, QueryFilter};
    let app = spawn_app_with_demo().await;
    let guesses = (0..16).map(|i| {
        let app = &app;
        async move {
            let guess = format!("guess-{i}");
            let form = [("email", STAFF.0), ("password", guess.as_str())];
            app.client.post(app.url("/api/login")).form(&form).send().await.unwrap().status().as_u16()
        }
    });
    let statuses = futures::future::join_all(guesses).await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    assert!(checked <= app::auth::service::ACCOUNT_FAILURES as usize, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 16 - checked, "the rest were told to wait");
    let key = app::auth::service::attempt_key(STAFF.0);
    let recorded = login_attempts::Entity::find().filter(login_attempts::Column::EmailKey.eq(key));
    assert_eq!(recorded.count(&app.db).await.unwrap() as usize, checked, "refused attempts are not failures");
    wait_out_remembered_refusals().await;
    let right = app.call("login", &[("email", STAFF.0), ("password", STAFF.1)]).await;
    assert_eq!(right.status().as_u16() == 429, checked == app::auth::service::ACCOUNT_FAILURES as usize);
}

/// Someone guessing a customer's password from one address slows down there — each try past the
/// limit waits longer (30 s, 1 min, 2 min … up to 15) — while the customer, at another address,
/// logs in as usual. Addresses come from X-Forwarded-For only because the proxy is trusted.
#[tokio::test]
async fn a_guesser_slows_down_at_its_address_and_never_locks_the_owner_out_at_theirs() {
    let app = crate::helpers::spawn_app_with(|s| s.server.trusted_proxies = vec!["127.0.0.1/32".into()]).await;
    server::demo::load(&app.db, "http://127.0.0.1:3000").await.unwrap();
    let guesser = "203.0.113.7";
    for _ in 0..app::auth::service::ACCOUNT_FAILURES {
        assert_eq!(login_from(&app, guesser, STAFF.0, "guessing").await.status(), 401);
    }
    let waiting = login_from(&app, guesser, STAFF.0, STAFF.1).await;
    assert_eq!(waiting.status(), 429, "the guesser waits, even with the right password");
    assert_eq!(waiting.headers()["retry-after"], "60", "30 s, rounded up to a minute");
    assert_eq!(login_from(&app, "198.51.100.2", STAFF.0, STAFF.1).await.status(), 200, "the owner is not locked out");

    // 31 seconds later the guesser gets one more try, and then waits twice as long.
    let earlier = (Utc::now() - Duration::seconds(31)).to_rfc3339();
    app.execute(&format!("UPDATE login_attempts SET created_at = '{earlier}'")).await;
    // The server gives a refusal again from memory for a moment before it asks the database.
    wait_out_remembered_refusals().await;
    assert_eq!(login_from(&app, guesser, STAFF.0, "guessing-again").await.status(), 401, "one more try");
    let longer = login_from(&app, guesser, STAFF.0, STAFF.1).await;
    assert_eq!(longer.status(), 429);
    assert_eq!(longer.headers()["retry-after"], "60", "1 minute now");
    let much_later = (Utc::now() - Duration::seconds(61)).to_rfc3339();
    app.execute(&format!("UPDATE login_attempts SET created_at = '{much_later}'")).await;
    wait_out_remembered_refusals().await;
    assert_eq!(
        login_from(&app, guesser, STAFF.0, STAFF.1).await.status(),
        200,
        "after the wait, the right password works"
    );
}

/// A link from an email survives the login page: a logged-out visit to a customer's page goes to
/// the login page with the page as `next`, and logging in goes on to it. Only a path of this
/// site is followed: anything else (another site, a scheme, a header injection) lands where a
/// login lands anyway, so the login page cannot be used to send someone elsewhere.
#[tokio::test]
async fn login_goes_on_to_the_page_that_asked_for_it_and_only_within_this_site() {
    use crate::helpers::LANYUN;
    let app = spawn_app_with_demo().await;
    let path = "/bills/MO-20261001-03/apply/2?from=mail";
    let visit = app.get(path).await;
    assert!(visit.status().is_redirection(), "status {}", visit.status());
    assert_eq!(visit.headers()["location"], "/login?next=%2Fbills%2FMO-20261001-03%2Fapply%2F2%3Ffrom%3Dmail");
    let page = app.follow(&visit).await;
    assert!(page.contains(r#"name="next" value="/bills/MO-20261001-03/apply/2?from=mail""#), "the form carries it on");

    let login_to = |next: &'static str| {
        let request = app.client.post(app.url("/api/login")).header("accept", "text/html");
        let request = request.header("referer", app.url("/login"));
        request.form(&[("email", LANYUN.0), ("password", LANYUN.1), ("next", next)]).send()
    };
    let went = login_to("/bills/MO-20261001-03/apply/2?from=mail").await.unwrap();
    assert_eq!(went.headers()["location"], "/bills/MO-20261001-03/apply/2?from=mail");
    for elsewhere in
        ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "bills", ""]
    {
        let went = login_to(elsewhere).await.unwrap();
        assert_eq!(went.headers()["location"], "/bills", "{elsewhere:?} is not followed");
    }
    // A script client (JSON) is answered where to go as well.
    let json = app.call("login", &[("email", LANYUN.0), ("password", LANYUN.1), ("next", "/applications")]).await;
    assert_eq!(json.json::<String>().await.unwrap(), "/applications");
}
