use crate::i18n::*;
use crate::ui::PageTitle;
use leptos::prelude::*;

/// The landing page: what the Fapiao Center does and how an application goes.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text="" />
        <section class="panel hero">
            <h1>{t!(i18n, home.title)}</h1>
            <p class="lead">{t!(i18n, home.lead)}</p>
            <p class="actions">
                <a class="button" href="/register">{t!(i18n, home.register_cta)}</a>
            </p>
        </section>
        <section class="panel" aria-labelledby="how-heading">
            <h2 id="how-heading">{t!(i18n, home.how_heading)}</h2>
            <ol class="steps">
                <li>{t!(i18n, home.step_register)}</li>
                <li>{t!(i18n, home.step_login)}</li>
                <li>{t!(i18n, home.step_bills)}</li>
                <li>{t!(i18n, home.step_apply)}</li>
                <li>{t!(i18n, home.step_track)}</li>
            </ol>
        </section>
        <section class="panel" aria-labelledby="order-id-heading">
            <h2 id="order-id-heading">{t!(i18n, home.order_id_heading)}</h2>
            <p>{t!(i18n, home.order_id_answer)}</p>
        </section>
    }
}
