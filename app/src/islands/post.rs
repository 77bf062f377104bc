//! How an island sends a form to its server function: the form's fields as the browser would
//! post them without JavaScript (URL-encoded), with `Accept: application/json`, so the server
//! function answers with JSON instead of a redirect.
//!
//! What `ServerAction` does for a form, without what it brings into every island's Wasm: the
//! typed arguments (serde_qs in both directions, to read the form and to write the request),
//! the server-function client and its streams. The server side is the same server function.

use crate::domain::ValidationError;
use crate::error::AppError;
use leptos::prelude::*;
use serde::de::DeserializeOwned;

/// One form's sending: whether it is on its way, and the server function's last answer
/// (a refusal left in the address by a form posted without JavaScript counts as an answer).
pub struct Post<T: Send + Sync + 'static> {
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    url: &'static str,
    pending: RwSignal<bool>,
    answer: RwSignal<Option<Result<T, AppError>>>,
}

impl<T: Send + Sync + 'static> Clone for Post<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for Post<T> {}

impl<T: DeserializeOwned + Clone + Send + Sync + 'static> Post<T> {
    /// A form posting to the server function at `url` (`ServerFn::url()`).
    pub fn new(url: &'static str) -> Self {
        Self { url, pending: RwSignal::new(false), answer: RwSignal::new(refusal_in_address(url)) }
    }

    /// Whether the form is on its way.
    pub fn pending(self) -> Signal<bool> {
        self.pending.into()
    }

    /// The last answer.
    pub fn answer(self) -> Signal<Option<Result<T, AppError>>> {
        self.answer.into()
    }

    /// The server's refusal of one field, for a field component.
    pub fn field_error(self, name: &'static str) -> Signal<Option<ValidationError>> {
        let answer = self.answer;
        Signal::derive(move || match &*answer.read() {
            Some(Err(AppError::Validation(errors))) => errors.get(name).cloned(),
            _ => None,
        })
    }

    /// The form's `on:submit`: the form, with the button pressed, is sent and the page stays.
    /// While one is on its way, another press sends nothing.
    pub fn on_submit(self) -> impl Fn(leptos::ev::SubmitEvent) + Copy + 'static {
        move |event| {
            if event.default_prevented() {
                return;
            }
            event.prevent_default();
            if self.pending.get_untracked() {
                return;
            }
            #[cfg(feature = "hydrate")]
            if let Some(fields) = browser::submitted_fields(&event) {
                self.send(fields);
            }
        }
    }

    /// Sends `fields` (URL-encoded); `pending` and the answer follow it. A server function
    /// that redirects (`leptos_axum::redirect`) moves the page on.
    #[cfg(feature = "hydrate")]
    pub fn send(self, fields: String) {
        let url = self.url;
        self.pending.set(true);
        leptos::task::spawn_local(async move {
            match browser::post(url, fields).await {
                Ok(browser::Answer::Redirect(path)) => crate::islands::go_to(&path),
                Ok(browser::Answer::Body(body)) => self.answer.set(Some(read_answer(&body))),
                Err(error) => self.answer.set(Some(Err(error))),
            }
            self.pending.set(false);
        });
    }
}

/// Sends `fields` (URL-encoded) to the server function at `url` and reads its answer: for an
/// island that only wants the data (the region picker's lists), without `Post`'s signals, so
/// that no second set of them is compiled for the answer's type.
#[cfg(feature = "hydrate")]
pub async fn fetch<T: DeserializeOwned>(url: &'static str, fields: String) -> Result<T, AppError> {
    match browser::post(url, fields).await? {
        browser::Answer::Body(body) => read_answer(&body),
        browser::Answer::Redirect(_) => Err(AppError::Transport("unexpected redirect".to_owned())),
    }
}

#[cfg(feature = "hydrate")]
fn read_answer<T: DeserializeOwned>(body: &str) -> Result<T, AppError> {
    serde_json::from_str::<T>(body).map_err(|_| AppError::Transport("unreadable answer".to_owned()))
}

/// The refusal a form posted without JavaScript left in the address (`?__path=…&__err=…`,
/// the error base64-encoded as leptos writes it), when it is this server function's.
fn refusal_in_address<T>(url: &str) -> Option<Result<T, AppError>> {
    #[cfg(feature = "ssr")]
    if let Some(error) = use_context::<leptos::server::ServerActionError>().filter(|e| e.path() == url) {
        return Some(Err(leptos::server_fn::error::ServerFnUrlError::<AppError>::decode_err(error.err())));
    }
    #[cfg(feature = "hydrate")]
    if let Some(error) = browser::refusal_in_address(url) {
        return Some(Err(error));
    }
    let _ = url;
    None
}

#[cfg(feature = "hydrate")]
mod browser {
    use crate::error::AppError;
    use leptos::prelude::window;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{FormData, HtmlButtonElement, HtmlFormElement, Response, UrlSearchParams};

    pub(super) enum Answer {
        Body(String),
        Redirect(String),
    }

    /// The fields of the submitted form, with the name and value of the button pressed.
    pub(super) fn submitted_fields(event: &leptos::ev::SubmitEvent) -> Option<String> {
        let form = event.target()?.dyn_into::<HtmlFormElement>().ok()?;
        let data = FormData::new_with_form(&form).ok()?;
        let button = event.submitter().and_then(|b| b.dyn_into::<HtmlButtonElement>().ok());
        if let Some(button) = button.filter(|b| !b.name().is_empty()) {
            let _ = data.append_with_str(&button.name(), &button.value());
        }
        encode(&data)
    }

    /// `data` URL-encoded, as a form posts it.
    pub(crate) fn encode(data: &FormData) -> Option<String> {
        let params = UrlSearchParams::new_with_str_sequence_sequence(data).ok()?;
        Some(String::from(params.to_string()))
    }

    pub(super) async fn post(url: &str, body: String) -> Result<Answer, AppError> {
        let transport = |_| AppError::Transport("network".to_owned());
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(&JsValue::from_str(&body));
        let headers = web_sys::Headers::new().map_err(transport)?;
        headers.set("content-type", "application/x-www-form-urlencoded").map_err(transport)?;
        headers.set("accept", "application/json").map_err(transport)?;
        init.set_headers(&headers);
        let response: Response = JsFuture::from(window().fetch_with_str_and_init(url, &init))
            .await
            .map_err(transport)?
            .dyn_into()
            .map_err(transport)?;
        let headers = response.headers();
        if let (Ok(Some(_)), Ok(Some(location))) = (headers.get("serverfnredirect"), headers.get("location")) {
            return Ok(Answer::Redirect(location));
        }
        let text = JsFuture::from(response.text().map_err(transport)?).await.map_err(transport)?;
        let text = text.as_string().unwrap_or_default();
        if response.ok() {
            Ok(Answer::Body(text))
        } else {
            Err(serde_json::from_str(&text).unwrap_or_else(|_| AppError::Transport(response.status().to_string())))
        }
    }

    /// See `super::refusal_in_address`.
    pub(super) fn refusal_in_address(url: &str) -> Option<AppError> {
        let href = window().location().href().ok()?;
        let params = web_sys::Url::new(&href).ok()?.search_params();
        if params.get("__path")?.as_str() != url {
            return None;
        }
        let base64 = params.get("__err")?.replace('-', "+").replace('_', "/");
        let bytes: Vec<u8> = window().atob(&base64).ok()?.chars().map(|c| c as u8).collect();
        // From a `str`, as the answer above: serde_json's deserializers are generic over the
        // reader, and a second reader would link a second copy of `AppError`'s (35 kB raw).
        serde_json::from_str(&String::from_utf8(bytes).ok()?).ok()
    }
}

#[cfg(feature = "hydrate")]
pub(crate) use browser::encode;
