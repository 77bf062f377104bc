//! What every island starts with, and how an island moves the page on.
//!
//! Pages are server components: rendered on the server, never shipped to the browser. Only an
//! `#[island]` is, with its props serialised into the page. Context does not cross into an
//! island, so an island takes the page's `Locale` as a prop and calls `provide_island_context`
//! first; anything else it needs comes in as props too (README, "Light pages").

use crate::i18n::Locale;
use leptos::prelude::*;

/// Provides, inside an island, the page's language (for `ui::use_locale`) and the refusal that a
/// form posted without JavaScript left in the address (`?__err=…&__path=…`), which
/// `ServerAction::new` reads: the island then shows the same field messages the server did.
pub fn provide_island_context(locale: Locale) {
    #[cfg(feature = "hydrate")]
    provide_refusal_from_address();
    provide_context(locale);
}

#[cfg(feature = "hydrate")]
fn provide_refusal_from_address() {
    let Ok(href) = window().location().href() else { return };
    let Ok(url) = leptos::web_sys::Url::new(&href) else { return };
    let params = url.search_params();
    if let (Some(error), Some(path)) = (params.get("__err"), params.get("__path")) {
        provide_context(leptos::server::ServerActionError::new(&path, &error));
    }
}

/// Starts the islands' runtime in the browser: a server function that answers with a redirect
/// (`leptos_axum::redirect`) moves the page on through `go_to`, as a plain form post would.
#[cfg(feature = "hydrate")]
pub fn start() {
    let _ = leptos::server_fn::redirect::set_redirect_hook(go_to);
}

/// The `on:submit` of a form inside an island: the form, with the button pressed, goes to the
/// server function of `action` and the page stays. What `ActionForm` does — but `ActionForm`
/// takes type-erased children, which would bring Leptos's second (async) hydration path into
/// the island's Wasm. Fields the server function cannot read: the browser posts the page.
pub fn send_to<A>(action: ServerAction<A>) -> impl Fn(leptos::ev::SubmitEvent) + Copy + 'static
where
    A: leptos::form::FromFormData + leptos::server_fn::ServerFn + Clone + Send + Sync + 'static,
    A::Output: Send + Sync + 'static,
    A::Error: Send + Sync + 'static,
{
    move |event| {
        if event.default_prevented() {
            return;
        }
        if let Ok(input) = A::from_event(&event) {
            event.prevent_default();
            action.dispatch(input);
        }
    }
}

/// Shows `path` (after a save the server accepted): through the page navigation of `islands.js`
/// when it is there, so the page is swapped in place, otherwise as an ordinary page load.
pub fn go_to(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::{JsCast, JsValue};
        let navigate = window_property("fapiaoNavigate");
        match navigate.and_then(|f| f.dyn_into::<leptos::web_sys::js_sys::Function>().ok()) {
            Some(navigate) => {
                let _ = navigate.call1(&JsValue::NULL, &JsValue::from_str(path));
            }
            None => {
                let _ = window().location().assign(path);
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

#[cfg(feature = "hydrate")]
fn window_property(name: &str) -> Option<leptos::wasm_bindgen::JsValue> {
    leptos::web_sys::js_sys::Reflect::get(&window(), &leptos::wasm_bindgen::JsValue::from_str(name))
        .ok()
        .filter(|value| !value.is_undefined())
}
