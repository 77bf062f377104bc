use crate::helpers::{MailDev, free_port, smtp_settings, spawn_app, spawn_app_with};
use app::backend::entities::email_outbox;
use app::backend::outbox::{OutgoingEmail, enqueue};
use app::domain::EmailAddress;
use app::domain::OutboxStatus;
use chrono::{Duration, Utc};
use sea_orm::EntityTrait;
use server::mail::{Mailer, OutboxWorker, Pass};

fn email(to: &str, subject: &str) -> OutgoingEmail {
    OutgoingEmail {
        to: EmailAddress::parse(to).unwrap(),
        kind: "test",
        subject: subject.into(),
        body_text: format!("{subject}\n订单号：MO-20261001-01"),
        body_html: None,
        attachments: Vec::new(),
    }
}

#[tokio::test]
async fn the_running_server_delivers_queued_email_over_smtp_exactly_once() {
    let maildev = MailDev::start().await;
    let smtp = maildev.smtp_settings();
    let app = spawn_app_with(move |settings| settings.smtp = Some(smtp)).await;

    let id = enqueue(&app.db, email("li.lei@example.cn", "您的发票已开具")).await.unwrap();
    let received = maildev.wait_for(1).await;
    assert_eq!(received[0]["subject"], "您的发票已开具", "a Chinese subject arrives intact");
    assert_eq!(received[0]["to"][0]["address"], "li.lei@example.cn");
    assert!(received[0]["text"].as_str().unwrap().contains("MO-20261001-01"));
    assert_eq!(received[0]["from"][0]["address"], "fapiao@example.cn");

    // Several more worker passes later it is still one email, marked sent.
    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    assert_eq!(maildev.emails().await.len(), 1);
    let row = email_outbox::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.status, OutboxStatus::Sent);
    assert_eq!(row.attempts, 1);
    assert!(row.sent_at.is_some());
}

#[tokio::test]
async fn a_mail_server_that_is_down_delays_mail_and_loses_none() {
    let app = spawn_app().await;
    let port = free_port(); // nothing listens here yet
    let worker = OutboxWorker::new(app.db.clone(), Mailer::from_settings(&smtp_settings(port)).unwrap());
    let id = enqueue(&app.db, email("finance@lanyun.example.cn", "激活您的账户")).await.unwrap();

    let now = Utc::now();
    assert_eq!(worker.run_once(now).await.unwrap(), Pass { sent: 0, retried: 1, failed: 0 });
    let row = email_outbox::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((row.status.code(), row.attempts), (OutboxStatus::Pending.code(), 1));
    assert!(row.last_error.is_some());
    assert!(row.next_attempt_at > now + Duration::seconds(29), "backs off before the next attempt");

    // Within the backoff nothing is tried again.
    assert_eq!(worker.run_once(now + Duration::seconds(10)).await.unwrap(), Pass::default());

    // The server comes back; the next attempt delivers.
    let maildev = MailDev::start_on(port).await;
    assert_eq!(worker.run_once(now + Duration::seconds(31)).await.unwrap(), Pass { sent: 1, retried: 0, failed: 0 });
    let received = maildev.wait_for(1).await;
    assert_eq!(received[0]["subject"], "激活您的账户");
    assert_eq!(
        worker.run_once(now + Duration::hours(1)).await.unwrap(),
        Pass::default(),
        "sent mail is not sent again"
    );
    assert_eq!(maildev.emails().await.len(), 1);
}

#[tokio::test]
async fn two_workers_on_one_database_send_each_email_once() {
    let app = spawn_app().await;
    let maildev = MailDev::start().await;
    for i in 0..12 {
        enqueue(&app.db, email(&format!("customer{i}@example.cn"), &format!("通知 {i}"))).await.unwrap();
    }
    let first = OutboxWorker::new(app.db.clone(), Mailer::from_settings(&maildev.smtp_settings()).unwrap());
    let second = OutboxWorker::new(app.db.clone(), Mailer::from_settings(&maildev.smtp_settings()).unwrap());
    let now = Utc::now();
    let (a, b) = tokio::join!(first.run_once(now), second.run_once(now));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.sent + b.sent, 12);
    let received = maildev.wait_for(12).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(maildev.emails().await.len(), 12, "no email sent twice: {received:?}");
}

#[tokio::test]
async fn an_email_is_given_up_after_the_last_attempt() {
    let app = spawn_app().await;
    let worker = OutboxWorker::new(app.db.clone(), Mailer::from_settings(&smtp_settings(free_port())).unwrap());
    let id = enqueue(&app.db, email("a@example.cn", "x")).await.unwrap();
    let mut now = Utc::now();
    for attempt in 1..=server::mail::MAX_ATTEMPTS {
        let pass = worker.run_once(now).await.unwrap();
        let expected = if attempt == server::mail::MAX_ATTEMPTS {
            Pass { sent: 0, retried: 0, failed: 1 }
        } else {
            Pass { sent: 0, retried: 1, failed: 0 }
        };
        assert_eq!(pass, expected, "attempt {attempt}");
        now += Duration::hours(5);
    }
    let row = email_outbox::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.status, OutboxStatus::Failed);
    assert_eq!(worker.run_once(now + Duration::days(10)).await.unwrap(), Pass::default());
}

/// The emails maildev received for `to`, waiting up to `seconds` for the first.
async fn wait_for_mail_to(maildev: &MailDev, to: &str, seconds: u64) -> Vec<serde_json::Value> {
    let is_for = |m: &serde_json::Value| m["to"].as_array().is_some_and(|a| a.iter().any(|t| t["address"] == to));
    for _ in 0..seconds * 10 {
        let mine: Vec<_> = maildev.emails().await.into_iter().filter(is_for).collect();
        if !mine.is_empty() {
            return mine;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no email to {to} within {seconds} s");
}

const PASSWORD: &str = "Xinghe-finance-2026";

async fn register_in(app: &crate::helpers::TestApp, locale: &str, email: &str) -> reqwest::Response {
    let form =
        [("order_number", "MO-20261002-01"), ("email", email), ("password", PASSWORD), ("password_again", PASSWORD)];
    let request = app.client.post(app.url("/api/register")).header("cookie", format!("i18n_pref_locale={locale}"));
    request.form(&form).send().await.expect("the request reaches the server")
}

#[tokio::test]
async fn someone_registering_in_english_gets_the_activation_mail_in_english_as_text_and_html() {
    let maildev = MailDev::start().await;
    let smtp = maildev.smtp_settings();
    let app = spawn_app_with(move |settings| settings.smtp = Some(smtp)).await;
    server::demo::load(&app.db, "http://127.0.0.1:3000").await.unwrap();

    assert_eq!(register_in(&app, "en", "ap.en@xinghe.example.cn").await.status(), 200);
    let mail = wait_for_mail_to(&maildev, "ap.en@xinghe.example.cn", 20).await;
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0]["subject"], "Activate your Fapiao Center account");
    let text = mail[0]["text"].as_str().unwrap();
    let html = mail[0]["html"].as_str().expect("an HTML part");
    assert!(text.contains("Hello,") && !text.contains("您好"), "{text}");
    let link = &text[text.find("http://127.0.0.1:3000/activate?token=").expect("the link in the text part")..][..69];
    assert!(html.contains(&format!("href=\"{link}\"")), "the same link as a button: {html}");
    assert!(html.contains("lang=\"en\""));

    // The link from the delivered mail activates the account.
    let token = &link[link.len() - 32..];
    assert_eq!(app.call("activate", &[("token", token)]).await.status(), 200);
    let account = app::backend::entities::accounts::Entity::find().all(&app.db).await.unwrap();
    let account = account.iter().find(|a| a.email == "ap.en@xinghe.example.cn").unwrap();
    assert_eq!((account.status.code(), account.locale.as_str()), ("active", "en"));

    // Someone registering in Chinese gets Chinese.
    assert_eq!(register_in(&app, "zh-CN", "ap.zh@xinghe.example.cn").await.status(), 200);
    let mail = wait_for_mail_to(&maildev, "ap.zh@xinghe.example.cn", 20).await;
    assert_eq!(mail[0]["subject"], "激活您的发票管理中心账户");
    assert!(mail[0]["html"].as_str().unwrap().contains("激活账户</a>"));
}

#[tokio::test]
async fn an_activation_mail_queued_while_the_mail_server_is_down_arrives_once_it_is_back() {
    let port = free_port(); // the mail server is down: nothing listens here yet
    let app = spawn_app_with(move |settings| {
        settings.smtp = Some(server::config::SmtpSettings { retry_after_seconds: 1, ..smtp_settings(port) });
    })
    .await;
    server::demo::load(&app.db, "http://127.0.0.1:3000").await.unwrap();

    assert_eq!(
        register_in(&app, "zh-CN", "new.buyer@xinghe.example.cn").await.status(),
        200,
        "registering does not wait for mail"
    );
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    let activation = || async {
        let rows = email_outbox::Entity::find().all(&app.db).await.unwrap();
        rows.into_iter().find(|r| r.kind == "activation").expect("the activation email is in the outbox")
    };
    let waiting = activation().await;
    assert_eq!(waiting.status, OutboxStatus::Pending);
    assert!(waiting.attempts >= 1 && waiting.last_error.is_some(), "tried and failed: {waiting:?}");

    // The mail server comes back: the running server's worker delivers on its next retry.
    let maildev = MailDev::start_on(port).await;
    let mail = wait_for_mail_to(&maildev, "new.buyer@xinghe.example.cn", 30).await;
    assert_eq!(mail[0]["subject"], "激活您的发票管理中心账户");
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    let mine = wait_for_mail_to(&maildev, "new.buyer@xinghe.example.cn", 1).await;
    assert_eq!(mine.len(), 1, "delivered once");
    assert_eq!(activation().await.status, OutboxStatus::Sent);
}
