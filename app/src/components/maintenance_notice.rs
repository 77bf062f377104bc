use crate::i18n::*;
use crate::site::Maintenance;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;

/// Shown instead of a customer page while the maintenance switch is on.
#[component]
pub fn MaintenanceNotice(maintenance: Maintenance) -> impl IntoView {
    let locale = use_locale();
    let Maintenance { message_zh, message_en, expected_end } = maintenance;
    let message = move || {
        let custom = match locale {
            Locale::zh_CN => message_zh.clone(),
            Locale::en => message_en.clone(),
        };
        custom
            .filter(|m| !m.trim().is_empty())
            .unwrap_or_else(|| td_string!(locale, maintenance.default_message).to_string())
    };
    view! {
        <PageTitle text=td_string!(locale, maintenance.title) />
        <section class="panel maintenance" role="status">
            <h1>{td!(locale, maintenance.title)}</h1>
            <p>{message}</p>
            {expected_end.map(|time| view! { <p>{td!(locale, maintenance.expected_end, time = time.clone())}</p> })}
        </section>
    }
}
