//! The customer API (`/api/v1`) with personal access tokens: the token's life (made on the
//! account page, shown once, used, expired, revoked), another customer's records answering
//! 404, the rate limit (429 with Retry-After), an application made idempotently for several
//! bills with a saved title and its issued file downloaded, and the OpenAPI document covering
//! every route the API serves.

use crate::admin_queue::{PDF, act, issue};
use crate::helpers::{LANYUN, LILEI, STAFF, TestApp, spawn_app_with, spawn_app_with_demo};
use app::backend::entities::{access_tokens, application_bills, fapiao_applications};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

const FIRST: &str = "MO-20261001-01"; // 蓝云, ¥15,840.00
const SECOND: &str = "MO-20261001-02"; // 蓝云, ¥3,168.00
const LILEI_BILL: &str = "MO-20261003-01";

/// Makes a token on the account page as a browser does; returns it (from the cookie that
/// carries it to the page, once).
pub async fn make_token(app: &TestApp, cookie: &str, name: &str, days: &str) -> String {
    let response = app.call_as(cookie, "create_api_token", &[("name", name), ("days", days)]).await;
    assert_eq!(response.status(), 200, "{name}");
    let set = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("fapiao_new_token="))
        .expect("the new token is handed to the page")
        .to_owned();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Path=/account/tokens"),
        "{set}"
    );
    set.trim_start_matches("fapiao_new_token=").split(';').next().unwrap().to_owned()
}

async fn api_get(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.client.get(app.url(path)).bearer_auth(token).send().await.expect("the request reaches the server")
}

pub async fn api_apply(app: &TestApp, token: &str, key: &str, body: &Value) -> reqwest::Response {
    let mut request = app.client.post(app.url("/api/v1/applications")).bearer_auth(token).json(body);
    if !key.is_empty() {
        request = request.header("Idempotency-Key", key);
    }
    request.send().await.expect("the request reaches the server")
}

/// Saves 蓝云's title in the book; returns its id.
pub async fn saved_title(app: &TestApp, cookie: &str) -> i64 {
    let form = [
        ("entry[buyer_type]", "enterprise"),
        ("entry[title]", "蓝云科技（上海）有限公司"),
        ("entry[taxpayer_id]", "91330106673959654P"),
    ];
    assert_eq!(app.call_as(cookie, "books/save_title", &form).await.status(), 200);
    let titles: Vec<Value> = app.call_as(cookie, "books/titles", &[]).await.json().await.unwrap();
    titles[0]["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_token_is_shown_once_works_until_it_expires_or_is_revoked_and_sees_only_its_customer() {
    let app = spawn_app_with_demo().await;
    let lanyun = app.login(LANYUN.0, LANYUN.1).await;
    let token = make_token(&app, &lanyun, "财务系统", "90").await;
    assert!(token.starts_with("fpc_") && token.len() == 68, "{token}");

    // Only its hash is stored; the page shows it this once, then the list without it.
    let stored = access_tokens::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].token_hash.contains(&token[4..]) && stored[0].token_hash.len() == 64);
    let (status, page) = app.page_as(&format!("{lanyun}; fapiao_new_token={token}"), "/account/tokens").await;
    assert_eq!(status, 200);
    assert!(page.contains(&token) && page.contains("财务系统"), "the new token on the page");
    let (_, later) = app.page_as(&lanyun, "/account/tokens").await;
    assert!(!later.contains(&token) && later.contains("财务系统") && later.contains("从未使用"));

    // It lists the customer's bills.
    let response = api_get(&app, &token, "/api/v1/bills?per_page=100").await;
    assert_eq!(response.status(), 200);
    let list: Value = response.json().await.unwrap();
    let numbers: Vec<&str> =
        list["bills"].as_array().unwrap().iter().map(|b| b["order_number"].as_str().unwrap()).collect();
    assert!(numbers.contains(&FIRST) && !numbers.contains(&LILEI_BILL), "{numbers:?}");
    let first = list["bills"].as_array().unwrap().iter().find(|b| b["order_number"] == FIRST).unwrap();
    assert_eq!((first["amount_fen"].as_i64(), first["amount"].as_str()), (Some(1_584_000), Some("15840.00")));
    assert_eq!(first["fapiao_status"], "not_applied");
    let (_, used) = app.page_as(&lanyun, "/account/tokens").await;
    assert!(!used.contains("从未使用"), "the last use is shown");

    // Wrong, missing or malformed tokens: 401 with a reason, never the bills.
    let last = if token.ends_with('0') { '1' } else { '0' };
    let wrong = format!("{}{last}", &token[..67]);
    for bad in [wrong.as_str(), "fpc_", "not-a-token", ""] {
        let response = api_get(&app, bad, "/api/v1/bills").await;
        assert_eq!(response.status(), 401, "{bad}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"], "unauthorized");
    }
    let no_header = app.client.get(app.url("/api/v1/bills")).send().await.unwrap();
    assert_eq!(no_header.status(), 401);
    // The session cookie does not open the API.
    assert_eq!(app.get_as(&lanyun, "/api/v1/bills").await.status(), 401);

    // Another customer's token sees none of 蓝云's records.
    let lilei = app.login(LILEI.0, LILEI.1).await;
    let other = make_token(&app, &lilei, "李雷的脚本", "30").await;
    let theirs: Value = api_get(&app, &other, "/api/v1/bills").await.json().await.unwrap();
    assert!(theirs["bills"].as_array().unwrap().iter().all(|b| b["order_number"] != FIRST));

    // Staff make no tokens: the API is the customers'.
    let staff = app.login(STAFF.0, STAFF.1).await;
    assert!(app.call_as(&staff, "create_api_token", &[("name", "x"), ("days", "30")]).await.status().is_client_error());

    // Bad input on the page: field reasons, nothing stored.
    let refused = app.call_as(&lanyun, "create_api_token", &[("name", " "), ("days", "30")]).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(refused.json::<Value>().await.unwrap()["Validation"]["name"], "Required");
    let refused = app.call_as(&lanyun, "create_api_token", &[("name", "x"), ("days", "10000")]).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(access_tokens::Entity::find().count(&app.db).await.unwrap(), 2);

    // Expired: 401.
    app.execute("UPDATE access_tokens SET expires_at = created_at WHERE name = '李雷的脚本'").await;
    assert_eq!(api_get(&app, &other, "/api/v1/bills").await.status(), 401);

    // Revoked (only by its owner): 401 from then on.
    let id = stored[0].id.to_string();
    assert_eq!(app.call_as(&lilei, "revoke_api_token", &[("id", &id)]).await.status(), 404, "not李雷's token");
    assert_eq!(api_get(&app, &token, "/api/v1/bills").await.status(), 200);
    assert_eq!(app.call_as(&lanyun, "revoke_api_token", &[("id", &id)]).await.status(), 200);
    assert_eq!(api_get(&app, &token, "/api/v1/bills").await.status(), 401);
    let (_, page) = app.page_as(&lanyun, "/account/tokens").await;
    assert!(page.contains("已撤销"));
}

#[tokio::test]
async fn an_application_for_two_bills_is_made_once_per_key_followed_and_its_file_downloaded() {
    let app = spawn_app_with_demo().await;
    let lanyun = app.login(LANYUN.0, LANYUN.1).await;
    let token = make_token(&app, &lanyun, "ERP", "30").await;
    let title_id = saved_title(&app, &lanyun).await;
    let titles: Value = api_get(&app, &token, "/api/v1/titles").await.json().await.unwrap();
    assert_eq!(titles[0]["id"].as_i64(), Some(title_id));
    assert_eq!(
        (titles[0]["title"].as_str(), titles[0]["taxpayer_id"].as_str()),
        (Some("蓝云科技（上海）有限公司"), Some("91330106673959654P"))
    );
    let body = json!({
        "bills": [FIRST, SECOND],
        "title_id": title_id,
        "fapiao_type": "general",
        "emails": [LANYUN.0],
        "remark": "PO-2026-118",
    });

    // Without a key: refused, nothing made.
    let response = api_apply(&app, &token, "", &body).await;
    assert_eq!(response.status(), 422);
    assert_eq!(response.json::<Value>().await.unwrap()["fields"]["idempotency_key"], "bad_format");

    // Bad input: each refused with its reason, nothing made.
    let cases = [
        (json!({ "bills": [], "title_id": title_id, "fapiao_type": "general", "emails": [LANYUN.0] }), 422, "bills"),
        (
            json!({ "bills": [FIRST], "title_id": 999_999, "fapiao_type": "general", "emails": [LANYUN.0] }),
            422,
            "title_id",
        ),
        (
            json!({ "bills": [FIRST], "title_id": title_id, "fapiao_type": "gold", "emails": [LANYUN.0] }),
            422,
            "fapiao_type",
        ),
        (
            json!({ "bills": [FIRST], "title_id": title_id, "fapiao_type": "general", "emails": ["nobody"] }),
            422,
            "delivery_emails",
        ),
        (
            json!({ "bills": [FIRST, LILEI_BILL], "title_id": title_id, "fapiao_type": "general", "emails": [LANYUN.0] }),
            404,
            "",
        ),
        (json!({ "bills": "MO-1", "title_id": title_id }), 400, ""),
        (
            json!({ "bills": [FIRST], "title_id": title_id, "fapiao_type": "general", "emails": [LANYUN.0], "extra": 1 }),
            400,
            "",
        ),
    ];
    for (i, (bad, status, field)) in cases.iter().enumerate() {
        let response = api_apply(&app, &token, &format!("bad-{i}"), bad).await;
        assert_eq!(response.status().as_u16(), *status, "{bad}");
        let answer: Value = response.json().await.unwrap();
        if !field.is_empty() {
            assert!(answer["fields"][field].is_string(), "{field} refused: {answer}");
        }
    }
    assert_eq!(fapiao_applications::Entity::find().count(&app.db).await.unwrap(), 0);

    // Made once; the same key again answers the same application.
    let key = "4f1c2a52-6a0e-4df2-9a8e-1b1c4b0a7c11";
    let response = api_apply(&app, &token, key, &body).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    let number = created["number"].as_str().unwrap().to_owned();
    assert_eq!(created["status"], "submitted");
    assert_eq!(created["bills"], json!([FIRST, SECOND]));
    assert_eq!(
        (created["amount_fen"].as_i64(), created["amount"].as_str()),
        (Some(1_584_000 + 316_800), Some("19008.00"))
    );
    assert_eq!(created["title"], "蓝云科技（上海）有限公司");
    let again: Value = api_apply(&app, &token, key, &body).await.json().await.unwrap();
    assert_eq!(again["number"], number.as_str());
    assert_eq!(fapiao_applications::Entity::find().count(&app.db).await.unwrap(), 1);
    assert_eq!(application_bills::Entity::find().count(&app.db).await.unwrap(), 2);
    // The key with another first bill is the client's mistake; a new key for a bill already
    // applied for is refused with the bill.
    let other_first =
        json!({ "bills": [SECOND], "title_id": title_id, "fapiao_type": "general", "emails": [LANYUN.0] });
    assert_eq!(api_apply(&app, &token, key, &other_first).await.status(), 409);
    let response = api_apply(&app, &token, "a-new-key", &other_first).await;
    assert_eq!(response.status(), 422);
    assert_eq!(response.json::<Value>().await.unwrap()["fields"]["bills"], "bill_not_free");

    // Followed; the bills show it.
    let status: Value = api_get(&app, &token, &format!("/api/v1/applications/{number}")).await.json().await.unwrap();
    assert_eq!(status["status"], "submitted");
    assert!(status["fapiao"].is_null());
    let bills: Value = api_get(&app, &token, &format!("/api/v1/bills?q={SECOND}")).await.json().await.unwrap();
    assert_eq!(bills["bills"][0]["application_number"], number.as_str());

    // Issued by the service center; the file downloads with the token.
    let staff = app.login(STAFF.0, STAFF.1).await;
    assert_eq!(act(&app, &staff, &number, "start", &[]).await.status(), 200);
    let fields = [("fapiao_number", "26312000000088880001"), ("issue_date", "2026-11-30"), ("amount", "19008.00")];
    let r = issue(&app, &staff, &number, &fields, vec![("fapiao.pdf", PDF.to_vec())]).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let status: Value = api_get(&app, &token, &format!("/api/v1/applications/{number}")).await.json().await.unwrap();
    assert_eq!(status["status"], "issued");
    assert_eq!(status["fapiao"]["number"], "26312000000088880001");
    let href = status["fapiao"]["files"][0]["href"].as_str().unwrap().to_owned();
    let file = api_get(&app, &token, &href).await;
    assert_eq!(file.status(), 200);
    assert!(file.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert_eq!(file.bytes().await.unwrap().as_ref(), PDF);

    // Another customer's token: 404 for the application and its file, as for none at all.
    let lilei = app.login(LILEI.0, LILEI.1).await;
    let other = make_token(&app, &lilei, "other", "30").await;
    for path in [format!("/api/v1/applications/{number}"), href.clone(), "/api/v1/applications/FP0".to_owned()] {
        let response = api_get(&app, &other, &path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(response.json::<Value>().await.unwrap()["error"], "not_found");
    }
}

#[tokio::test]
async fn a_token_over_its_rate_limit_is_told_when_to_retry() {
    let app = spawn_app_with(|settings| settings.site.api_requests_per_minute = 3).await;
    server::demo::load(&app.db, "http://127.0.0.1:3000").await.expect("the demo data loads");
    let lanyun = app.login(LANYUN.0, LANYUN.1).await;
    let token = make_token(&app, &lanyun, "busy", "30").await;
    let other = make_token(&app, &lanyun, "quiet", "30").await;
    for _ in 0..3 {
        assert_eq!(api_get(&app, &token, "/api/v1/bills").await.status(), 200);
    }
    let refused = api_get(&app, &token, "/api/v1/bills").await;
    assert_eq!(refused.status(), 429);
    let retry: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(refused.json::<Value>().await.unwrap()["error"], "rate_limited");
    // The limit is the token's: another token of the same customer goes on.
    assert_eq!(api_get(&app, &other, "/api/v1/bills").await.status(), 200);
}

#[tokio::test]
async fn the_openapi_document_is_served_and_describes_every_route_the_api_serves() {
    let app = spawn_app_with_demo().await;
    let response = app.client.get(app.url("/api/v1/openapi.json")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let document: Value = response.json().await.unwrap();
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1."), "{}", document["openapi"]);
    assert_eq!(document["components"]["securitySchemes"]["token"]["scheme"], "bearer");

    // Every documented operation is served: without a token each answers 401 (the document
    // itself 200), never 404 or 405.
    let mut operations = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let concrete = path.replace("{number}", "FP2026113000000001").replace("{id}", "1");
            let request = app.client.request(method.to_uppercase().parse().unwrap(), app.url(&concrete));
            let status = request.json(&json!({})).send().await.unwrap().status().as_u16();
            let expected = if path == "/api/v1/openapi.json" { 200 } else { 401 };
            assert_eq!(status, expected, "{method} {path}");
            operations += 1;
        }
    }
    assert_eq!(operations, 6);
    // And what is not documented is not served: the API's own 404 in JSON.
    for (method, path) in [("GET", "/api/v1/tokens"), ("DELETE", "/api/v1/bills"), ("GET", "/api/v1")] {
        let response = app.client.request(method.parse().unwrap(), app.url(path)).send().await.unwrap();
        assert!([404, 405].contains(&response.status().as_u16()), "{method} {path}: {}", response.status());
    }
    // The document on disk (docs/openapi.json) is the one served.
    let on_disk = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/openapi.json")).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&on_disk).unwrap(),
        document,
        "run `make openapi` and commit docs/openapi.json"
    );
}
