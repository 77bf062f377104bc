//! Password hashing: argon2id with the OWASP parameters (19 MiB, 2 passes, 1 lane). Hashing
//! is slow on purpose, so it never runs on the async runtime: it runs on dedicated threads of
//! lower priority, so a burst of logins does not slow down the pages everybody else loads.

use crate::domain::Password;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

fn argon2() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None).expect("the argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) of a new password, with a random salt.
pub fn hash(password: &Password) -> Result<String, argon2::password_hash::Error> {
    argon2().hash_password(password.expose().as_bytes()).map(|hash| hash.to_string())
}

/// Whether `candidate` matches the stored PHC string. A malformed stored hash never matches.
pub fn verify(candidate: &str, stored_hash: &str) -> bool {
    argon2().verify_password(candidate.as_bytes(), stored_hash).is_ok()
}

/// A job for the hashing threads.
type Job = Box<dyn FnOnce() + Send>;

/// Hashing jobs that may wait for a thread, per process. Beyond this the server answers 503
/// with Retry-After instead of queueing without bound: a login storm or a flood of sign-ups
/// costs at most this much waiting, memory stays flat, and pages keep their speed.
pub const QUEUE_LIMIT: usize = 64;

/// Jobs waiting or running now, and jobs refused because the queue was full (for `/metrics`).
static QUEUED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static REFUSED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
static STARTED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// What the hashing queue has done, for operators.
#[derive(Debug, Clone, Copy)]
pub struct QueueStats {
    /// Jobs waiting or running now.
    pub depth: usize,
    /// Jobs run since the process started.
    pub started: u64,
    /// Jobs refused with 503 since the process started.
    pub refused: u64,
}

pub fn queue_stats() -> QueueStats {
    use std::sync::atomic::Ordering::Relaxed;
    QueueStats { depth: QUEUED.load(Relaxed), started: STARTED.load(Relaxed), refused: REFUSED.load(Relaxed) }
}

/// The hashing threads: one per core, each at the lowest scheduling priority (nice 19) below the
/// threads that answer requests, so a burst of logins uses the idle CPU time and pages still
/// come first. Jobs queue here (at most `QUEUE_LIMIT`) instead of occupying the async runtime's
/// blocking pool.
fn hashing_queue() -> &'static std::sync::mpsc::SyncSender<Job> {
    static QUEUE: std::sync::OnceLock<std::sync::mpsc::SyncSender<Job>> = std::sync::OnceLock::new();
    QUEUE.get_or_init(|| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Job>(QUEUE_LIMIT);
        let receiver = std::sync::Arc::new(std::sync::Mutex::new(receiver));
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        for index in 0..threads {
            let receiver = receiver.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{index}"))
                .spawn(move || {
                    lower_this_threads_priority();
                    loop {
                        let job = receiver.lock().map_err(drop).and_then(|r| r.recv().map_err(drop));
                        match job {
                            Ok(job) => job(),
                            Err(()) => return,
                        }
                    }
                })
                .expect("the operating system starts a hashing thread");
        }
        sender
    })
}

/// On Linux, `setpriority(PRIO_PROCESS, 0, …)` applies to the calling thread only.
fn lower_this_threads_priority() {
    // A failure leaves the priority as it was: hashing still works, only less politely.
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(None, 19);
}

/// Runs a hashing job on the hashing threads and waits for its result. A full queue is
/// `Unavailable` (503, the client retries later), not a wait.
async fn run_hashing<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> Result<T, crate::error::AppError> {
    use crate::error::AppError;
    use std::sync::atomic::Ordering::Relaxed;
    let (done, result) = tokio::sync::oneshot::channel();
    QUEUED.fetch_add(1, Relaxed);
    let sent = hashing_queue().try_send(Box::new(move || {
        STARTED.fetch_add(1, Relaxed);
        let _ = done.send(job());
        QUEUED.fetch_sub(1, Relaxed);
    }));
    match sent {
        Ok(()) => {}
        Err(std::sync::mpsc::TrySendError::Full(_)) => {
            QUEUED.fetch_sub(1, Relaxed);
            REFUSED.fetch_add(1, Relaxed);
            tracing::warn!(limit = QUEUE_LIMIT, "password hashing queue full: answering 503");
            return Err(AppError::Unavailable);
        }
        Err(std::sync::mpsc::TrySendError::Disconnected(_)) => {
            QUEUED.fetch_sub(1, Relaxed);
            return Err(AppError::internal("Failed to hash a password", "the hashing threads are gone"));
        }
    }
    result.await.map_err(|_| AppError::internal("Failed to hash a password", "a hashing job panicked"))
}

/// `hash` on the hashing threads.
pub async fn hash_off_runtime(password: Password) -> Result<String, crate::error::AppError> {
    run_hashing(move || hash(&password))
        .await?
        .map_err(|e| crate::error::AppError::internal("Failed to hash a password", e))
}

/// `verify` on the hashing threads.
pub async fn verify_off_runtime(candidate: &str, stored_hash: &str) -> Result<bool, crate::error::AppError> {
    let (candidate, stored_hash) = (candidate.to_owned(), stored_hash.to_owned());
    run_hashing(move || verify(&candidate, &stored_hash)).await
}

/// A new password typed twice, as a form sends it: the policy applies to the first field, the
/// second must repeat it. Errors are keyed by the forms' field names.
pub fn parse_new(
    password: &str,
    again: &str,
    password_field: &str,
    again_field: &str,
) -> Result<Password, crate::error::AppError> {
    use crate::domain::ValidationError;
    use crate::error::AppError;
    let password = Password::parse(password).map_err(|e| AppError::field(password_field, e))?;
    if password.expose() != again {
        return Err(AppError::field(again_field, ValidationError::PasswordsDiffer));
    }
    Ok(password)
}

/// Stores a new password hash and ends the account's sessions (all, or all but `keep`):
/// whoever knew the old password is logged out. Run inside the caller's transaction.
pub async fn replace(
    db: &impl sea_orm::ConnectionTrait,
    account_id: i32,
    new_hash: String,
    keep_session: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sea_orm::DbErr> {
    use crate::backend::entities::accounts;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    accounts::Entity::update_many()
        .col_expr(accounts::Column::PasswordHash, Expr::value(new_hash))
        .col_expr(accounts::Column::UpdatedAt, Expr::value(now))
        .filter(accounts::Column::Id.eq(account_id))
        .exec(db)
        .await?;
    crate::backend::sessions::destroy_all_of(db, account_id, keep_session).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let password = Password::parse("correct horse battery staple").unwrap();
        let stored = hash(&password).unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{stored}");
        assert!(verify("correct horse battery staple", &stored));
        assert!(!verify("correct horse battery stapler", &stored));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn the_same_password_gets_a_new_salt_each_time() {
        let password = Password::parse("correct horse battery staple").unwrap();
        assert_ne!(hash(&password).unwrap(), hash(&password).unwrap());
    }
}
