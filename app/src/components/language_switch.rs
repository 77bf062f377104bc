use crate::i18n::*;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Switches between Chinese and English. Without JavaScript the form posts to `/locale`,
/// which sets the language cookie and returns to the same page; once hydrated the switch
/// happens in place, without a reload, and the same cookie is written.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let other = move || match i18n.get_locale() {
        Locale::zh_CN => Locale::en,
        Locale::en => Locale::zh_CN,
    };
    let back_to = move || format!("{}{}", location.pathname.get(), location.search.get());
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        i18n.set_locale(other());
    };

    view! {
        <form class="language-switch" method="post" action="/locale" on:submit=on_submit>
            <input type="hidden" name="locale" value=move || other().as_str() />
            <input type="hidden" name="next" value=back_to />
            <button type="submit" lang=move || other().as_str() title=move || t_string!(i18n, language.switch_hint)>
                {t!(i18n, language.switch_to)}
            </button>
        </form>
    }
}
