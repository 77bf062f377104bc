//! The axum server: configuration, startup, non-Leptos routes, middleware, demo data and
//! the command line. `Application::build(settings)` is what `main` and the tests both start.

pub mod api;
pub mod backup;
pub mod billing;
pub mod cli;
pub mod client_address;
pub mod config;
pub mod database;
pub mod demo;
pub mod extract;
pub mod fapiao_files;
pub mod import;
pub mod mail;
pub mod middleware;
pub mod responses;
pub mod routes;
pub mod staff_files;
pub mod startup;
pub mod telemetry;

pub use config::Settings;
pub use startup::Application;
