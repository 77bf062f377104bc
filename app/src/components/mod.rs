//! Components shared by pages.

mod announcement_banner;
mod language_switch;
mod layout;
mod maintenance_notice;

pub use announcement_banner::AnnouncementBanner;
pub use language_switch::LanguageSwitch;
pub use layout::Layout;
pub use maintenance_notice::MaintenanceNotice;
