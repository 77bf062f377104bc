//! A value kept in memory for a short while, per process: read again from the database once
//! it is older than the caller's time to live, or at once after `forget`.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Cached<T>(Mutex<Option<(Instant, T)>>);

impl<T> Default for Cached<T> {
    fn default() -> Self {
        Self(Mutex::new(None))
    }
}

impl<T: Clone> Cached<T> {
    /// The value, if it was read less than `ttl` ago.
    pub fn fresh(&self, ttl: Duration) -> Option<T> {
        let cached = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        cached.as_ref().filter(|(read_at, _)| read_at.elapsed() < ttl).map(|(_, value)| value.clone())
    }

    /// Keeps `value`, read at `read_at` (taken before the read began, so its age is not
    /// underestimated).
    pub fn keep(&self, read_at: Instant, value: &T) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some((read_at, value.clone()));
    }

    /// Drops the value: the next caller reads it again.
    pub fn forget(&self) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_fresh_for_its_time_to_live_and_gone_once_forgotten() {
        let cached = Cached::default();
        assert_eq!(cached.fresh(Duration::from_secs(3)), None);
        cached.keep(Instant::now(), &7);
        assert_eq!(cached.fresh(Duration::from_secs(3)), Some(7));
        assert_eq!(cached.fresh(Duration::ZERO), None, "older than its time to live");
        cached.forget();
        assert_eq!(cached.fresh(Duration::from_secs(3)), None);
    }
}
