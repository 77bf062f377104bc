//! The title and address books: the customer's own entries only, checked as the application
//! form checks them, at most 50, one default (pre-filled in a new application form), and the
//! form offering the whole book.

use crate::helpers::{LANYUN, LILEI, STAFF, TestApp, spawn_app_with_demo};
use app::backend::entities::saved_titles;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

const LANYUN_TITLE: [(&str, &str); 3] = [
    ("entry[buyer_type]", "enterprise"),
    ("entry[title]", "蓝云科技（上海）有限公司"),
    ("entry[taxpayer_id]", "91330106673959654P"),
];

async fn titles(app: &TestApp, cookie: &str) -> Vec<Value> {
    app.call_as(cookie, "books/titles", &[]).await.json().await.unwrap()
}

async fn add(app: &TestApp, cookie: &str, title: &str, taxpayer_id: &str) -> reqwest::Response {
    let form = [("entry[buyer_type]", "enterprise"), ("entry[title]", title), ("entry[taxpayer_id]", taxpayer_id)];
    app.call_as(cookie, "books/save_title", &form).await
}

#[tokio::test]
async fn a_customer_keeps_titles_checked_as_the_form_checks_them() {
    let app = spawn_app_with_demo().await;
    let cookie = app.login(LILEI.0, LILEI.1).await;
    assert!(titles(&app, &cookie).await.is_empty());
    assert_eq!(app.call_as(&cookie, "books/save_title", &LANYUN_TITLE).await.status(), 200);

    // Refused with each field's reason, and nothing stored.
    let refused = add(&app, &cookie, "", "91330106673959654X").await;
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["Validation"]["title"], "Required", "{body}");
    assert_eq!(body["Validation"]["taxpayer_id"], "BadCheckCharacter", "{body}");
    let person_with_bank =
        [("entry[buyer_type]", "individual"), ("entry[title]", "李雷"), ("entry[bank_name]", "招商银行")];
    assert_eq!(app.call_as(&cookie, "books/save_title", &person_with_bank).await.status(), 422);
    assert_eq!(titles(&app, &cookie).await.len(), 1);

    // Edited in place.
    let id = titles(&app, &cookie).await[0]["id"].to_string();
    let mut edit = LANYUN_TITLE.to_vec();
    edit.push(("id", &id));
    edit.push(("entry[bank_name]", "招商银行上海张江支行"));
    edit.push(("entry[bank_account]", "6222021001123456"));
    assert_eq!(app.call_as(&cookie, "books/save_title", &edit).await.status(), 200);
    let book = titles(&app, &cookie).await;
    assert_eq!(book.len(), 1);
    assert_eq!(book[0]["input"]["bank_name"], "招商银行上海张江支行");
    let (status, html) = app.page_as(&cookie, "/account/titles").await;
    assert_eq!(status, 200);
    assert!(html.contains("蓝云科技（上海）有限公司") && html.contains("常用抬头"));
    let (status, html) = app.page_as(&cookie, &format!("/account/titles/{id}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("招商银行上海张江支行") && html.contains("编辑抬头"));

    // Another customer's entry is not there for anyone else; staff have no book.
    let other = app.login(LANYUN.0, LANYUN.1).await;
    assert_eq!(app.call_as(&other, "books/title", &[("id", &id)]).await.status(), 404);
    let mut theirs = LANYUN_TITLE.to_vec();
    theirs.push(("id", &id));
    assert_eq!(app.call_as(&other, "books/save_title", &theirs).await.status(), 404);
    assert_eq!(app.call_as(&other, "books/delete_title", &[("id", &id)]).await.status(), 404);
    assert_eq!(app.call_as(&other, "books/default_title", &[("id", &id)]).await.status(), 404);
    assert_eq!(app.page_as(&other, &format!("/account/titles/{id}")).await.0, 404);
    let staff = app.login(STAFF.0, STAFF.1).await;
    assert_eq!(app.call_as(&staff, "books/titles", &[]).await.status(), 404);
    assert_eq!(app.call("books/titles", &[]).await.status(), 401);
    assert_eq!(titles(&app, &cookie).await[0]["input"]["bank_name"], "招商银行上海张江支行", "unchanged");

    assert_eq!(app.call_as(&cookie, "books/delete_title", &[("id", &id)]).await.status(), 200);
    assert!(titles(&app, &cookie).await.is_empty());
    assert_eq!(app.call_as(&cookie, "books/delete_title", &[("id", &id)]).await.status(), 404);
}

#[tokio::test]
async fn a_book_holds_fifty_and_one_default_which_a_new_application_starts_with() {
    let app = spawn_app_with_demo().await;
    let cookie = app.login(LANYUN.0, LANYUN.1).await;
    for i in 0..50 {
        assert_eq!(add(&app, &cookie, &format!("蓝云分公司 {i}"), "91330106673959654P").await.status(), 200);
    }
    let full = add(&app, &cookie, "第五十一个", "91330106673959654P").await;
    assert_eq!(full.status(), 422);
    assert_eq!(full.json::<Value>().await.unwrap()["Validation"]["title"]["TooMany"]["max"], 50);

    // Two defaults chosen at once: one wins, the book never holds two.
    let book = titles(&app, &cookie).await;
    let (a, b) = (book[10]["id"].to_string(), book[20]["id"].to_string());
    let (form_a, form_b) = ([("id", a.as_str())], [("id", b.as_str())]);
    let (first, second) = tokio::join!(
        app.call_as(&cookie, "books/default_title", &form_a),
        app.call_as(&cookie, "books/default_title", &form_b),
    );
    assert_eq!((first.status(), second.status()), (reqwest::StatusCode::OK, reqwest::StatusCode::OK));
    let defaults = saved_titles::Entity::find().filter(saved_titles::Column::IsDefault.eq(true)).count(&app.db).await;
    assert_eq!(defaults.unwrap(), 1);
    // As the book's page posts it (a plain form): back to the book, which says so.
    let page = app.page_as(&cookie, "/account/titles").await.1;
    assert!(page.contains(r#"action="/api/books/default_title""#), "the page's form posts there");
    let r = app
        .client
        .post(app.url("/api/books/default_title"))
        .header("cookie", &cookie)
        .header("accept", "text/html")
        .header("referer", app.url("/account/titles"))
        .form(&[("id", &a)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/account/titles?done=default");
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(app.page_as(&cookie, &location).await.1.contains("已设为默认"));
    let book = titles(&app, &cookie).await;
    assert_eq!(book[0]["id"].to_string(), a, "the default comes first");
    assert_eq!(book[0]["is_default"], true);
    let default_title = book[0]["input"]["title"].as_str().unwrap().to_owned();

    // A bill without a draft starts with the default title; the form offers the whole book.
    let context: Value =
        app.call_as(&cookie, "application_form", &[("order_number", "MO-20261001-03")]).await.json().await.unwrap();
    assert_eq!(context["form"]["title"], default_title.as_str());
    assert_eq!(context["saved_titles"].as_array().unwrap().len(), 50);
    assert_eq!(context["saved_titles"][0]["title"], default_title.as_str());
}

#[tokio::test]
async fn a_customer_adds_and_edits_addresses_checked_as_the_form_checks_a_courier_address() {
    let app = spawn_app_with_demo().await;
    let cookie = app.login(LILEI.0, LILEI.1).await;
    let address = |mobile: &'static str, province: &'static str, city: &'static str, street: &'static str| {
        vec![
            ("entry[recipient]", "韩梅梅"),
            ("entry[mobile]", mobile),
            ("entry[province]", province),
            ("entry[city]", city),
            ("entry[district]", "110108"),
            ("entry[street]", street),
            ("entry[postal_code]", "100080"),
        ]
    };

    // Refused field by field: a mobile that is none; a city not of the province; nothing kept.
    let r = app.call_as(&cookie, "books/save_address", &address("12345", "11", "1101", "中关村大街 1 号")).await;
    assert_eq!(r.status(), 422);
    assert!(!r.json::<Value>().await.unwrap()["Validation"]["mobile"].is_null());
    let r = app.call_as(&cookie, "books/save_address", &address("13812345678", "31", "1101", "中关村大街 1 号")).await;
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["Validation"]["city"], "NotOffered");
    assert!(address_list(&app, &cookie).await.is_empty());

    // Added, then edited on its own form (which offers the province's cities).
    let r = app.call_as(&cookie, "books/save_address", &address("13812345678", "11", "1101", "中关村大街 1 号")).await;
    assert_eq!(r.status(), 200);
    let id = address_list(&app, &cookie).await[0]["id"].as_i64().unwrap().to_string();
    let form: Value = app.call_as(&cookie, "books/address_form", &[("id", id.as_str())]).await.json().await.unwrap();
    assert_eq!(form["input"]["district"], "110108");
    assert!(form["divisions"]["cities"].as_array().unwrap().iter().any(|c| c[0] == "1101"));
    let mut edited = address("13812345678", "11", "1101", "中关村大街 27 号");
    edited.push(("id", id.as_str()));
    assert_eq!(app.call_as(&cookie, "books/save_address", &edited).await.status(), 200);
    let listed = address_list(&app, &cookie).await;
    assert_eq!(listed.len(), 1);
    assert!(listed[0]["address"].as_str().unwrap().contains("中关村大街 27 号"), "{listed:?}");

    // Another customer's address is not found, to read or to change.
    let other = app.login(LANYUN.0, LANYUN.1).await;
    assert_eq!(app.call_as(&other, "books/address_form", &[("id", id.as_str())]).await.status(), 404);
    assert_eq!(app.call_as(&other, "books/save_address", &edited).await.status(), 404);
}

async fn address_list(app: &TestApp, cookie: &str) -> Vec<Value> {
    app.call_as(cookie, "books/addresses", &[]).await.json().await.unwrap()
}
