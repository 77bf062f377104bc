//! What the token page and its service share.

use serde::{Deserialize, Serialize};

/// The most live (unexpired, unrevoked) tokens an account holds.
pub const TOKEN_LIMIT: usize = 20;
/// The most characters of a token's name.
pub const NAME_MAX_CHARS: usize = 60;
/// How long a new token may live, in days, as the form offers it.
pub const VALIDITY_DAYS: [i64; 3] = [30, 90, 365];

/// Where a token stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenState {
    Active,
    Expired,
    Revoked,
}

/// A token as the page lists it (never the token itself: only its hash is stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenEntry {
    pub id: i32,
    pub name: String,
    /// Shanghai time, `2026-11-30 10:00`.
    pub created_at: String,
    pub expires_at: String,
    pub last_used_at: Option<String>,
    pub state: TokenState,
}

/// The token page: the tokens, and a token just made (shown this once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenPage {
    pub tokens: Vec<TokenEntry>,
    pub new_token: Option<String>,
}
