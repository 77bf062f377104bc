use crate::i18n::*;
use crate::ui::use_locale;
use leptos::prelude::*;

/// What a page shows when something it needs failed. The details are in the server log.
#[component]
pub fn ErrorPanel() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::INTERNAL_SERVER_ERROR);
    }
    let locale = use_locale();
    view! {
        <section class="panel error" role="alert">
            <h1>{td!(locale, error_page.title)}</h1>
            <p>{td!(locale, error_page.body)}</p>
            <p><a href="">{td!(locale, error_page.retry)}</a></p>
        </section>
    }
}
