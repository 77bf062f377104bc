//! Connecting to the database and bringing its schema up to date.

use crate::config::DatabaseSettings;
use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use std::time::Duration;

/// Opens a pool. For SQLite the file and its folder are created when missing, and the
/// connection is set up for a web server: WAL (readers never wait for the writer), a busy
/// timeout (writers wait instead of failing at once), foreign keys enforced.
pub async fn connect(settings: &DatabaseSettings) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(settings.url.clone());
    options
        .max_connections(settings.max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if let Some(path) = sqlite_path(&settings.url) {
        if let Some(parent) = std::path::Path::new(&path).parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("Failed to create the folder of the SQLite file {path}"))?;
        }
        let busy_timeout = Duration::from_millis(settings.sqlite_busy_timeout_ms);
        // A connection to a local file cannot be dropped by a network: the pool's test before
        // each acquire (a round trip to the connection's worker thread for every statement)
        // only costs time: about a tenth of the bills page's (1,030 → 1,139 req/s).
        options.test_before_acquire(false);
        options.map_sqlx_sqlite_opts(move |opts| {
            opts.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(busy_timeout)
                .foreign_keys(true)
        });
    }
    Database::connect(options)
        .await
        .with_context(|| format!("Failed to connect to the database at {}", redact(&settings.url)))
}

/// Applies every pending migration, then adds the bundled reference data that is not there
/// yet (the working-day calendar). Safe to run on every start and from several servers:
/// applied migrations are recorded in `seaql_migrations`, reference rows are only inserted.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await.context("Failed to apply the database migrations")?;
    app::backend::calendar::load_bundled(db).await.context("Failed to load the working-day calendar")
}

/// The file of a SQLite URL (`None` for PostgreSQL or an in-memory database).
pub fn sqlite_path(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| path.to_owned())
}

/// The URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_paths_are_found_in_the_url_forms_sqlx_accepts() {
        assert_eq!(sqlite_path("sqlite://data/fapiao.db").as_deref(), Some("data/fapiao.db"));
        assert_eq!(sqlite_path("sqlite:///tmp/x.db?mode=rwc").as_deref(), Some("/tmp/x.db"));
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://u@h/db"), None);
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(redact("postgres://fapiao:s3cret@db:5432/fapiao"), "postgres://fapiao:***@db:5432/fapiao");
        assert_eq!(redact("sqlite://data/fapiao.db"), "sqlite://data/fapiao.db");
    }
}
