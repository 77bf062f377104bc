use crate::i18n::*;
use crate::ui::PageTitle;
use leptos::prelude::*;

/// Any unknown path. Answers with HTTP 404, not a 200 that looks like an error.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <PageTitle text=t_string!(i18n, not_found.title) />
        <section class="panel">
            <h1>{t!(i18n, not_found.title)}</h1>
            <p>{t!(i18n, not_found.body)}</p>
            <p><a href="/">{t!(i18n, not_found.home_link)}</a></p>
        </section>
    }
}
