//! Behind a real reverse proxy (Debian's nginx, which `make test` installs): nginx rewrites
//! `Host` to the upstream's (`proxy_set_header Host $proxy_host`) and appends the client to
//! `X-Forwarded-For`. Form posts from the public origin still pass the cross-site check, the
//! client address is the one nginx saw (not one the client wrote), and the dev mailbox and
//! `/metrics` stay closed to whoever comes through the proxy.

use crate::helpers::{STAFF, TestApp, free_port, spawn_app_with};
use app::backend::entities::login_attempts;
use sea_orm::{EntityTrait, QueryOrder};

const NGINX: &str = "/usr/sbin/nginx";

/// nginx on a free loopback port in front of `upstream`, until dropped.
struct Nginx {
    port: u16,
    child: std::process::Child,
    _dir: tempfile::TempDir,
}

impl Nginx {
    async fn start(port: u16, upstream: std::net::SocketAddr) -> Self {
        assert!(std::path::Path::new(NGINX).exists(), "{NGINX} is missing: `make test-deps` installs Debian's nginx");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().display().to_string();
        let config = format!(
            "daemon off;\nworker_processes 1;\npid {path}/nginx.pid;\nerror_log {path}/error.log;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n  access_log off;\n  client_body_temp_path {path}/body;\n  proxy_temp_path {path}/proxy;\n  \
             fastcgi_temp_path {path}/fastcgi;\n  uwsgi_temp_path {path}/uwsgi;\n  scgi_temp_path {path}/scgi;\n  \
             server {{\n    listen 127.0.0.1:{port};\n    location / {{\n      proxy_pass http://{upstream};\n      \
             proxy_set_header Host $proxy_host;\n      proxy_buffering off;\n      \
             proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n    }}\n  }}\n}}\n"
        );
        std::fs::write(dir.path().join("nginx.conf"), config).unwrap();
        let child = std::process::Command::new(NGINX)
            .args(["-p", &path, "-c", &format!("{path}/nginx.conf"), "-e", &format!("{path}/error.log")])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("nginx starts");
        // Owned from here on: dropping it (a failed start included) stops nginx and reaps it.
        let nginx = Self { port, child, _dir: dir };
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return nginx;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!(
            "nginx did not listen on {port}: {}",
            std::fs::read_to_string(format!("{path}/error.log")).unwrap_or_default()
        );
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The app behind nginx, trusting nginx's address (127.0.0.1) only.
async fn behind_nginx() -> (TestApp, Nginx) {
    let port = free_port();
    let app = spawn_app_with(move |s| {
        s.server.public_base_url = format!("http://127.0.0.1:{port}");
        s.server.trusted_proxies = vec!["127.0.0.1/32".into()];
    })
    .await;
    server::demo::load(&app.db, &app.settings.server.public_base_url).await.unwrap();
    let nginx = Nginx::start(port, app.address).await;
    (app, nginx)
}

/// A client of its own address (127.0.0.2, another loopback address): not nginx's.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn behind_a_proxy_that_rewrites_host_forms_work_and_the_client_is_the_one_nginx_saw() {
    let (app, nginx) = behind_nginx().await;
    let browser = browser();
    let origin = format!("http://127.0.0.1:{}", nginx.port);
    let login = |origin: String| {
        browser
            .post(nginx.url("/api/login"))
            .header("origin", origin)
            .header("x-forwarded-for", "203.0.113.9")
            .form(&[("email", STAFF.0), ("password", "wrong-password")])
            .send()
    };
    let wrong = login(origin.clone()).await.unwrap();
    assert_eq!(wrong.status(), 401, "the public origin's post reaches the login, though Host was rewritten");
    let attempt =
        login_attempts::Entity::find().order_by_desc(login_attempts::Column::Id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(attempt.ip, "127.0.0.2", "the address nginx saw, not the one the client wrote");
    let evil = login("https://evil.example".into()).await.unwrap();
    assert_eq!(evil.status(), 403, "another origin is still refused");

    let right = browser
        .post(nginx.url("/api/login"))
        .header("origin", &origin)
        .form(&[("email", STAFF.0), ("password", STAFF.1)])
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 200);
}

#[tokio::test]
async fn through_the_proxy_the_dev_mailbox_and_metrics_do_not_exist() {
    let (app, nginx) = behind_nginx().await;
    let browser = browser();
    assert_eq!(app.get("/dev/mailbox").await.status(), 200, "on for this machine (a development setting)");
    assert_eq!(browser.get(nginx.url("/dev/mailbox")).send().await.unwrap().status(), 404);
    assert_eq!(browser.get(nginx.url("/metrics")).send().await.unwrap().status(), 404);
    assert_eq!(app.get("/metrics").await.status(), 200, "the operator's scraper, directly");
}
