//! What the accounts page and its service share: an account as staff see it, and the actions on it.

use crate::domain::{AccountStatus, Role};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    pub id: i32,
    pub email: String,
    pub role: Role,
    /// `pending`, `active` or `disabled`.
    pub status: AccountStatus,
    /// Shanghai time.
    pub created_at: String,
    /// Too many failed logins lately: logging in is refused until it is unlocked or time passes.
    pub locked: bool,
    pub failed_logins: u64,
}

/// What staff can do to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountAction {
    ResendActivation,
    Unlock,
    Disable,
    Enable,
}

impl AccountAction {
    pub const ALL: [Self; 4] = [Self::ResendActivation, Self::Unlock, Self::Disable, Self::Enable];

    pub fn code(self) -> &'static str {
        match self {
            Self::ResendActivation => "resend_activation",
            Self::Unlock => "unlock",
            Self::Disable => "disable",
            Self::Enable => "enable",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    /// The audit log's name for it.
    pub fn audit_action(self) -> &'static str {
        match self {
            Self::ResendActivation => "account.resend_activation",
            Self::Unlock => "account.unlock",
            Self::Disable => "account.disable",
            Self::Enable => "account.enable",
        }
    }

    /// Whether the action makes sense for an account in this state (the page offers only these).
    pub fn offered_for(self, account: &AccountRow) -> bool {
        match self {
            Self::ResendActivation => account.status == AccountStatus::Pending,
            Self::Unlock => account.failed_logins > 0,
            Self::Disable => account.status != AccountStatus::Disabled,
            Self::Enable => account.status == AccountStatus::Disabled,
        }
    }
}
