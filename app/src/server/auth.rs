//! Logging in: credential check with argon2 off the async runtime, throttling per email and
//! per IP address, and who the current session belongs to.

use super::entities::{accounts, login_attempts};
use super::passwords;
use super::sessions::{self, CurrentAccount, SessionConfig};
use crate::domain::{AccountStatus, EmailAddress, Password, Role};
use crate::error::AppError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Select, Set,
};
use std::sync::OnceLock;

/// Failed logins allowed per email within `ACCOUNT_WINDOW` before it must wait — counted for
/// emails without an account too, so a lockout reveals nothing (see `attempt_key`).
pub const ACCOUNT_FAILURES: u64 = 10;
pub const ACCOUNT_WINDOW: Duration = Duration::minutes(15);
/// Failed logins allowed per IP address within `IP_WINDOW` (offices share addresses).
pub const IP_FAILURES: u64 = 100;
pub const IP_WINDOW: Duration = Duration::hours(1);

/// How a login attempt ended. Every failure the caller shows with one message, except
/// throttling (which says when to try again) and a correct password on an account that is
/// not activated yet (only someone who knows the password learns that).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginOutcome {
    LoggedIn { account_id: i32, role: crate::domain::Role },
    Invalid,
    NotActivated,
    Throttled { retry_after_minutes: i64 },
}

/// Checks an email and password. Records the attempt; never reveals whether the email exists.
pub async fn authenticate(
    db: &impl ConnectionTrait,
    email_input: &str,
    password: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<LoginOutcome, AppError> {
    let account = match EmailAddress::parse(email_input) {
        Ok(email) => account_for_login(db, &email).await?,
        Err(_) => None,
    };
    let account_id = account.as_ref().map(|a| a.id);
    let email_key = attempt_key(email_input);

    if let Some(wait) = throttled(db, &email_key, ip, now).await? {
        return Ok(LoginOutcome::Throttled { retry_after_minutes: wait });
    }

    // Verify against a real hash or, for unknown emails, a dummy one: the same work either way.
    let stored = account.as_ref().map(|a| a.password_hash.clone()).unwrap_or_else(|| dummy_hash().to_owned());
    let matches = passwords::verify_off_runtime(password, &stored).await?;

    let outcome = match (&account, matches) {
        (Some(account), true) => match AccountStatus::parse(&account.status) {
            Ok(AccountStatus::Active) => LoginOutcome::LoggedIn {
                account_id: account.id,
                role: crate::domain::Role::parse(&account.role).unwrap_or(crate::domain::Role::Customer),
            },
            Ok(AccountStatus::Pending) => LoginOutcome::NotActivated,
            _ => LoginOutcome::Invalid,
        },
        _ => LoginOutcome::Invalid,
    };
    let succeeded = matches!(outcome, LoginOutcome::LoggedIn { .. });
    login_attempts::ActiveModel {
        account_id: Set(account_id),
        ip: Set(ip.chars().take(45).collect()),
        succeeded: Set(succeeded),
        email_key: Set(Some(email_key)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| AppError::internal("Failed to record a login attempt", e))?;
    Ok(outcome)
}

/// The account a login with this email means: the active one, or else the newest pending one
/// (several pending registrations may share an email).
async fn account_for_login(
    db: &impl ConnectionTrait,
    email: &EmailAddress,
) -> Result<Option<accounts::Model>, AppError> {
    let candidates = accounts::Entity::find()
        .filter(super::accounts::with_email(email))
        .order_by_desc(accounts::Column::CreatedAt)
        .all(db)
        .await
        .map_err(|e| AppError::internal("Failed to look up an account", e))?;
    let active = candidates.iter().find(|a| a.status == AccountStatus::Active.code()).cloned();
    Ok(active.or_else(|| candidates.into_iter().find(|a| a.status == AccountStatus::Pending.code())))
}

/// What failed logins are counted by: the SHA-256 of the email as typed, normalised as the
/// login form does and in lower case (varying the case gains no tries), the same whether or not
/// an account has that email.
pub fn attempt_key(email_input: &str) -> String {
    let normalised = EmailAddress::parse(email_input)
        .map(|email| email.as_ref().to_owned())
        .unwrap_or_else(|_| email_input.trim().to_owned());
    sessions::hash_token(&normalised.to_lowercase())
}

/// The failed logins with this email still counting towards its lockout at `now`.
pub fn recent_failures(email_key: &str, now: DateTime<Utc>) -> Select<login_attempts::Entity> {
    failures_since(now - ACCOUNT_WINDOW).filter(login_attempts::Column::EmailKey.eq(email_key))
}

fn failures_since(since: DateTime<Utc>) -> Select<login_attempts::Entity> {
    login_attempts::Entity::find()
        .filter(login_attempts::Column::Succeeded.eq(false))
        .filter(login_attempts::Column::CreatedAt.gt(since))
}

/// Minutes to wait if the email or the address has failed too often recently.
async fn throttled(
    db: &impl ConnectionTrait,
    email_key: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>, AppError> {
    let wait_until = |oldest: Option<login_attempts::Model>, window: Duration| {
        oldest.map(|o| ((o.created_at + window - now).num_seconds() + 59) / 60).map(|m| m.max(1))
    };
    let db_error = |e| AppError::internal("Failed to count login attempts", e);

    let recent = recent_failures(email_key, now);
    if recent.clone().count(db).await.map_err(db_error)? >= ACCOUNT_FAILURES {
        let oldest = recent.order_by_asc(login_attempts::Column::CreatedAt).one(db).await.map_err(db_error)?;
        return Ok(wait_until(oldest, ACCOUNT_WINDOW));
    }
    let recent = failures_since(now - IP_WINDOW).filter(login_attempts::Column::Ip.eq(ip));
    if recent.clone().count(db).await.map_err(db_error)? >= IP_FAILURES {
        let oldest = recent.order_by_asc(login_attempts::Column::CreatedAt).one(db).await.map_err(db_error)?;
        return Ok(wait_until(oldest, IP_WINDOW));
    }
    Ok(None)
}

/// A valid argon2id hash of a random password, made once, so that unknown emails cost the
/// same verification time as known ones.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let password = Password::parse(&sessions::new_token()).expect("a 32-character token is a valid password");
        passwords::hash(&password).expect("hashing a password works")
    })
}

/// The logged-in account behind a session token, if the session is valid and the account
/// still active.
pub async fn current_account(
    db: &impl ConnectionTrait,
    token: &str,
    config: &SessionConfig,
    now: DateTime<Utc>,
) -> Result<Option<CurrentAccount>, AppError> {
    let db_error = |e| AppError::internal("Failed to read a session", e);
    let Some((_, account_id)) = sessions::resolve(db, token, config, now).await.map_err(db_error)? else {
        return Ok(None);
    };
    let account = accounts::Entity::find_by_id(account_id).one(db).await.map_err(db_error)?;
    Ok(account
        .filter(|a| a.status == AccountStatus::Active.code())
        .and_then(|a| Role::parse(&a.role).ok().map(|role| CurrentAccount { account_id: a.id, email: a.email, role })))
}
