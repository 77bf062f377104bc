//! The Leptos application shared by the server (feature `ssr`) and the browser (feature
//! `hydrate`): routes, pages, components, translations, domain types and server functions.
//! Server-only code — database access, services — sits in `server` behind `ssr` and never
//! reaches the Wasm bundle.

#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod access;
pub mod accounts;
pub mod admin_accounts;
pub mod app;
pub mod applications;
pub mod audit_log;
pub mod auth;
pub mod backoffice;
pub mod bills;
pub mod components;
pub mod dev_tools;
pub mod domain;
pub mod error;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
pub mod site_admin;
pub mod site_status;
pub mod support;
pub mod ui;
pub mod working_days;

pub use app::{App, shell};
