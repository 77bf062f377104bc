//! The service center at a glance (`/admin`): open, overdue and due-today counts, fapiao
//! issued per Shanghai day, the median time to issue and the on-time share, computed by the
//! database on SQLite and PostgreSQL alike; staff only.

use crate::admin_queue::{PDF, act, issue};
use crate::customer_api::{api_apply, make_token, saved_title};
use crate::helpers::{LANYUN, STAFF, spawn_app_with_demo};
use app::backend::entities::{fapiao_applications, issued_fapiao};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

#[tokio::test]
async fn the_figures_count_what_staff_steer_by() {
    let app = spawn_app_with_demo().await;
    let lanyun = app.login(LANYUN.0, LANYUN.1).await;
    let token = make_token(&app, &lanyun, "dashboard", "30").await;
    let title_id = saved_title(&app, &lanyun).await;
    let mut numbers = Vec::new();
    for bill in ["MO-20261001-01", "MO-20261001-02", "MO-20261001-03", "MO-20261001-05"] {
        let body = json!({ "bills": [bill], "title_id": title_id, "fapiao_type": "general", "emails": [LANYUN.0] });
        let created: serde_json::Value = api_apply(&app, &token, bill, &body).await.json().await.unwrap();
        numbers.push(created["number"].as_str().unwrap().to_owned());
    }
    let staff = app.login(STAFF.0, STAFF.1).await;
    for (i, (number, amount)) in [(&numbers[2], "12345.67"), (&numbers[3], "7920.00")].into_iter().enumerate() {
        assert_eq!(act(&app, &staff, number, "start", &[]).await.status(), 200);
        let fapiao = format!("2631200000007777000{i}");
        let fields = [("fapiao_number", fapiao.as_str()), ("issue_date", "2026-11-29"), ("amount", amount)];
        let r = issue(&app, &staff, number, &fields, vec![("fapiao.pdf", PDF.to_vec())]).await;
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    }

    // Times set around "now" = 2026-11-30 14:00 in Shanghai.
    let now = at("2026-11-30T06:00:00Z");
    let set = |number: &str, submitted: &str, due: &str| {
        fapiao_applications::Entity::update_many()
            .col_expr(fapiao_applications::Column::SubmittedAt, Expr::value(at(submitted)))
            .col_expr(fapiao_applications::Column::DueAt, Expr::value(at(due)))
            .filter(fapiao_applications::Column::ApplicationNumber.eq(number.to_owned()))
            .exec(&app.db)
    };
    set(&numbers[0], "2026-11-26T02:00:00Z", "2026-11-30T05:00:00Z").await.unwrap(); // overdue by an hour
    set(&numbers[1], "2026-11-28T02:00:00Z", "2026-11-30T10:00:00Z").await.unwrap(); // due at 18:00 today
    set(&numbers[2], "2026-11-28T02:00:00Z", "2026-12-01T10:00:00Z").await.unwrap(); // issued a day later: on time
    set(&numbers[3], "2026-11-20T02:00:00Z", "2026-11-24T10:00:00Z").await.unwrap(); // issued late
    let issued_at = |number: &str, when: &str| {
        let number = number.to_owned();
        let when = at(when);
        let db = app.db.clone();
        async move {
            let a = fapiao_applications::Entity::find()
                .filter(fapiao_applications::Column::ApplicationNumber.eq(number))
                .one(&db)
                .await
                .unwrap()
                .unwrap();
            issued_fapiao::Entity::update_many()
                .col_expr(issued_fapiao::Column::CreatedAt, Expr::value(when))
                .filter(issued_fapiao::Column::ApplicationId.eq(a.id))
                .exec(&db)
                .await
                .unwrap();
        }
    };
    issued_at(&numbers[2], "2026-11-29T02:00:00Z").await; // 24 h; 11-29 in Shanghai
    issued_at(&numbers[3], "2026-11-29T17:00:00Z").await; // 231 h; 01:00 on 11-30 in Shanghai

    let d = app::admin::dashboard::service::dashboard(&app.db, now).await.unwrap();
    assert_eq!((d.open, d.overdue, d.due_today, d.later()), (2, 1, 1, 0));
    assert_eq!(d.history.issued_per_day.len(), 30);
    assert_eq!(d.history.issued_per_day.first().unwrap().date, "2026-11-01");
    let day = |date: &str| d.history.issued_per_day.iter().find(|x| x.date == date).unwrap().count;
    assert_eq!((day("2026-11-29"), day("2026-11-30"), day("2026-11-28")), (1, 1, 0));
    assert_eq!(d.history.issued_total(), 2);
    assert!((d.history.median_hours.unwrap() - 127.5).abs() < 0.01, "{:?}", d.history.median_hours);
    assert_eq!(d.history.on_time_percent, Some(50));

    // The queue opens with them (as of the real now), charts drawn as SVG with a text alternative.
    let (status, page) = app.page_as(&staff, "/admin").await;
    assert_eq!(status, 200);
    for fact in ["概览", "待处理", "已逾期", "<svg", "role=\"img\"", "<desc id=\"issued-svg-desc\">", "每日开具数量"]
    {
        assert!(page.contains(fact), "{fact} on /admin");
    }
    let (_, filtered) = app.page_as(&staff, "/admin?status=all").await;
    assert!(!filtered.contains("issued-svg-desc"), "a filtered queue is work, not a look");

    // Staff only: a customer on /admin gets the queue's "not found" and no figures.
    let (_, customer_page) = app.page_as(&lanyun, "/admin").await;
    assert!(!customer_page.contains("dashboard-heading") && !customer_page.contains("issued-svg-desc"));
    assert!(app.call_as(&lanyun, "admin/dashboard", &[]).await.status().is_client_error());
    assert!(app.call("admin/dashboard", &[]).await.status().is_client_error());
    let answered = app.call_as(&staff, "admin/dashboard", &[]).await;
    assert_eq!(answered.status(), 200);
}
