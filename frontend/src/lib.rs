//! The Wasm entry point: the islands of a server-rendered page. Nothing else lives here.
//!
//! The bundle holds only what islands need (`#[island]` in `app`); each island's own code is a
//! chunk of its own (`#[island(lazy)]`, built with `--split`), fetched when a page shows it.
//! The loader in the page (`app/src/islands.js`) calls `hydrate` once, then each island's
//! exported hydrate function.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // A panic's message in the console while developing; a release build does without it
    // (its formatting machinery is most of a kilobyte of every island page's download).
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    app::islands::hydrate();
}
