//! Integration tests: the real application on a random port with a fresh database each —
//! a SQLite file in a temporary folder, or, when `TEST_POSTGRES_URL` is set, a new PostgreSQL
//! database created for the test. `make test` runs this suite once for each.

mod helpers;

mod admin_queue;
mod applications;
mod backup;
mod bad_input;
mod billing;
mod books;
mod customer_access;
mod customer_api;
mod dashboard;
mod efapiao;
mod email_change;
mod faults;
mod health;
mod login;
mod mail;
mod metrics;
mod pages;
mod password_reset;
mod proxy;
mod registration;
mod reissue;
mod scale_out;
mod schema;
mod security;
mod several_bills;
mod split;
mod staff_tools;
