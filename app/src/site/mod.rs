//! What every customer page shows around its content: the maintenance switch and the
//! active announcements. Loaded once per page by the server (`site::service`, from the
//! server's middleware) and sent to the browser with the page.

#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteStatus {
    pub maintenance: Option<Maintenance>,
    pub announcements: Vec<Announcement>,
    pub service_phone: String,
}

/// The maintenance switch, when on. Messages fall back to the standard text when empty.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Maintenance {
    pub message_zh: Option<String>,
    pub message_en: Option<String>,
    /// Expected end, already formatted in Asia/Shanghai time.
    pub expected_end: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Announcement {
    pub id: i32,
    pub kind: AnnouncementKind,
    pub title_zh: String,
    pub title_en: String,
    pub body_zh: String,
    pub body_en: String,
    /// For stock shortages: the date paper fapiao are expected to be mailed (YYYY-MM-DD).
    pub expected_mailing_date: Option<String>,
}

pub use crate::domain::AnnouncementKind;

/// The site status loaded by the server's middleware before a page renders, so the layout
/// reads it without waiting (see `components::Layout`).
#[derive(Debug, Clone)]
#[cfg(feature = "ssr")]
pub struct PreloadedStatus(pub SiteStatus);

/// The preloaded status of the request being rendered, if the middleware provided one.
#[cfg(feature = "ssr")]
pub fn preloaded_status() -> Option<SiteStatus> {
    leptos::prelude::use_context::<http::request::Parts>()?
        .extensions
        .get::<PreloadedStatus>()
        .map(|preloaded| preloaded.0.clone())
}
