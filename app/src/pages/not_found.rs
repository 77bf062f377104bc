use crate::i18n::*;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;

/// Any unknown path. Answers with HTTP 404, not a 200 that looks like an error.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let locale = use_locale();
    view! {
        <PageTitle text=td_string!(locale, not_found.title) />
        <section class="panel">
            <h1>{td!(locale, not_found.title)}</h1>
            <p>{td!(locale, not_found.body)}</p>
            <p><a href="/">{td!(locale, not_found.home_link)}</a></p>
        </section>
    }
}
