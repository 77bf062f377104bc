//! One file per page.

mod error;
mod home;
mod login;
mod not_found;

pub use error::ErrorPanel;
pub use home::HomePage;
pub use login::{LoginPage, reload_after_success};
pub use not_found::NotFoundPage;
