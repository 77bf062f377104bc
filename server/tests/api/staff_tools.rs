//! The service center's tools: accounts (find, resend activation, unlock, disable ending the
//! sessions), the audit log, the working-day calendar, the order import from the browser and
//! the CSV export. Customers reach none of them.

use crate::helpers::{LANYUN, LILEI, STAFF, TestApp, spawn_app_with_demo};
use app::backend::entities::{calendar_days, orders};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

async fn staff(app: &TestApp) -> String {
    app.login(STAFF.0, STAFF.1).await
}

async fn admin(app: &TestApp) -> String {
    app.login(crate::helpers::ADMIN.0, crate::helpers::ADMIN.1).await
}

async fn account_id(app: &TestApp, cookie: &str, email: &str) -> String {
    let found: Value = app.call_as(cookie, "admin/accounts", &[("q", email)]).await.json().await.unwrap();
    let row = found.as_array().unwrap().iter().find(|a| a["email"] == email).expect("the account is found");
    row["id"].to_string()
}

async fn act(app: &TestApp, cookie: &str, id: &str, action: &str) -> reqwest::Response {
    app.call_as(cookie, "admin/account_action", &[("account_id", id), ("action", action)]).await
}

#[tokio::test]
async fn disabling_an_account_ends_its_sessions_and_enabling_lets_it_back_in() {
    let app = spawn_app_with_demo().await;
    let staff = staff(&app).await;
    let lilei = app.login(LILEI.0, LILEI.1).await;
    assert_eq!(app.page_as(&lilei, "/bills").await.0, 200);

    let found: Value = app.call_as(&staff, "admin/accounts", &[("q", "LI.LEI")]).await.json().await.unwrap();
    assert_eq!(found.as_array().unwrap().len(), 1, "case-insensitive search by email: {found}");
    let id = account_id(&app, &staff, LILEI.0).await;

    assert_eq!(act(&app, &staff, &id, "disable").await.status(), 200);
    let (_, html) = app.page_as(&lilei, "/bills").await;
    assert!(!html.contains("MO-20261003-01"), "the session ended: the bills are gone");
    let login = app.call("login", &[("email", LILEI.0), ("password", LILEI.1)]).await;
    assert_eq!(login.status(), 401, "a disabled account cannot log in");

    let again = act(&app, &staff, &id, "disable").await;
    assert_eq!(again.status(), 409, "disabling twice is a conflict");
    assert_eq!(act(&app, &staff, &id, "enable").await.status(), 200);
    let lilei = app.login(LILEI.0, LILEI.1).await;
    assert!(app.page_as(&lilei, "/bills").await.1.contains("MO-20261003-01"));

    // Staff cannot lock themselves out, nor resend an activation to an active account.
    let own = account_id(&app, &staff, STAFF.0).await;
    assert_eq!(act(&app, &staff, &own, "disable").await.status(), 409);
    assert_eq!(act(&app, &staff, &id, "resend_activation").await.status(), 409);
    assert_eq!(act(&app, &staff, &id, "delete").await.status(), 400, "an unknown action is a bad request");

    // Every action is in the audit log, with who did it.
    let log: Value = app.call_as(&staff, "admin/audit", &[("q", "account.")]).await.json().await.unwrap();
    let actions: Vec<&str> = log["rows"].as_array().unwrap().iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["account.enable", "account.disable"], "newest first");
    assert_eq!(log["rows"][0]["actor"], STAFF.0);
    assert_eq!(log["rows"][0]["target"], format!("account {}", LILEI.0));
    let (status, html) = app.page_as(&staff, "/admin/audit?q=account.disable").await;
    assert_eq!(status, 200);
    assert!(html.contains("account.disable") && html.contains(STAFF.0));
}

#[tokio::test]
async fn an_account_locked_by_failed_logins_is_unlocked_by_staff() {
    let app = spawn_app_with_demo().await;
    for _ in 0..app::auth::service::ACCOUNT_FAILURES {
        app.call("login", &[("email", LANYUN.0), ("password", "wrong-password-1")]).await;
    }
    let refused = app.call("login", &[("email", LANYUN.0), ("password", LANYUN.1)]).await;
    assert_eq!(refused.status(), 429, "locked, even with the right password");

    let staff = staff(&app).await;
    let found: Value = app.call_as(&staff, "admin/accounts", &[("q", LANYUN.0)]).await.json().await.unwrap();
    assert_eq!(found[0]["locked"], true);
    let id = found[0]["id"].to_string();
    assert_eq!(act(&app, &staff, &id, "unlock").await.status(), 200);
    let login = app.call("login", &[("email", LANYUN.0), ("password", LANYUN.1)]).await;
    assert_eq!(login.status(), 200, "unlocked");
}

#[tokio::test]
async fn a_pending_account_gets_a_fresh_activation_link_from_staff() {
    let app = spawn_app_with_demo().await;
    let password = "Xinghe-finance-2026";
    let form = [
        ("order_number", "MO-20261002-01"),
        ("email", "new@xinghe.example.cn"),
        ("password", password),
        ("password_again", password),
    ];
    assert_eq!(app.call("register", &form).await.status(), 200);
    let staff = staff(&app).await;
    let id = account_id(&app, &staff, "new@xinghe.example.cn").await;
    let before = app::backend::entities::email_outbox::Entity::find().all(&app.db).await.unwrap().len();
    assert_eq!(act(&app, &staff, &id, "resend_activation").await.status(), 200);
    let outbox = app::backend::entities::email_outbox::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(outbox.len(), before + 1);
    assert_eq!(outbox.last().unwrap().kind, "activation");
    assert_eq!(outbox.last().unwrap().to_address, "new@xinghe.example.cn");
}

#[tokio::test]
async fn customers_reach_none_of_the_staff_tools() {
    let app = spawn_app_with_demo().await;
    let customer = app.login(LANYUN.0, LANYUN.1).await;
    for endpoint in ["admin/accounts", "admin/audit", "admin/calendar"] {
        assert_eq!(app.call_as(&customer, endpoint, &[]).await.status(), 404, "{endpoint}");
    }
    let r = app.call_as(&customer, "admin/account_action", &[("account_id", "1"), ("action", "disable")]).await;
    assert_eq!(r.status(), 404);
    let r = app.call_as(&customer, "admin/calendar_add", &[("days", "2027-01-01 holiday 元旦")]).await;
    assert_eq!(r.status(), 404);
    for page in ["/admin/accounts", "/admin/audit", "/admin/calendar", "/admin/orders"] {
        let (status, html) = app.page_as(&customer, page).await;
        assert!(status == 404 || !html.contains("<form method=\"post\" action=\"/admin/orders/import\""), "{page}");
        assert_eq!(status, 404, "{page}");
    }
    let (status, _) = app.page_as(&customer, "/admin/export/applications.csv?from=2026-01-01&to=2026-12-31").await;
    assert_eq!(status, 404);
    let upload = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("orders.csv"));
    let r = app
        .client
        .post(app.url("/admin/orders/import"))
        .header("cookie", &customer)
        .multipart(upload)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn next_years_holidays_are_added_all_or_nothing_and_shown_by_year() {
    let app = spawn_app_with_demo().await;
    let staff = admin(&app).await;
    let days = "2027-01-01 holiday 元旦 New Year's Day\n\n2027-02-06 workday 春节调休\n";
    let r = app.call_as(&staff, "admin/calendar_add", &[("days", days)]).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap(), 2);
    let year: Value = app.call_as(&staff, "admin/calendar", &[("year", "2027")]).await.json().await.unwrap();
    assert_eq!(year["days"].as_array().unwrap().len(), 2);
    assert_eq!(year["days"][1]["kind"], "workday");
    assert!(year["years"].as_array().unwrap().contains(&Value::from(2026)), "the bundled years are listed");

    // A bad line refuses the whole box and names the line; nothing is saved.
    let bad = "2027-04-05 holiday 清明节\n2027-02-30 holiday 不存在的日子\n";
    let r = app.call_as(&staff, "admin/calendar_add", &[("days", bad)]).await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["Validation"]["days"], serde_json::json!({ "BadLine": { "line": 2 } }));
    let april = calendar_days::Entity::find()
        .filter(calendar_days::Column::Day.eq(chrono::NaiveDate::from_ymd_opt(2027, 4, 5).unwrap()))
        .one(&app.db)
        .await
        .unwrap();
    assert!(april.is_none(), "all or nothing");
    assert_eq!(app.call_as(&staff, "admin/calendar_add", &[("days", "  \n")]).await.status(), 422);

    let (status, html) = app.page_as(&staff, "/admin/calendar?year=2027").await;
    assert_eq!(status, 200);
    assert!(html.contains("春节调休") && html.contains("2027-01-01"));
}

fn csv_upload(name: &str, body: &str) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(body.as_bytes().to_vec()).file_name(name.to_owned()))
}

#[tokio::test]
async fn an_admin_imports_an_order_file_from_the_browser_idempotently() {
    let app = spawn_app_with_demo().await;
    let staff = admin(&app).await;
    let csv = "\u{FEFF}order_number,customer_ref,customer_name,product,amount_fen,payer_name,buyer_email,status,paid_at\n\
               MO-20261124-01,CUST-2001,北辰数据有限公司,Azure,880000,北辰数据有限公司,ap@beichen.example.cn,paid,2026-11-24T02:00:00Z\n";
    let upload = |name: &str, body: &str| {
        app.client
            .post(app.url("/admin/orders/import"))
            .header("cookie", &staff)
            .multipart(csv_upload(name, body))
            .send()
    };
    let first: Value = upload("orders.csv", csv).await.unwrap().json().await.unwrap();
    assert_eq!((first["created"].as_u64(), first["emails_queued"].as_u64()), (Some(1), Some(1)));
    let second: Value = upload("orders.csv", csv).await.unwrap().json().await.unwrap();
    assert_eq!((second["created"].as_u64(), second["unchanged"].as_u64()), (Some(0), Some(1)));
    let stored =
        orders::Entity::find().filter(orders::Column::OrderNumber.eq("MO-20261124-01")).all(&app.db).await.unwrap();
    assert_eq!(stored.len(), 1);

    assert_eq!(upload("orders.xlsx", csv).await.unwrap().status(), 415);
    let broken = upload("orders.csv", "order_number,amount_fen\nMO-1,abc\n").await.unwrap();
    assert_eq!(broken.status(), 422);
    assert!(broken.text().await.unwrap().contains("amount_fen"), "the reason names the column");

    // A browser form is sent back to the page, which says what happened.
    let r = app
        .client
        .post(app.url("/admin/orders/import"))
        .header("cookie", &staff)
        .header("accept", "text/html")
        .multipart(csv_upload("orders.csv", csv))
        .send()
        .await
        .unwrap();
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, "/admin/orders?created=0&updated=0&unchanged=1&emails=0");
    let (_, html) = app.page_as(&staff, &location).await;
    assert!(html.contains("未变 1"), "the counts are on the page");
}

#[tokio::test]
async fn the_csv_export_opens_in_excel_with_chinese_intact_and_formulas_defused() {
    let app = spawn_app_with_demo().await;
    let number = crate::admin_queue::submitted(&app, "electronic").await;
    app.execute("UPDATE fapiao_applications SET title = '=HYPERLINK(\"http://evil.example\")'").await;
    let staff = staff(&app).await;
    let today = app::admin::queue::service::china_today(chrono::Utc::now());
    let url = format!("/admin/export/applications.csv?from={}&to={today}", today - chrono::Duration::days(1));
    let r = app.get_as(&staff, &url).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment; filename=\"applications-"));
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark, so Excel reads UTF-8");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(lines[0].starts_with("申请编号 Application,订单号 Order"), "{}", lines[0]);
    assert_eq!(lines.len(), 2, "one application: {text}");
    assert!(
        lines[1].starts_with(&format!(
            "{number},MO-20261003-01,submitted,电子发票（普通发票）,general,electronic,individual,"
        )),
        "{}",
        lines[1]
    );
    // 价税合计, 税率 and 税额 of the bill (6 %: 税额 = round(total × 6 / 106)).
    assert!(lines[0].contains("价税合计（元） Total incl. tax (CNY),税率 Tax rate,税额（元） Tax amount (CNY)"));
    assert!(lines[1].contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\""), "not a formula: {}", lines[1]);

    for bad in [
        "from=2026-13-01&to=2026-12-31",
        "from=2026-12-31&to=2026-01-01",
        "from=2020-01-01&to=2026-12-31",
        "to=2026-01-01",
    ] {
        let r = app
            .client
            .get(app.url(&format!("/admin/export/applications.csv?{bad}")))
            .header("cookie", &staff)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{bad}");
    }
}

/// Staff and admin are not the same power: staff work the queue and help customers; the order
/// import, the calendar, the maintenance switch and any action on a staff or admin account are
/// an admin's. Staff get 403 and the pages show them why the form is not there.
#[tokio::test]
async fn staff_can_never_do_what_only_an_admin_may() {
    use app::backend::entities::accounts;
    let app = spawn_app_with_demo().await;
    let staff = staff(&app).await;
    let admin = admin(&app).await;
    let admin_id = accounts::Entity::find()
        .filter(accounts::Column::Email.eq(crate::helpers::ADMIN.0))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let disable_admin = [("account_id", admin_id.as_str()), ("action", "disable")];
    assert_eq!(app.call_as(&staff, "admin/account_action", &disable_admin).await.status(), 403);
    assert_eq!(app.call_as(&staff, "admin/maintenance", &[("enabled", "true")]).await.status(), 403);
    let day = [("days", "2027-01-01 holiday 元旦")];
    assert_eq!(app.call_as(&staff, "admin/calendar_add", &day).await.status(), 403);
    let import = app
        .client
        .post(app.url("/admin/orders/import"))
        .header("cookie", &staff)
        .multipart(csv_upload("orders.csv", "order_number\n"))
        .send()
        .await
        .unwrap();
    assert_eq!(import.status(), 403);
    let still = accounts::Entity::find().filter(accounts::Column::Email.eq(crate::helpers::ADMIN.0)).one(&app.db);
    assert_eq!(still.await.unwrap().unwrap().status, app::domain::AccountStatus::Active, "nothing happened");

    // Staff still help customers; the admin may act on staff.
    let customer = accounts::Entity::find().filter(accounts::Column::Email.eq(LANYUN.0)).one(&app.db).await;
    let customer_id = customer.unwrap().unwrap().id.to_string();
    let unlock = [("account_id", customer_id.as_str()), ("action", "unlock")];
    assert_eq!(app.call_as(&staff, "admin/account_action", &unlock).await.status(), 200);
    let staff_id = accounts::Entity::find().filter(accounts::Column::Email.eq(STAFF.0)).one(&app.db).await;
    let staff_id = staff_id.unwrap().unwrap().id.to_string();
    let unlock_staff = [("account_id", staff_id.as_str()), ("action", "unlock")];
    assert_eq!(app.call_as(&admin, "admin/account_action", &unlock_staff).await.status(), 200);
    let (_, site) = app.page_as(&staff, "/admin/site").await;
    assert!(site.contains("只有管理员可以更改此项。"), "the page says why");
}

/// Production's first admin, without the demo loader: `server create-staff` makes the account
/// and prints a single-use link to set the password (no SMTP configured); the link sets it and
/// the admin logs in.
#[tokio::test]
async fn the_first_admin_is_created_from_the_command_line() {
    let app = crate::helpers::spawn_app().await;
    let output = std::process::Command::new(crate::helpers::ServerProcess::BINARY)
        .args(["create-staff", "--email", "Chief@Fapiao.example.cn", "--role", "admin"])
        .env("APP_DATABASE__URL", &app.settings.database.url)
        .env("APP_SERVER__PUBLIC_BASE_URL", "https://fapiao.example.cn")
        .env("APP_LOG__FILTER", "warn")
        .output()
        .expect("the server binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    let start = stdout.find("https://fapiao.example.cn/reset?token=").expect("the link is printed");
    let token: String =
        stdout[start..].trim_start_matches("https://fapiao.example.cn/reset?token=").chars().take(32).collect();
    let password = "Chief-admin-2026!";
    let set = [("token", token.as_str()), ("password", password), ("password_again", password)];
    assert_eq!(app.call("reset_password", &set).await.status(), 200);
    let landing = app.call("login", &[("email", "chief@fapiao.example.cn"), ("password", password)]).await;
    assert_eq!(landing.json::<serde_json::Value>().await.unwrap(), "/admin", "an admin lands in the service center");
    assert_eq!(app.call("reset_password", &set).await.status(), 404, "the link works once");

    let again = std::process::Command::new(crate::helpers::ServerProcess::BINARY)
        .args(["create-staff", "--email", "chief@fapiao.example.cn"])
        .env("APP_DATABASE__URL", &app.settings.database.url)
        .env("APP_LOG__FILTER", "warn")
        .output()
        .unwrap();
    assert!(!again.status.success(), "an email with an account is refused");
}
