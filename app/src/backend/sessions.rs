//! Server-side sessions in the database, so any app server can serve any request. The cookie
//! holds a random 128-bit token; the table holds only its SHA-256, so a copy of the table
//! cannot be used to log in. Sessions end after an idle period and after an absolute lifetime.

use crate::backend::entities::{accounts, sessions};
use crate::domain::Role;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

/// Session and cookie settings (from the server configuration).
#[derive(Debug, Clone)]
pub struct SessionConfig {
    /// `Secure` cookies with the `__Host-` prefix; off only for plain-http localhost.
    pub cookie_secure: bool,
    pub idle_timeout: Duration,
    pub absolute_timeout: Duration,
}

/// Last-seen times are written at most this often, not on every request.
const TOUCH_INTERVAL: Duration = Duration::minutes(1);

impl SessionConfig {
    pub fn cookie_name(&self) -> &'static str {
        if self.cookie_secure { "__Host-fapiao_session" } else { "fapiao_session" }
    }

    /// The `Set-Cookie` value for a new session. No `Max-Age`: the browser forgets it when it
    /// closes, and the server enforces the timeouts whatever the browser does.
    pub fn set_cookie(&self, token: &str) -> String {
        let secure = if self.cookie_secure { "; Secure" } else { "" };
        format!("{}={token}; Path=/; HttpOnly; SameSite=Lax{secure}", self.cookie_name())
    }

    pub fn clear_cookie(&self) -> String {
        let secure = if self.cookie_secure { "; Secure" } else { "" };
        format!("{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}", self.cookie_name())
    }

    /// The session token in a `Cookie` request header, if any.
    pub fn token_from_cookie_header(&self, header: &str) -> Option<String> {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find_map(|(name, value)| (name == self.cookie_name() && is_token(value)).then(|| value.to_owned()))
    }
}

/// Who is logged in on this request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentAccount {
    pub account_id: i32,
    pub email: String,
    pub role: Role,
}

/// A new random token: 16 bytes from the operating system, hex-encoded.
pub fn new_token() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    hex::encode(bytes)
}

fn is_token(value: &str) -> bool {
    value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Starts a session for an account and returns the token for the cookie.
pub async fn create(db: &impl ConnectionTrait, account_id: i32, config: &SessionConfig) -> Result<String, DbErr> {
    let token = new_token();
    let now = Utc::now();
    sessions::ActiveModel {
        id_hash: Set(hash_token(&token)),
        account_id: Set(Some(account_id)),
        data: Set("{}".to_owned()),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + config.absolute_timeout),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The session with its account, if the session exists and has neither expired nor been idle
/// too long: one query (every logged-in request makes it). Expired sessions are deleted on
/// sight.
pub async fn resolve(
    db: &impl ConnectionTrait,
    token: &str,
    config: &SessionConfig,
    now: DateTime<Utc>,
) -> Result<Option<(sessions::Model, accounts::Model)>, DbErr> {
    let found = sessions::Entity::find_by_id(hash_token(token)).find_also_related(accounts::Entity).one(db).await?;
    let Some((session, account)) = found else {
        return Ok(None);
    };
    let expired = session.expires_at <= now || session.last_seen_at + config.idle_timeout <= now;
    if expired {
        sessions::Entity::delete_by_id(session.id_hash.clone()).exec(db).await?;
        return Ok(None);
    }
    let Some(account) = account else { return Ok(None) };
    if now - session.last_seen_at >= TOUCH_INTERVAL {
        sessions::Entity::update_many()
            .col_expr(sessions::Column::LastSeenAt, sea_orm::sea_query::Expr::value(now))
            .filter(sessions::Column::IdHash.eq(session.id_hash.clone()))
            .exec(db)
            .await?;
    }
    Ok(Some((session, account)))
}

/// Ends one session (logout).
pub async fn destroy(db: &impl ConnectionTrait, token: &str) -> Result<(), DbErr> {
    sessions::Entity::delete_by_id(hash_token(token)).exec(db).await.map(|_| ())
}

/// Ends every session of an account (password change, disabling), except `keep` if given.
pub async fn destroy_all_of(db: &impl ConnectionTrait, account_id: i32, keep: Option<&str>) -> Result<u64, DbErr> {
    let mut delete = sessions::Entity::delete_many().filter(sessions::Column::AccountId.eq(account_id));
    if let Some(token) = keep {
        delete = delete.filter(sessions::Column::IdHash.ne(hash_token(token)));
    }
    Ok(delete.exec(db).await?.rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(secure: bool) -> SessionConfig {
        SessionConfig {
            cookie_secure: secure,
            idle_timeout: Duration::minutes(30),
            absolute_timeout: Duration::hours(12),
        }
    }

    #[test]
    fn tokens_are_128_bit_hex_and_never_repeat() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 32);
        assert!(is_token(&a));
        assert_ne!(a, b);
        assert_ne!(hash_token(&a), a, "only the hash is stored");
    }

    #[test]
    fn secure_cookies_use_the_host_prefix() {
        let cookie = config(true).set_cookie("ab");
        assert!(cookie.starts_with("__Host-fapiao_session=ab; Path=/; HttpOnly; SameSite=Lax"));
        assert!(cookie.ends_with("; Secure"));
        assert!(!config(false).set_cookie("ab").contains("Secure"));
        assert!(config(false).clear_cookie().contains("Max-Age=0"));
    }

    #[test]
    fn the_token_is_found_among_other_cookies_and_junk_is_ignored() {
        let token = new_token();
        let header = format!("i18n_pref_locale=en; fapiao_session={token}; other=1");
        assert_eq!(config(false).token_from_cookie_header(&header), Some(token));
        assert_eq!(config(false).token_from_cookie_header("fapiao_session=../../etc"), None);
        assert_eq!(config(true).token_from_cookie_header(&header), None, "secure config reads only its own cookie");
    }
}
