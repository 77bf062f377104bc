//! Components shared by pages.

mod account_menu;
mod announcement_banner;
pub mod checks;
mod language_switch;
mod layout;
mod maintenance_notice;
mod text_field;

pub use account_menu::AccountMenu;
pub use announcement_banner::AnnouncementBanner;
pub use language_switch::LanguageSwitch;
pub use layout::{Layout, use_service_phone};
pub use maintenance_notice::MaintenanceNotice;
pub use text_field::{TextField, server_field_error};
