use crate::i18n::*;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/admin/orders`: import an order file from the billing platform, export applications as
/// CSV. Both are plain forms handled by server routes (`server/src/staff_files.rs`): an upload
/// and a download work the same with or without JavaScript.
#[component]
pub fn OrdersPage() -> impl IntoView {
    let locale = use_locale();
    let staff = crate::auth::use_current_account().is_some_and(|a| a.role != crate::domain::Role::Customer);
    if !staff {
        return view! { <crate::pages::NotFoundPage /> }.into_any();
    }
    // Only admins change this; staff see why the form is not there.
    let not_admin = !crate::auth::use_is_admin();
    let query = use_query_map();
    let count = move |name: &str| query.read().get(name).and_then(|v| v.parse::<usize>().ok());
    let result = move || {
        let (created, updated, unchanged, emails) =
            (count("created")?, count("updated")?, count("unchanged")?, count("emails")?);
        Some(td_string!(locale, orders_import.result, created, updated, unchanged, emails).to_string())
    };
    let refused =
        move || query.read().get("error").map(|reason| td_string!(locale, orders_import.refused, reason).to_string());
    view! {
        <PageTitle text=td_string!(locale, orders_import.title) />
        <section class="panel wide" aria-labelledby="import-heading">
            <h1 id="import-heading">{td!(locale, orders_import.title)}</h1>
            <p class="hint">{td!(locale, orders_import.intro)}</p>
            {move || result().map(|text| view! { <p class="notice" role="status">{text}</p> })}
            {move || refused().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
            {not_admin.then(|| view! { <p class="hint">{td!(locale, admin.admin_only)}</p> })}
            <form method="post" action="/admin/orders/import" enctype="multipart/form-data" hidden=not_admin>
                <div class="field">
                    <label for="import-file">{td!(locale, orders_import.file)}</label>
                    <input id="import-file" type="file" name="file" accept=".csv,.json,text/csv,application/json" required />
                </div>
                <button type="submit">{td!(locale, orders_import.import)}</button>
            </form>
        </section>
        <section class="panel wide" aria-labelledby="export-heading">
            <h2 id="export-heading">{td!(locale, orders_import.export_heading)}</h2>
            <p class="hint">{td!(locale, orders_import.export_hint)}</p>
            // A file, not a page: the browser downloads it (islands.js leaves `data-native` alone).
            <form method="get" action="/admin/export/applications.csv" class="filters" data-native="">
                <div class="field">
                    <label for="export-from">{td!(locale, orders_import.from)}</label>
                    <input id="export-from" type="date" name="from" required />
                </div>
                <div class="field">
                    <label for="export-to">{td!(locale, orders_import.to)}</label>
                    <input id="export-to" type="date" name="to" required />
                </div>
                <button type="submit">{td!(locale, orders_import.export)}</button>
            </form>
        </section>
    }
    .into_any()
}
