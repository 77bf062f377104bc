use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use server::{Application, Settings};
use std::net::SocketAddr;

pub struct TestApp {
    pub address: SocketAddr,
    pub db: DatabaseConnection,
    pub client: reqwest::Client,
    /// Kept alive for the test's duration: dropping it deletes the SQLite file.
    _data_dir: tempfile::TempDir,
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

    pub fn is_postgres(&self) -> bool {
        matches!(self.db.get_database_backend(), sea_orm::DatabaseBackend::Postgres)
    }
}

/// Which database this run of the suite uses, for messages.
pub fn backend_name() -> &'static str {
    if std::env::var_os("TEST_POSTGRES_URL").is_some() { "postgres" } else { "sqlite" }
}

/// Starts the application with a fresh database and returns once it accepts requests.
pub async fn spawn_app() -> TestApp {
    let data_dir = tempfile::tempdir().expect("a temporary folder");
    let database_url = match std::env::var("TEST_POSTGRES_URL") {
        Ok(admin_url) => fresh_postgres_database(&admin_url).await,
        Err(_) => format!("sqlite://{}", data_dir.path().join("fapiao.db").display()),
    };
    let mut settings = Settings::from_layers(None, &[]).expect("default settings load");
    settings.server.bind_address = "127.0.0.1:0".into();
    settings.database.url = database_url.clone();
    settings.database.max_connections = 5;
    settings.session.cookie_secure = false;
    settings.leptos.site_root = site_root();

    let application = Application::build(settings).await.expect("the application builds");
    let address = application.address();
    let db = application.state().db.clone();
    tokio::spawn(application.run_until(std::future::pending()));

    let client =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("an HTTP client");
    TestApp { address, db, client, _data_dir: data_dir }
}

/// `target/site` of the workspace, where cargo-leptos puts the front end.
fn site_root() -> String {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().expect("the server crate is in the workspace").join("target/site").display().to_string()
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
