//! The Leptos application shared by the server (feature `ssr`) and the browser (feature
//! `hydrate`): routes, pages, components, translations, domain types and server functions.
//! Server-only code — each feature's `service` and the infrastructure in `backend` — sits behind `ssr` and never
//! reaches the Wasm bundle.

#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod access;
pub mod accounts;
pub mod admin;
pub mod api_tokens;
pub mod app;
pub mod applications;
pub mod auth;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod bills;
pub mod books;
pub mod components;
pub mod dev_tools;
pub mod domain;
pub mod error;
pub mod islands;
pub mod labels;
pub mod pages;
pub mod site;
pub mod support;
pub mod ui;
pub mod urls;

pub use app::{App, shell};
