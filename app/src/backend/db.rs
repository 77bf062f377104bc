//! Database errors as the application reports them. A service says what it was doing
//! (`.context("load the bill")?`); the error is logged with that, and the caller gets
//! `Unavailable` (503, try again) when the cause passes by itself, `Internal` (500) otherwise.
//! Which causes pass by themselves is read from the error's kind and its SQLite result code or
//! PostgreSQL SQLSTATE, never from its message text.

use crate::error::AppError;
use sea_orm::sqlx;
use sea_orm::{DbErr, RuntimeErr};

pub trait DbContext<T> {
    /// The error, if any, as an `AppError`, logged with what was being done.
    fn context(self, doing: &'static str) -> Result<T, AppError>;
}

impl<T> DbContext<T> for Result<T, DbErr> {
    fn context(self, doing: &'static str) -> Result<T, AppError> {
        self.map_err(|error| database_error(doing, &error))
    }
}

/// Logs a database error with what was being done and answers the `AppError` for it.
pub fn database_error(doing: &str, error: &DbErr) -> AppError {
    if is_text_the_database_refuses(error) {
        tracing::warn!(%error, "failed to {doing}: text the database cannot hold (the client's input)");
        return AppError::Transport("text with a character the database cannot hold (NUL)".into());
    }
    if is_transient(error) {
        tracing::warn!(%error, "failed to {doing} (temporary; the client may retry)");
        AppError::Unavailable
    } else {
        tracing::error!(%error, "failed to {doing}");
        AppError::Internal
    }
}

/// Whether the error will pass by itself: no free connection in time, the connection lost or
/// refused, the SQLite file busy with another writer beyond the busy timeout, PostgreSQL
/// shutting down, starting up, out of connections, or asking for a retry (serialization
/// failure, deadlock).
pub fn is_transient(error: &DbErr) -> bool {
    match error {
        DbErr::ConnectionAcquire(_) => true,
        DbErr::Conn(RuntimeErr::SqlxError(error))
        | DbErr::Exec(RuntimeErr::SqlxError(error))
        | DbErr::Query(RuntimeErr::SqlxError(error)) => sqlx_error_is_transient(error),
        _ => false,
    }
}

fn sqlx_error_is_transient(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed | sqlx::Error::Io(_) => true,
        sqlx::Error::Database(error) => {
            let code = error.code().unwrap_or_default();
            if error.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                sqlite_code_is_transient(&code)
            } else {
                sqlstate_is_transient(&code)
            }
        }
        _ => false,
    }
}

/// Whether PostgreSQL refused a text value itself: a NUL character, which no PostgreSQL text can
/// hold (SQLSTATE 22021 character_not_in_repertoire), or a character its encoding cannot
/// (22P05 untranslatable_character). Such text can only come from the client, so the answer is
/// the client's mistake (400), never a 500: a lookup by an order number with a NUL in it on
/// PostgreSQL, which SQLite merely finds nothing for.
fn is_text_the_database_refuses(error: &DbErr) -> bool {
    match error {
        DbErr::Exec(RuntimeErr::SqlxError(sqlx::Error::Database(error)))
        | DbErr::Query(RuntimeErr::SqlxError(sqlx::Error::Database(error))) => {
            error.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_none()
                && sqlstate_is_refused_text(&error.code().unwrap_or_default())
        }
        _ => false,
    }
}

fn sqlstate_is_refused_text(code: &str) -> bool {
    matches!(code, "22021" | "22P05")
}

/// SQLite reports an extended result code; its low byte is the primary code: SQLITE_BUSY (5),
/// SQLITE_LOCKED (6) (https://www.sqlite.org/rescode.html).
fn sqlite_code_is_transient(code: &str) -> bool {
    code.parse::<i64>().is_ok_and(|number| matches!(number & 0xff, 5 | 6))
}

/// https://www.postgresql.org/docs/current/errcodes-appendix.html: class 08 connection
/// exception; 40001 serialization_failure, 40P01 deadlock_detected; 53300 too_many_connections;
/// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now.
fn sqlstate_is_transient(code: &str) -> bool {
    code.starts_with("08") || matches!(code, "40001" | "40P01" | "53300" | "57P01" | "57P02" | "57P03")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_locked_and_unreachable_pass_by_themselves_constraint_violations_do_not() {
        for code in ["5", "6", "517", "261"] {
            assert!(sqlite_code_is_transient(code), "{code}");
        }
        // SQLITE_CONSTRAINT (19), SQLITE_CONSTRAINT_UNIQUE (2067), SQLITE_CORRUPT (11).
        for code in ["19", "2067", "11"] {
            assert!(!sqlite_code_is_transient(code), "{code}");
        }
        for code in ["08006", "08001", "57P01", "57P03", "40001", "40P01", "53300"] {
            assert!(sqlstate_is_transient(code), "{code}");
        }
        // unique_violation, not_null_violation, undefined_table.
        for code in ["23505", "23502", "42P01"] {
            assert!(!sqlstate_is_transient(code), "{code}");
        }
        assert!(is_transient(&DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout)));
        assert!(!is_transient(&DbErr::RecordNotFound("order".into())));
        assert!(!is_transient(&DbErr::Exec(RuntimeErr::Internal("database is locked".into()))), "not by the text");
    }

    #[test]
    fn text_postgresql_cannot_hold_is_the_clients_mistake() {
        assert!(sqlstate_is_refused_text("22021") && sqlstate_is_refused_text("22P05"));
        assert!(!sqlstate_is_refused_text("23505"), "a unique violation is not about the text");
        let answer = database_error("look up", &DbErr::Exec(RuntimeErr::Internal("x".into())));
        assert_eq!(answer, AppError::Internal, "other errors stay internal");
    }

    #[test]
    fn the_caller_gets_503_for_a_passing_cause_and_500_for_the_rest() {
        let timeout: Result<(), DbErr> = Err(DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout));
        assert_eq!(timeout.context("load the bill"), Err(AppError::Unavailable));
        let bug: Result<(), DbErr> = Err(DbErr::Custom("no such column".into()));
        assert_eq!(bug.context("load the bill"), Err(AppError::Internal));
    }
}
