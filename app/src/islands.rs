//! What every island starts with, and how an island moves the page on.
//!
//! Pages are server components: rendered on the server, never shipped to the browser. Only an
//! `#[island]` is, with its props serialised into the page. Context does not cross into an
//! island, so an island takes the page's `Locale` as a prop and calls `provide_island_context`
//! first; anything else it needs comes in as props too (README, "Light pages").

mod post;

pub use post::Post;
#[cfg(feature = "hydrate")]
pub(crate) use post::encode;
#[cfg(feature = "hydrate")]
pub use post::fetch;

use crate::i18n::Locale;
use leptos::prelude::*;

/// Provides, inside an island, the page's language (for `ui::use_locale`).
pub fn provide_island_context(locale: Locale) {
    provide_context(locale);
}

/// Hydrates the islands of the page (called once by the Wasm entry point, `frontend`). The
/// call is also what links this crate, and so every island, into the bundle.
#[cfg(feature = "hydrate")]
pub fn hydrate() {
    leptos::mount::hydrate_islands();
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
