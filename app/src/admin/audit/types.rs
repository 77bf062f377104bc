//! What the audit page and its service share: one entry of the audit log, one page of them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i32,
    /// Shanghai time, to the second.
    pub at: String,
    /// The actor's email; `None` for the system.
    pub actor: Option<String>,
    pub action: String,
    pub target: String,
    pub detail: Option<String>,
    pub ip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    /// The `before` of the next (older) page, if there is one.
    pub older: Option<i32>,
}
