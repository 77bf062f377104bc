//! SeaORM entities of the tables in `migration/` (same names, same columns).

pub mod account_customers;
pub mod accounts;
pub mod announcements;
pub mod customers;
pub mod email_outbox;
pub mod email_tokens;
pub mod login_attempts;
pub mod orders;
pub mod sessions;
pub mod settings;
