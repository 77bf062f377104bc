use crate::helpers::{MailDev, free_port, smtp_settings, spawn_app, spawn_app_with};
use app::domain::EmailAddress;
use app::server::entities::email_outbox;
use app::server::outbox::{OutgoingEmail, enqueue, status};
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
    assert_eq!(row.status, status::SENT);
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
    assert_eq!((row.status.as_str(), row.attempts), (status::PENDING, 1));
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
    assert_eq!(row.status, status::FAILED);
    assert_eq!(worker.run_once(now + Duration::days(10)).await.unwrap(), Pass::default());
}
