//! Backing up and restoring the embedded default: the SQLite database and the uploaded
//! e-fapiao files, as one folder (`fapiao.db` and `files/`).
//!
//! A backup is taken while the server runs: `VACUUM INTO` writes a consistent snapshot of the
//! database (one read transaction, so a write in progress is either wholly in it or not at
//! all) without stopping writers; the files are copied after it. Files are written before
//! the row that names them and never change, so every file the snapshot names is in the copy.
//! A restore needs the server stopped; it checks the backup first and keeps the database it
//! replaces next to it. PostgreSQL has its own tools (`pg_dump`, `pg_restore`).

use crate::config::Settings;
use crate::database;
use anyhow::{Context, bail};
use sea_orm::{ConnectionTrait, Statement};
use std::path::{Path, PathBuf};

/// The database file inside a backup folder.
pub const DATABASE_FILE: &str = "fapiao.db";
/// The uploaded files inside a backup folder.
pub const FILES_FOLDER: &str = "files";

/// What a backup or restore copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub database_bytes: u64,
    pub files: usize,
}

fn sqlite_file(settings: &Settings) -> anyhow::Result<PathBuf> {
    match database::sqlite_path(&settings.database.url) {
        Some(path) => Ok(PathBuf::from(path)),
        None => bail!(
            "Backup and restore here are for the SQLite database; for PostgreSQL ({}) use pg_dump and pg_restore",
            database::redact(&settings.database.url)
        ),
    }
}

/// Writes a backup of the running system into `target`, a folder that must not exist yet.
pub async fn backup(settings: &Settings, target: &Path) -> anyhow::Result<Report> {
    sqlite_file(settings)?;
    if target.exists() {
        bail!("{} already exists; a backup never overwrites anything", target.display());
    }
    std::fs::create_dir_all(target).with_context(|| format!("Failed to create {}", target.display()))?;
    let snapshot = target.join(DATABASE_FILE);
    let db = database::connect(&settings.database).await?;
    let path = snapshot.to_str().context("The backup folder's path is not valid UTF-8")?;
    db.execute(Statement::from_string(
        db.get_database_backend(),
        format!("VACUUM INTO '{}'", path.replace('\'', "''")),
    ))
    .await
    .context("Failed to write the database snapshot")?;
    db.close().await.ok();
    let files = copy_files(Path::new(&settings.storage.files_dir), &target.join(FILES_FOLDER))?;
    Ok(Report { database_bytes: std::fs::metadata(&snapshot)?.len(), files })
}

/// Replaces the database with the one in the backup folder `source` and adds its files.
/// The server must be stopped. The replaced database is kept as `<file>.before-restore`.
pub async fn restore(settings: &Settings, source: &Path) -> anyhow::Result<Report> {
    let live = sqlite_file(settings)?;
    let snapshot = source.join(DATABASE_FILE);
    if !snapshot.is_file() {
        bail!("{} has no {DATABASE_FILE}: is it a backup folder?", source.display());
    }
    if std::net::TcpListener::bind(&settings.server.bind_address).is_err() {
        bail!("Something is listening on {}: stop the server before restoring", settings.server.bind_address);
    }
    check(&snapshot).await?;

    // Copied next to the live file first, so the swap is a rename on the same disk.
    let incoming = live.with_extension("db.restoring");
    std::fs::copy(&snapshot, &incoming).with_context(|| format!("Failed to copy {}", snapshot.display()))?;
    std::fs::File::open(&incoming)?.sync_all()?;
    if live.exists() {
        let kept = live.with_extension("db.before-restore");
        std::fs::rename(&live, &kept)
            .with_context(|| format!("Failed to keep the old database as {}", kept.display()))?;
    }
    // A write-ahead log left by the old database must never be applied to the restored one.
    for suffix in ["-wal", "-shm"] {
        let mut stale = live.clone().into_os_string();
        stale.push(suffix);
        match std::fs::remove_file(&stale) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    std::fs::rename(&incoming, &live).with_context(|| format!("Failed to move the backup to {}", live.display()))?;
    let files = copy_files(&source.join(FILES_FOLDER), Path::new(&settings.storage.files_dir))?;
    Ok(Report { database_bytes: std::fs::metadata(&live)?.len(), files })
}

/// Refuses a damaged snapshot or a file that is not this product's database.
async fn check(snapshot: &Path) -> anyhow::Result<()> {
    let url = format!("sqlite://{}?mode=ro", snapshot.display());
    let db =
        sea_orm::Database::connect(&url).await.with_context(|| format!("Failed to open {}", snapshot.display()))?;
    let backend = db.get_database_backend();
    let integrity = db
        .query_one(Statement::from_string(backend, "PRAGMA integrity_check"))
        .await
        .context("The backup is not a readable SQLite database")?
        .and_then(|row| row.try_get_by_index::<String>(0).ok());
    if integrity.as_deref() != Some("ok") {
        bail!("The backup is damaged (integrity check: {})", integrity.unwrap_or_default());
    }
    db.query_one(Statement::from_string(backend, "SELECT COUNT(*) FROM seaql_migrations"))
        .await
        .context("The backup is not a Fapiao Center database")?;
    db.close().await.ok();
    Ok(())
}

/// Copies every file of `from` (flat, as the upload store writes them) into `to`, keeping
/// files already there. A missing `from` is an empty store.
fn copy_files(from: &Path, to: &Path) -> anyhow::Result<usize> {
    let entries = match std::fs::read_dir(from) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e).with_context(|| format!("Failed to read {}", from.display())),
    };
    std::fs::create_dir_all(to).with_context(|| format!("Failed to create {}", to.display()))?;
    let mut copied = 0;
    for entry in entries {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            let destination = to.join(entry.file_name());
            if !destination.exists() {
                std::fs::copy(entry.path(), &destination)
                    .with_context(|| format!("Failed to copy {}", entry.path().display()))?;
            }
            copied += 1;
        }
    }
    Ok(copied)
}
