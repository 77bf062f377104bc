//! Creating account rows: the one place that knows what a new account looks like.

use crate::backend::entities::accounts;
use crate::domain::{AccountStatus, EmailAddress, Role};
use crate::i18n::Locale;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

/// A new account, not yet inserted. Active accounts count as activated at `now`; `locale` is
/// the language its emails are written in.
pub fn new_row(
    email: &EmailAddress,
    password_hash: String,
    role: Role,
    status: AccountStatus,
    locale: Locale,
    now: DateTime<Utc>,
) -> accounts::ActiveModel {
    accounts::ActiveModel {
        email: Set(email.to_string()),
        password_hash: Set(password_hash),
        role: Set(role),
        status: Set(status),
        locale: Set(crate::backend::emails::locale_code(locale).to_owned()),
        activated_at: Set((status == AccountStatus::Active).then_some(now)),
        locked_until: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// The accounts with this login email, whatever the case of either (`LI.LEI@…` is `li.lei@…`):
/// every look-up by email goes through here; `lower(email)` is indexed and is what the
/// one-active-account-per-email index is built on.
pub fn with_email(email: &EmailAddress) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::Func;
    Expr::expr(Func::lower(Expr::col(accounts::Column::Email))).eq(email.as_ref().to_lowercase())
}

/// Emails follow the language the customer last used the site in: called at login.
pub async fn remember_locale(db: &impl ConnectionTrait, account_id: i32, locale: Locale) -> Result<(), DbErr> {
    let code = crate::backend::emails::locale_code(locale);
    accounts::Entity::update_many()
        .col_expr(accounts::Column::Locale, Expr::value(code))
        .filter(accounts::Column::Id.eq(account_id))
        .filter(accounts::Column::Locale.ne(code))
        .exec(db)
        .await
        .map(drop)
}
