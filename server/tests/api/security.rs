use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn pages_carry_a_nonce_csp_that_matches_their_scripts() {
    let app = spawn_app().await;
    let response = app.get("/").await;
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(csp.contains("'wasm-unsafe-eval'"));
    let nonce =
        csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce in the CSP").to_owned();
    let html = response.text().await.unwrap();
    assert!(html.contains(&format!(r#"nonce="{nonce}""#)), "the hydration script carries the CSP nonce");
    assert!(!csp.contains("unsafe-inline"));

    let other = app.get("/").await.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert_ne!(csp, other, "a new nonce for every page");
}

#[tokio::test]
async fn non_page_responses_get_the_strict_policy() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    let csp = response.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval';"));
    assert_eq!(response.headers()["x-frame-options"], "DENY");
}

#[tokio::test]
async fn cross_site_posts_are_refused_before_they_reach_any_handler() {
    let app = spawn_app().await;
    for (header, value) in [("sec-fetch-site", "cross-site"), ("origin", "https://evil.example")] {
        let response =
            app.client.post(app.url("/locale")).header(header, value).form(&[("locale", "en")]).send().await.unwrap();
        assert_eq!(response.status(), 403, "{header}: {value}");
        assert!(response.text().await.unwrap().contains("Cross-site request refused"));
    }
    let server_fn = app
        .client
        .post(app.url("/api/any_server_function"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(server_fn.status(), 403, "server functions are protected too");

    let same_origin = app
        .client
        .post(app.url("/locale"))
        .header("origin", format!("http://{}", app.address))
        .form(&[("locale", "en")])
        .send()
        .await
        .unwrap();
    assert_eq!(same_origin.status(), 303);
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let app = spawn_app().await;
    let body = vec![b'a'; 13 * 1024 * 1024];
    let response = app
        .client
        .post(app.url("/locale"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn undecodable_server_function_arguments_are_a_400_not_a_500() {
    let app = crate::helpers::spawn_app_with_demo().await;
    // `page` must be a number; `list_bills` never runs.
    let response = app.call("bills", &[("page", "first"), ("query", "")]).await;
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(body["Transport"].is_string(), "the reason is given: {body}");
    // A missing argument too.
    assert_eq!(app.call("login", &[("email", "a@b.cn")]).await.status(), 400);
}

#[tokio::test]
async fn hsts_is_sent_exactly_when_cookies_are_secure() {
    let plain = spawn_app().await;
    assert!(plain.get("/").await.headers().get("strict-transport-security").is_none(), "not on plain-http localhost");
    let secure = spawn_app_with(|s| s.session.cookie_secure = true).await;
    let response = secure.get("/").await;
    let hsts = response.headers()["strict-transport-security"].to_str().unwrap();
    assert!(hsts.starts_with("max-age=31536000"), "{hsts}");
    assert_eq!(response.headers()["referrer-policy"], "strict-origin-when-cross-origin");
}
