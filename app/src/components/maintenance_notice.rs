use crate::i18n::*;
use crate::site::Maintenance;
use crate::ui::PageTitle;
use leptos::prelude::*;

/// Shown instead of a customer page while the maintenance switch is on.
#[component]
pub fn MaintenanceNotice(maintenance: Maintenance) -> impl IntoView {
    let i18n = use_i18n();
    let Maintenance { message_zh, message_en, expected_end } = maintenance;
    let message = move || {
        let custom = match i18n.get_locale() {
            Locale::zh_CN => message_zh.clone(),
            Locale::en => message_en.clone(),
        };
        custom
            .filter(|m| !m.trim().is_empty())
            .unwrap_or_else(|| t_string!(i18n, maintenance.default_message).to_string())
    };
    view! {
        <PageTitle text=t_string!(i18n, maintenance.title) />
        <section class="panel maintenance" role="status">
            <h1>{t!(i18n, maintenance.title)}</h1>
            <p>{message}</p>
            {expected_end.map(|time| view! { <p>{t!(i18n, maintenance.expected_end, time = time.clone())}</p> })}
        </section>
    }
}
