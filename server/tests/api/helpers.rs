use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use server::{Application, Settings};
use std::net::SocketAddr;

pub struct TestApp {
    pub address: SocketAddr,
    pub db: DatabaseConnection,
    pub client: reqwest::Client,
    /// What the application was started with.
    pub settings: Settings,
    /// Kept alive for the test's duration: dropping it deletes the SQLite file.
    _data_dir: Option<tempfile::TempDir>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("the request reaches the server")
    }

    /// A GET with the language cookie the switch sets.
    pub async fn get_in(&self, locale: &str, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("cookie", format!("i18n_pref_locale={locale}"))
            .send()
            .await
            .expect("the request reaches the server")
    }

    /// Calls a server function as the hydrated page does: a form body, JSON answers and real
    /// status codes.
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/{endpoint}")))
            .form(form)
            .send()
            .await
            .expect("the request reaches the server")
    }

    /// The HTML of a page as a browser with this cookie sees it.
    pub async fn page_with_cookie(&self, path: &str, cookie: &str) -> String {
        let response = self.client.get(self.url(path)).header("cookie", cookie).send().await;
        response.expect("the request reaches the server").text().await.expect("a text body")
    }

    /// Follows a redirect (an absolute or site-relative Location) and returns the page's HTML.
    pub async fn follow(&self, response: &reqwest::Response) -> String {
        let location = response.headers()["location"].to_str().expect("a Location header");
        let url = if location.starts_with('/') { self.url(location) } else { location.to_owned() };
        self.client.get(url).send().await.expect("the request reaches the server").text().await.expect("a text body")
    }

    /// Logs in as a browser without JavaScript does and returns the session cookie
    /// (`fapiao_session=…`) to send with later requests.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let response = self
            .client
            .post(self.url("/api/login"))
            .header("accept", "text/html")
            .header("referer", self.url("/login"))
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .expect("the request reaches the server");
        let cookie = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("fapiao_session="))
            .unwrap_or_else(|| panic!("{email} could not log in: {}", response.status()));
        cookie.split(';').next().expect("a cookie value").to_owned()
    }

    /// Calls a server function with a session cookie, as the hydrated page does.
    pub async fn call_as(&self, cookie: &str, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/{endpoint}")))
            .header("cookie", cookie)
            .form(form)
            .send()
            .await
            .expect("the request reaches the server")
    }

    /// A GET as a logged-in browser sends it (a page, a download).
    pub async fn get_as(&self, cookie: &str, path: &str) -> reqwest::Response {
        let response = self.client.get(self.url(path)).header("cookie", cookie).send().await;
        response.expect("the request reaches the server")
    }

    /// A page as a logged-in browser gets it: status and HTML.
    pub async fn page_as(&self, cookie: &str, path: &str) -> (u16, String) {
        let response = self.get_as(cookie, path).await;
        (response.status().as_u16(), response.text().await.expect("a text body"))
    }

    /// Runs one SQL statement (for moving times into the past and similar set-ups).
    pub async fn execute(&self, sql: &str) {
        self.db
            .execute(Statement::from_string(self.db.get_database_backend(), sql.to_owned()))
            .await
            .expect("the statement runs");
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.db.get_database_backend(), sea_orm::DatabaseBackend::Postgres)
    }
}

/// Which database this run of the suite uses, for messages.
pub fn backend_name() -> &'static str {
    if std::env::var_os("TEST_POSTGRES_URL").is_some() { "postgres" } else { "sqlite" }
}

/// The demo people of `server::demo::LOGINS` as (email, password).
pub const LANYUN: (&str, &str) = demo_login(0);
pub const LILEI: (&str, &str) = demo_login(1);
pub const STAFF: (&str, &str) = demo_login(2);
pub const ADMIN: (&str, &str) = demo_login(3);

const fn demo_login(index: usize) -> (&'static str, &'static str) {
    let login = &server::demo::LOGINS[index];
    (login.email, login.password)
}

/// Starts the application with a fresh database and returns once it accepts requests.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// `spawn_app` with the demo data loaded (links in its emails point at 127.0.0.1:3000).
pub async fn spawn_app_with_demo() -> TestApp {
    let app = spawn_app().await;
    server::demo::load(&app.db, "http://127.0.0.1:3000").await.expect("the demo data loads");
    app
}

/// `spawn_app`, with the settings adjusted by `configure` first.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    let data_dir = tempfile::tempdir().expect("a temporary folder");
    let database_url = fresh_database_url(data_dir.path()).await;
    let mut settings = Settings::from_layers(None, &[]).expect("default settings load");
    settings.server.bind_address = "127.0.0.1:0".into();
    settings.database.url = database_url.clone();
    settings.database.max_connections = 5;
    settings.session.cookie_secure = false;
    // Like `make run`: the tests read mail the way a developer does (a development setting).
    settings.server.dev_mailbox = true;
    settings.leptos.site_root = site_root();
    settings.storage.files_dir = data_dir.path().join("files").display().to_string();
    configure(&mut settings);

    let application = Application::build(settings.clone()).await.expect("the application builds");
    let address = application.address();
    let db = application.state().db.clone();
    tokio::spawn(application.run_until(std::future::pending()));

    TestApp { address, db, client: client(), settings, _data_dir: Some(data_dir) }
}

/// A server that stops answering fails the test after a while instead of hanging the suite.
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .expect("an HTTP client")
}

/// A new, empty database of the backend under test: a SQLite file in `folder`, or a fresh
/// PostgreSQL database when `TEST_POSTGRES_URL` is set.
pub async fn fresh_database_url(folder: &std::path::Path) -> String {
    match std::env::var("TEST_POSTGRES_URL") {
        Ok(admin_url) => fresh_postgres_database(&admin_url).await,
        Err(_) => format!("sqlite://{}", folder.join("fapiao.db").display()),
    }
}

/// The real server binary running as a child process on `database_url`, with the demo data:
/// for what only a process can show, such as being killed mid-request. Killed when dropped.
pub struct ServerProcess {
    child: std::process::Child,
    pub app: TestApp,
}

impl ServerProcess {
    pub async fn start(database_url: &str, folder: &std::path::Path) -> Self {
        Self::start_through(std::process::Command::new(Self::BINARY), database_url, folder).await
    }

    pub const BINARY: &str = env!("CARGO_BIN_EXE_server");

    /// Starts the server through `command`, which ends by running its arguments: the
    /// server binary's `serve --demo` (for a command that prepares something first, such as a
    /// disk of its own). The file store is `folder/files`.
    pub async fn start_through(
        mut command: std::process::Command,
        database_url: &str,
        folder: &std::path::Path,
    ) -> Self {
        let address: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
        let mut child = command
            .args(["serve", "--demo"])
            .env("APP_DATABASE__URL", database_url)
            .env("APP_SERVER__BIND_ADDRESS", address.to_string())
            .env("APP_SESSION__COOKIE_SECURE", "false")
            .env("APP_STORAGE__FILES_DIR", folder.join("files"))
            .env("LEPTOS_SITE_ROOT", site_root())
            .env("APP_LOG__FILTER", "warn")
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(folder.join("server.log")).expect("a log file"))
            .spawn()
            .expect("the server binary starts");
        let client = client();
        for _ in 0..300 {
            if let Ok(response) = client.get(format!("http://{address}/readyz")).send().await
                && response.status().is_success()
            {
                let mut settings = Settings::from_layers(None, &[]).expect("default settings load");
                settings.database.url = database_url.to_owned();
                let db = server::database::connect(&settings.database).await.expect("the database is reachable");
                return Self { child, app: TestApp { address, db, client, settings, _data_dir: None } };
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the server process did not become ready on {address}");
    }

    /// The process id (for `/proc/{id}/root`: the files as the server sees them).
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL: no shutdown, no flushing — as a power cut or the OOM killer would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A second server process on the same database and file store as `first` (as a second
/// machine behind a load balancer would be), with `first`'s settings otherwise.
pub async fn spawn_second_server(first: &TestApp) -> TestApp {
    let shared = first.settings.clone();
    spawn_app_with(move |s| *s = Settings { server: s.server.clone(), ..shared }).await
}

fn workspace_root() -> &'static std::path::Path {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the server crate is in the workspace")
}

/// `target/site` of the workspace, where cargo-leptos puts the front end.
fn site_root() -> String {
    workspace_root().join("target/site").display().to_string()
}

/// A free local TCP port (free when this returns; good enough for tests).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

/// A real SMTP server (maildev, from npm) on a local port, with its HTTP API for reading
/// what it received. Stopped when dropped.
pub struct MailDev {
    pub smtp_port: u16,
    web_port: u16,
    child: std::process::Child,
}

impl MailDev {
    pub async fn start() -> Self {
        Self::start_on(free_port()).await
    }

    pub async fn start_on(smtp_port: u16) -> Self {
        let web_port = free_port();
        let program = workspace_root().join("node_modules/.bin/maildev");
        let child = std::process::Command::new(&program)
            .args(["--smtp", &smtp_port.to_string(), "--web", &web_port.to_string(), "--ip", "127.0.0.1", "--silent"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {} (run `npm ci` at the workspace root): {e}", program.display()));
        let mut maildev = Self { smtp_port, web_port, child };
        // Node starts slowly on a busy 2-core machine (the whole suite runs at once): up to 30 s.
        for _ in 0..300 {
            let smtp_up = tokio::net::TcpStream::connect(("127.0.0.1", smtp_port)).await.is_ok();
            if smtp_up && reqwest::get(maildev.api()).await.is_ok_and(|r| r.status().is_success()) {
                return maildev;
            }
            if let Ok(Some(exit)) = maildev.child.try_wait() {
                panic!("maildev exited ({exit}) instead of listening on ports {smtp_port}/{web_port}");
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("maildev did not start on ports {smtp_port}/{web_port} within 30 s");
    }

    fn api(&self) -> String {
        format!("http://127.0.0.1:{}/api/email", self.web_port)
    }

    pub async fn emails(&self) -> Vec<serde_json::Value> {
        reqwest::get(self.api()).await.expect("maildev answers").json().await.expect("maildev lists emails as JSON")
    }

    /// Waits (up to 15 s) until at least `count` emails arrived, and returns them all.
    pub async fn wait_for(&self, count: usize) -> Vec<serde_json::Value> {
        for _ in 0..150 {
            let emails = self.emails().await;
            if emails.len() >= count {
                return emails;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("expected {count} emails, maildev has {}", self.emails().await.len());
    }

    /// The bytes of an attachment of a received email, as maildev stored them.
    pub async fn attachment(&self, email: &serde_json::Value, index: usize) -> Vec<u8> {
        let file = &email["attachments"][index];
        let name = file["generatedFileName"].as_str().expect("an attachment with a stored name");
        let url = format!("{}/{}/attachment/{}", self.api(), email["id"].as_str().unwrap(), name);
        reqwest::get(url).await.expect("maildev answers").bytes().await.expect("the attachment").to_vec()
    }

    /// The received emails to `address` whose subject contains `text`.
    pub async fn to_with(&self, address: &str, text: &str) -> Vec<serde_json::Value> {
        self.emails()
            .await
            .into_iter()
            .filter(|e| e["to"].as_array().is_some_and(|to| to.iter().any(|t| t["address"] == address)))
            .filter(|e| e["subject"].as_str().is_some_and(|s| s.contains(text)))
            .collect()
    }

    /// Waits (up to 15 s) for an email to `address` whose subject contains `text`.
    pub async fn wait_for_one(&self, address: &str, text: &str) -> serde_json::Value {
        for _ in 0..150 {
            if let Some(email) = self.to_with(address, text).await.into_iter().next() {
                return email;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("no email to {address} about {text:?} arrived");
    }

    pub fn smtp_settings(&self) -> server::config::SmtpSettings {
        smtp_settings(self.smtp_port)
    }
}

pub fn smtp_settings(port: u16) -> server::config::SmtpSettings {
    server::config::SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        username: None,
        password: None,
        security: "none".into(),
        from: "发票管理中心 <fapiao@example.cn>".into(),
        retry_after_seconds: 30,
    }
}

impl Drop for MailDev {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Creates a new, empty PostgreSQL database and returns its URL.
async fn fresh_postgres_database(admin_url: &str) -> String {
    let name = format!("fapiao_test_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(admin_url).await.expect("PostgreSQL (TEST_POSTGRES_URL) is reachable");
    admin
        .execute(Statement::from_string(admin.get_database_backend(), format!("CREATE DATABASE \"{name}\"")))
        .await
        .expect("a test database can be created");
    let _ = admin.close().await;
    let (base, _) = admin_url.rsplit_once('/').expect("TEST_POSTGRES_URL ends with /<database>");
    format!("{base}/{name}")
}
