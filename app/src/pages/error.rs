use crate::i18n::*;
use leptos::prelude::*;

/// What a page shows when something it needs failed. The details are in the server log.
#[component]
pub fn ErrorPanel() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::INTERNAL_SERVER_ERROR);
    }
    let i18n = use_i18n();
    view! {
        <section class="panel error" role="alert">
            <h1>{t!(i18n, error_page.title)}</h1>
            <p>{t!(i18n, error_page.body)}</p>
            <p><a href="">{t!(i18n, error_page.retry)}</a></p>
        </section>
    }
}
