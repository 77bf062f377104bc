//! The Wasm entry point: hydrates the server-rendered page. Nothing else lives here.

// The async hydration of the whole app is one deeply nested future type.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Hydration waits for the code of a lazy route (a staff page) to load first, so it runs as
    // a task; `leptos::mount::hydrate_lazy` without the marker below.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let body = leptos::prelude::document().body().expect("the page has a body");
        leptos::mount::hydrate_from_async(body, app::App).await.forget();
        // Lets tests (and curious people) tell a hydrated page from a server-rendered one.
        if let Some(root) = leptos::prelude::document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}
