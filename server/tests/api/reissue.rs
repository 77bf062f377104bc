//! 换开 without a ticket: the customer asks for a new title or type after issue, checked by the
//! form's own rules; staff see it in the 红冲 work list and reverse the fapiao; the new
//! application then waits pre-filled with the new data, and confirming it issues anew.

use crate::admin_queue::{ELECTRONIC_ISSUE, PDF, act, issue, status, submitted};
use crate::applications::{LILEI_ORDER, confirm, key};
use crate::helpers::{LANYUN, LILEI, STAFF, spawn_app_with_demo};
use serde_json::Value;

#[tokio::test]
async fn a_re_issue_asked_for_by_the_customer_goes_through_the_reversal_into_a_prefilled_new_application() {
    let app = spawn_app_with_demo().await;
    let number = submitted(&app, "electronic").await;
    let customer = app.login(LILEI.0, LILEI.1).await;
    let ask = |title: &'static str, fapiao_type: &'static str, taxpayer_id: &'static str, reason: &'static str| {
        vec![
            ("number", number.clone()),
            ("reason", reason.to_owned()),
            ("buyer_type", "enterprise".to_owned()),
            ("fapiao_type", fapiao_type.to_owned()),
            ("title", title.to_owned()),
            ("taxpayer_id", taxpayer_id.to_owned()),
        ]
    };
    let call = |form: Vec<(&'static str, String)>| {
        let customer = customer.clone();
        let app = &app;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call_as(&customer, "request_reissue", &form).await
        }
    };
    let good = ask("李雷科技（北京）有限公司", "special", "91330106673959654P", "抬头应为公司");

    // Not before the fapiao is issued.
    assert_eq!(call(good.clone()).await.status(), 409);
    let staff = app.login(STAFF.0, STAFF.1).await;
    assert_eq!(act(&app, &staff, &number, "start", &[]).await.status(), 200);
    let r = issue(&app, &staff, &number, &ELECTRONIC_ISSUE, vec![("fapiao.pdf", PDF.to_vec())]).await;
    assert_eq!(r.status(), 200);

    // The new data is checked as the form checks it; a reason is required; another customer's
    // application is not found.
    let r = call(ask("李雷科技（北京）有限公司", "special", "91330106673959654X", "")).await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert!(body["Validation"]["taxpayer_id"].is_string() || body["Validation"]["taxpayer_id"].is_object());
    assert!(!body["Validation"]["reason"].is_null());
    let other = app.login(LANYUN.0, LANYUN.1).await;
    let form: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call_as(&other, "request_reissue", &form).await.status(), 404);

    // Asked once (a second request while it is open is a conflict); the timeline says so.
    assert_eq!(call(good.clone()).await.status(), 200);
    assert_eq!(call(good.clone()).await.status(), 409);
    let view: Value = app.call_as(&customer, "application", &[("number", &number)]).await.json().await.unwrap();
    assert_eq!(view["reissue"]["title"], "李雷科技（北京）有限公司");
    assert_eq!(view["reissue"]["resolved"], false);

    // Staff find it in the 红冲 work list, with the request, and reverse the fapiao.
    let queue: Value = app.call_as(&staff, "admin/queue", &[("filter[q]", "")]).await.json().await.unwrap();
    let listed = queue["reversals"].as_array().unwrap().iter().find(|r| r["number"] == number.as_str()).cloned();
    assert_eq!(listed.expect("in the reversal work")["reissue_requested"], true);
    let (_, page) = app.page_as(&staff, &format!("/admin/applications/{number}")).await;
    assert!(page.contains("客户的换开申请") && page.contains("抬头应为公司"));
    let start = [("reason", "issued_in_error"), ("confirmation_number", "44031225000000777777")];
    assert_eq!(act(&app, &staff, &number, "start_reversal", &start).await.status(), 200);
    let red = [("red_number", "26312000000077777777"), ("red_date", "2026-11-25")];
    assert_eq!(act(&app, &staff, &number, "complete_reversal", &red).await.status(), 200);
    assert_eq!(status(&app, &number).await, "reversed");

    // The bill's new form waits on its review step with the new data; confirmed, it is a new
    // application for the same bill, a 专票 to the new title.
    let form: Value =
        app.call_as(&customer, "application_form", &[("order_number", LILEI_ORDER)]).await.json().await.unwrap();
    assert_eq!(form["form"]["title"], "李雷科技（北京）有限公司");
    assert_eq!(form["form"]["fapiao_type"], "special");
    assert_eq!(form["form"]["taxpayer_id"], "91330106673959654P");
    let view: Value = app.call_as(&customer, "application", &[("number", &number)]).await.json().await.unwrap();
    assert_eq!(view["reissue"]["resolved"], true);
    let r = confirm(&app, &customer, LILEI_ORDER, &key(77)).await;
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(!location.contains(&number), "a new application: {location}");
    let new_number = location.trim_start_matches("/applications/").trim_end_matches("?submitted=1");
    let view: Value = app.call_as(&customer, "application", &[("number", new_number)]).await.json().await.unwrap();
    assert_eq!(
        (view["title"].as_str(), view["fapiao_type"].as_str()),
        (Some("李雷科技（北京）有限公司"), Some("special"))
    );
}
