//! The one error type of server functions. Each variant says what the client sees and which
//! HTTP status it carries; internal causes are logged on the server, never sent.

use crate::domain::ValidationError;
use leptos::prelude::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Field name → why its value was refused. Rendered next to each field.
pub type FieldErrors = BTreeMap<String, ValidationError>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// 422: some fields were refused; the form shows each message next to its field.
    #[error("some fields are invalid")]
    Validation(FieldErrors),
    /// 401: the caller is not logged in.
    #[error("login required")]
    Unauthorized,
    /// 403: logged in, but not allowed (rare: records of others answer NotFound instead).
    #[error("not allowed")]
    Forbidden,
    /// 404: no such record, or not the caller's (we never reveal which).
    #[error("not found")]
    NotFound,
    /// 401: wrong email or password — one answer for every way a login can fail.
    #[error("the email or password is incorrect")]
    LoginFailed,
    /// 403: the password was right but the account is not activated yet.
    #[error("the account is not activated yet")]
    NotActivated,
    /// 429: too many failed attempts; try again after this many minutes.
    #[error("too many attempts; try again in {retry_after_minutes} minutes")]
    TooManyAttempts { retry_after_minutes: i64 },
    /// 409: the record changed meanwhile (stale or repeated action).
    #[error("conflict: {0}")]
    Conflict(String),
    /// 503: maintenance or an unreachable dependency; the client may retry later.
    #[error("temporarily unavailable")]
    Unavailable,
    /// 500: a bug or an outage. The cause is in the server log under the request id.
    #[error("internal error")]
    Internal,
    /// The request never reached our code (network, decoding): kept for the client's message.
    #[error("request failed: {0}")]
    Transport(String),
}

impl AppError {
    /// A refusal of one field: the form shows `error` next to the field `name`.
    pub fn field(name: &str, error: crate::domain::ValidationError) -> Self {
        Self::Validation(FieldErrors::from([(name.to_owned(), error)]))
    }

    /// The HTTP status of the error: the one table from variant to status.
    pub fn status(&self) -> u16 {
        match self {
            Self::Validation(_) => 422,
            Self::Unauthorized | Self::LoginFailed => 401,
            Self::NotActivated => 403,
            Self::TooManyAttempts { .. } => 429,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::Conflict(_) => 409,
            Self::Unavailable => 503,
            Self::Internal => 500,
            Self::Transport(_) => 400,
        }
    }

    /// Logs the cause in full on the server and returns the opaque `Internal` variant. A
    /// database error goes through `backend::db::DbContext` instead, which also recognises the
    /// causes that pass by themselves (503).
    #[cfg(feature = "ssr")]
    pub fn internal(context: &str, cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "{context}");
        Self::Internal
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::Transport(value.to_string())
    }
}
