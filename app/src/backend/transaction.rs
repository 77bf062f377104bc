//! Starting a transaction that will write.
//!
//! SQLite in WAL mode lets a transaction that began by reading fail at its first write with
//! "database is locked" the moment another connection has written meanwhile — at once, without
//! the busy timeout, because its snapshot is stale. Under concurrent requests (or two server
//! processes on one file) that turns ordinary read-then-write transactions into errors. A write
//! transaction therefore takes SQLite's write lock first, waiting for it within the busy timeout
//! like any other writer. PostgreSQL needs nothing: its row locks and constraints decide.

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseTransaction, DbErr, TransactionTrait};

/// `begin()` for a transaction that writes. Use it for every write transaction.
pub async fn begin_write(db: &(impl TransactionTrait + ConnectionTrait)) -> Result<DatabaseTransaction, DbErr> {
    let txn = db.begin().await?;
    if txn.get_database_backend() == DatabaseBackend::Sqlite {
        // Matches no row: it only takes the write lock, as `BEGIN IMMEDIATE` would.
        txn.execute_unprepared("DELETE FROM seaql_migrations WHERE 0").await?;
    }
    Ok(txn)
}
