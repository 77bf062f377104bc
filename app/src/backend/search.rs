//! Case-insensitive "contains" search in a text column, the same on SQLite and PostgreSQL.

use sea_orm::sea_query::{Expr, Func, IntoColumnRef, LikeExpr, SimpleExpr};

/// `lower(column) LIKE '%text%'`, with `%`, `_` and `\` in `text` matched literally.
pub fn contains_ignoring_case(column: impl IntoColumnRef, text: &str) -> SimpleExpr {
    let escaped = text.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    Expr::expr(Func::lower(Expr::col(column))).like(LikeExpr::new(format!("%{escaped}%")).escape('\\'))
}
