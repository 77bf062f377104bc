use crate::i18n::*;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;

/// The landing page: what the Fapiao Center does and how an application goes.
#[component]
pub fn HomePage() -> impl IntoView {
    let locale = use_locale();
    view! {
        <PageTitle text="" />
        <section class="panel hero">
            <h1>{td!(locale, home.title)}</h1>
            <p class="lead">{td!(locale, home.lead)}</p>
            <p class="actions">
                <a class="button" href="/register">{td!(locale, home.register_cta)}</a>
            </p>
        </section>
        <section class="panel" aria-labelledby="how-heading">
            <h2 id="how-heading">{td!(locale, home.how_heading)}</h2>
            <ol class="steps">
                <li>{td!(locale, home.step_register)}</li>
                <li>{td!(locale, home.step_login)}</li>
                <li>{td!(locale, home.step_bills)}</li>
                <li>{td!(locale, home.step_apply)}</li>
                <li>{td!(locale, home.step_track)}</li>
            </ol>
        </section>
        <section class="panel" aria-labelledby="order-id-heading">
            <h2 id="order-id-heading">{td!(locale, home.order_id_heading)}</h2>
            <p>{td!(locale, home.order_id_answer)}</p>
        </section>
    }
}
