use crate::error::AppError;
use crate::i18n::*;
use crate::ui::use_locale;
use leptos::prelude::*;

/// What a page shows when its data could not be loaded: a login prompt, "not found" (with
/// a real 404 status), or the generic error panel.
#[component]
pub fn LoadError(error: AppError) -> impl IntoView {
    let locale = use_locale();
    match error {
        AppError::Unauthorized => view! { <LoginRequired /> }.into_any(),
        AppError::NotFound => view! { <crate::pages::NotFoundPage /> }.into_any(),
        _ => view! {
            <section class="panel" role="alert">
                <h1>{td!(locale, error_page.title)}</h1>
                <p>{td!(locale, error_page.body)}</p>
            </section>
        }
        .into_any(),
    }
}

/// A page that needs a login, opened without one (a link from an email, say): the server
/// answers with a redirect to the login page, which goes on to this page once logged in
/// (`urls::login_then`). Where the redirect cannot happen any more, "please log in" with a link
/// that does the same.
#[component]
pub fn LoginRequired() -> impl IntoView {
    let locale = use_locale();
    let location = leptos_router::hooks::use_location();
    // The router's `search` is the query without its `?`.
    let search = location.search.get_untracked();
    let here = location.pathname.get_untracked() + if search.is_empty() { "" } else { "?" } + &search;
    let login = crate::urls::login_then(&here);
    // A 302 whoever asks (`leptos_axum::redirect` sets the status only for requests that
    // accept HTML, as it is meant for forms).
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(location)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(&login))
    {
        response.insert_header(http::header::LOCATION, location);
        response.set_status(http::StatusCode::FOUND);
    }
    view! {
        <section class="panel narrow">
            <h1>{td!(locale, login.title)}</h1>
            <p>{td!(locale, bills.login_required)}</p>
            <p><a class="button" href=login>{td!(locale, bills.login)}</a></p>
        </section>
    }
}

/// A busy indicator for content that is loading, announced to screen readers.
#[component]
pub fn Loading() -> impl IntoView {
    let locale = use_locale();
    view! { <p class="loading" role="status" aria-live="polite">{td!(locale, common.loading)}</p> }
}
