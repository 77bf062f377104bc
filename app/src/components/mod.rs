//! Components shared by pages.

mod account_menu;
mod announcement_banner;
mod application_details;
pub mod checks;
mod choice_group;
mod language_switch;
mod layout;
mod load_error;
mod maintenance_notice;
mod split_form;
mod status_badge;
mod step_indicator;
mod text_field;
mod together_bills;

pub use account_menu::AccountMenu;
pub use announcement_banner::AnnouncementBanner;
pub use application_details::ApplicationDetails;
pub use choice_group::{CheckboxField, Choice, ChoiceGroup, SelectField};
pub use language_switch::LanguageSwitch;
pub use layout::{Layout, use_service_phone, use_stock_shortage};
pub use load_error::{LoadError, Loading, LoginRequired};
pub use maintenance_notice::MaintenanceNotice;
pub use split_form::{SplitBy, SplitForm};
pub use status_badge::{ProgressBadge, StatusBadge};
pub use step_indicator::{StepIndicator, step_name, step_of};
pub use text_field::{TextField, server_field_error};
pub use together_bills::TogetherBills;
