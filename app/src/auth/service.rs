//! Logging in: credential check with argon2 off the async runtime, throttling per email and
//! per IP address, and who the current session belongs to.

use crate::backend::db::DbContext;
use crate::backend::entities::{accounts, login_attempts};
use crate::backend::passwords;
use crate::backend::rate_limit::StandingRefusals;
use crate::backend::sessions::{self, CurrentAccount, SessionConfig};
use crate::domain::{AccountStatus, EmailAddress, Password};
use crate::error::AppError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Select, Set,
};
use std::sync::OnceLock;

/// Failed logins allowed per email from one client address within `ACCOUNT_WINDOW` before
/// each further try must wait — counted for emails without an account too, so a lockout
/// reveals nothing (see `attempt_key`).
pub const ACCOUNT_FAILURES: u64 = 10;
pub const ACCOUNT_WINDOW: Duration = Duration::minutes(15);
/// Failed logins allowed per email from all addresses together within `ACCOUNT_WINDOW`: higher,
/// so that someone guessing from one address never locks the owner out at theirs, while guesses
/// spread over many addresses still slow down.
pub const EMAIL_FAILURES_ANYWHERE: u64 = 50;
/// Failed logins allowed per IP address within `IP_WINDOW` (offices share addresses).
pub const IP_FAILURES: u64 = 100;
pub const IP_WINDOW: Duration = Duration::hours(1);
/// Past its limit an email is not locked: each further try waits this long after the last
/// failure, doubling with every failure beyond the limit, up to `ACCOUNT_WINDOW`.
pub const FIRST_DELAY: Duration = Duration::seconds(30);

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
/// A refusal the database decided is remembered in `refusals` for a moment, per email and client
/// address (`rate_limit::StandingRefusals`): a storm of tries at a throttled email is refused
/// without a database write; through the database each refusal costs an insert, four counts
/// and a delete, which on one SQLite file slowed every page during a login storm.
pub async fn authenticate(
    db: &impl ConnectionTrait,
    email_input: &str,
    password: &str,
    ip: &str,
    refusals: &StandingRefusals,
    now: DateTime<Utc>,
) -> Result<LoginOutcome, AppError> {
    let email_key = attempt_key(email_input);
    let refusal_key = refusal_key(&email_key, ip);
    if let Some(until) = refusals.standing(&refusal_key, now) {
        return Ok(throttled_after_a_pause(until, now).await);
    }
    let account = match EmailAddress::parse(email_input) {
        Ok(email) => account_for_login(db, &email).await?,
        Err(_) => None,
    };
    let account_id = account.as_ref().map(|a| a.id);

    // The attempt is written first, as a failure, and counted after: of several concurrent
    // guesses each sees those written before its count, so no burst slips under the limit.
    // A refused attempt is taken out again: it checked no password, so it must not lengthen
    // the wait of the email's owner.
    let attempt = login_attempts::ActiveModel {
        account_id: Set(account_id),
        ip: Set(ip.chars().take(45).collect()),
        succeeded: Set(false),
        email_key: Set(Some(email_key.clone())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .context("record a login attempt")?;
    if let Some(until) = throttled(db, &email_key, ip, attempt.id, now).await? {
        login_attempts::Entity::delete_by_id(attempt.id).exec(db).await.context("record a login attempt")?;
        refusals.remember(refusal_key, until, now);
        return Ok(throttled_after_a_pause(until, now).await);
    }

    // Verify against a real hash or, for unknown emails, a dummy one: the same work either way.
    let stored = account.as_ref().map(|a| a.password_hash.clone()).unwrap_or_else(|| dummy_hash().to_owned());
    let matches = match passwords::verify_off_runtime(password, &stored).await {
        Ok(matches) => matches,
        Err(error) => {
            // Not verified (the hashing queue is full): not a failure of the owner's.
            login_attempts::Entity::delete_by_id(attempt.id).exec(db).await.context("record a login attempt")?;
            return Err(error);
        }
    };

    let outcome = match (&account, matches) {
        (Some(account), true) => match account.status {
            AccountStatus::Active => LoginOutcome::LoggedIn { account_id: account.id, role: account.role },
            AccountStatus::Pending => LoginOutcome::NotActivated,
            _ => LoginOutcome::Invalid,
        },
        _ => LoginOutcome::Invalid,
    };
    if matches!(outcome, LoginOutcome::LoggedIn { .. }) {
        let mut succeeded: login_attempts::ActiveModel = attempt.into();
        succeeded.succeeded = Set(true);
        succeeded.update(db).await.context("record a login attempt")?;
    }
    Ok(outcome)
}

/// The account a login with this email means: the active one, or else the newest pending one
/// (several pending registrations may share an email).
async fn account_for_login(
    db: &impl ConnectionTrait,
    email: &EmailAddress,
) -> Result<Option<accounts::Model>, AppError> {
    let candidates = accounts::Entity::find()
        .filter(crate::accounts::service::with_email(email))
        .order_by_desc(accounts::Column::CreatedAt)
        .all(db)
        .await
        .context("look up an account")?;
    let active = candidates.iter().find(|a| a.status == AccountStatus::Active).cloned();
    Ok(active.or_else(|| candidates.into_iter().find(|a| a.status == AccountStatus::Pending)))
}

/// What a remembered login refusal is kept by: the email's attempt key, then the address.
pub fn refusal_key(email_key: &str, ip: &str) -> String {
    format!("{email_key} {ip}")
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

/// Until when to wait if the email (from this address, or from anywhere) or the address has
/// failed too often recently. `this_attempt` is the attempt being decided, already written.
async fn throttled(
    db: &impl ConnectionTrait,
    email_key: &str,
    ip: &str,
    this_attempt: i32,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, AppError> {
    let earlier = |select: Select<login_attempts::Entity>| select.filter(login_attempts::Column::Id.ne(this_attempt));
    let from_here = earlier(recent_failures(email_key, now)).filter(login_attempts::Column::Ip.eq(ip));
    let anywhere = earlier(recent_failures(email_key, now));
    for (failures, limit) in [(from_here, ACCOUNT_FAILURES), (anywhere, EMAIL_FAILURES_ANYWHERE)] {
        let count = failures.clone().count(db).await.context("count login attempts")?;
        if count >= limit {
            let last = failures
                .order_by_desc(login_attempts::Column::CreatedAt)
                .one(db)
                .await
                .context("count login attempts")?;
            let wait_until = last.map(|l| l.created_at + growing_delay(count - limit)).unwrap_or(now);
            if wait_until > now {
                return Ok(Some(wait_until));
            }
        }
    }
    let from_address = earlier(failures_since(now - IP_WINDOW)).filter(login_attempts::Column::Ip.eq(ip));
    if from_address.clone().count(db).await.context("count login attempts")? >= IP_FAILURES {
        let oldest = from_address
            .order_by_asc(login_attempts::Column::CreatedAt)
            .one(db)
            .await
            .context("count login attempts")?;
        return Ok(Some(oldest.map_or(now + IP_WINDOW, |o| o.created_at + IP_WINDOW)));
    }
    Ok(None)
}

/// How long a throttled login waits before it is answered. The wait costs the server nothing
/// (no thread, no database), while a client that retries as fast as it is answered is slowed to
/// a few tries a second per connection: a flood of logins at a throttled email cannot take the
/// CPU from the pages everybody else loads. A person, who reads the answer, does not notice.
pub const THROTTLED_ANSWER_DELAY: std::time::Duration = std::time::Duration::from_millis(250);

async fn throttled_after_a_pause(until: DateTime<Utc>, now: DateTime<Utc>) -> LoginOutcome {
    crate::backend::metrics::count_throttled();
    tokio::time::sleep(THROTTLED_ANSWER_DELAY).await;
    LoginOutcome::Throttled { retry_after_minutes: minutes_until(until, now) }
}

/// The whole minutes a client is told to wait (at least one).
fn minutes_until(until: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (((until - now).num_seconds() + 59) / 60).max(1)
}

/// The wait after the last failure once `beyond` failures past the limit were counted:
/// `FIRST_DELAY`, doubling, never longer than `ACCOUNT_WINDOW`.
pub fn growing_delay(beyond: u64) -> Duration {
    let factor = 1i64 << beyond.min(10);
    (FIRST_DELAY * factor as i32).min(ACCOUNT_WINDOW)
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
    let session = sessions::resolve(db, token, config, now).await.context("read a session")?;
    Ok(session.map(|(_, account)| account).filter(|a| a.status == AccountStatus::Active).map(|a| CurrentAccount {
        account_id: a.id,
        email: a.email,
        role: a.role,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_the_limit_each_try_waits_longer_but_never_longer_than_the_window() {
        assert_eq!(growing_delay(0), Duration::seconds(30));
        assert_eq!(growing_delay(1), Duration::minutes(1));
        assert_eq!(growing_delay(3), Duration::minutes(4));
        assert_eq!(growing_delay(5), ACCOUNT_WINDOW);
        assert_eq!(growing_delay(64), ACCOUNT_WINDOW);
    }
}
