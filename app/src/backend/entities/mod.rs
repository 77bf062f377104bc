//! SeaORM entities of the tables in `migration/` (same names, same columns).

pub mod access_requests;
pub mod account_customers;
pub mod accounts;
pub mod announcements;
pub mod application_drafts;
pub mod application_events;
pub mod audit_log;
pub mod billing_deliveries;
pub mod calendar_days;
pub mod customers;
pub mod email_outbox;
pub mod email_tokens;
pub mod fapiao_applications;
pub mod fapiao_files;
pub mod idempotency_keys;
pub mod issued_fapiao;
pub mod login_attempts;
pub mod order_claims;
pub mod orders;
pub mod rate_limit_hits;
pub mod saved_addresses;
pub mod saved_titles;
pub mod sessions;
pub mod settings;
pub mod support_messages;
pub mod support_requests;
