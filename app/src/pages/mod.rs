//! One file per page.

mod error;
mod home;
mod login;
mod not_found;

pub use error::ErrorPanel;
pub use home::HomePage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
