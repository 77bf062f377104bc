//! What the site page and its service share: the maintenance switch and the announcements.

use crate::domain::AnnouncementKind;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementRow {
    pub id: i32,
    pub kind: AnnouncementKind,
    pub title_zh: String,
    pub title_en: String,
    pub expected_mailing_date: Option<String>,
    pub starts_at: String,
    pub ends_at: Option<String>,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteAdmin {
    pub maintenance_on: bool,
    pub message_zh: String,
    pub message_en: String,
    /// `YYYY-MM-DDTHH:MM`, Shanghai time, as a datetime-local input takes it.
    pub expected_end: String,
    pub announcements: Vec<AnnouncementRow>,
}
