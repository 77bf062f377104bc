//! One file per page.

mod access;
mod account;
mod activate;
pub mod admin;
mod application;
mod apply;
mod bill;
mod bills;
mod books;
mod dev_gallery;
mod error;
mod home;
mod login;
mod mailbox;
mod not_found;
mod password_reset;
mod register;
mod support;

pub use access::{AccessRequestPage, AccessSection, WaitingForAccess};
pub use account::{AccountPage, ConfirmEmailPage};
pub use activate::{ActivatePage, ResendActivation};
pub use application::{ApplicationPage, ApplicationsPage};
pub use apply::ApplyPage;
pub use bill::BillDetailPage;
pub use bills::BillsPage;
pub use books::{AddressBookPage, AddressEditPage, TitleBookPage, TitleEditPage};
pub use dev_gallery::GalleryPage;
pub use error::ErrorPanel;
pub use home::HomePage;
pub use login::LoginPage;
pub use mailbox::MailboxPage;
pub use not_found::NotFoundPage;
pub use password_reset::{ForgotPasswordPage, ResetPasswordPage};
pub use register::{RegisterPage, RegisterSentPage};
pub use support::{SupportPage, SupportThreadPage};
