use crate::i18n::*;
use crate::ui::use_locale;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Switches between Chinese and English: the form posts to `/locale`, where the server sets the
/// language cookie and sends the browser back to the same page, now in the other language.
/// The page's navigation (`islands.js`) does that without a full reload; without JavaScript it
/// is an ordinary form.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let locale = use_locale();
    let location = use_location();
    let other = match locale {
        Locale::zh_CN => Locale::en,
        Locale::en => Locale::zh_CN,
    };
    // The router's `search` is the query without its `?`.
    let search = location.search.get_untracked();
    let back_to = if search.is_empty() {
        location.pathname.get_untracked()
    } else {
        format!("{}?{search}", location.pathname.get_untracked())
    };

    view! {
        <form class="language-switch" method="post" action="/locale">
            <input type="hidden" name="locale" value=other.as_str() />
            <input type="hidden" name="next" value=back_to />
            <button type="submit" lang=other.as_str() title=td_string!(locale, language.switch_hint)>
                {td_string!(locale, language.switch_to)}
            </button>
        </form>
    }
}
