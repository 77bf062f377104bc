use crate::admin::audit::{AuditPage, load_audit_log};
use crate::components::{LoadError, Loading};
use crate::i18n::*;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/admin/audit`: the audit log, newest first, searchable.
#[component]
pub fn AuditPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let before = move || query.read().get("before").and_then(|b| b.parse::<i32>().ok());
    let log = Resource::new_blocking(move || (q(), before()), |(q, before)| load_audit_log(q, before));
    view! {
        <PageTitle text=td_string!(locale, audit.title) />
        <section class="panel wide">
            <h1>{td!(locale, audit.title)}</h1>
            <form class="filters" method="get" action="/admin/audit" role="search">
                <div class="field">
                    <label for="audit-q">{td!(locale, audit.filter_label)}</label>
                    <input id="audit-q" name="q" type="search" autocomplete="off" value=q() maxlength="200" />
                </div>
                <button type="submit">{td!(locale, audit.find)}</button>
            </form>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match log.await {
                        Ok(page) => view! { <AuditTable page q=q() first=before().is_none() /> }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AuditTable(page: AuditPage, q: String, first: bool) -> impl IntoView {
    let locale = use_locale();
    if page.rows.is_empty() {
        return view! { <p class="empty">{td!(locale, audit.empty)}</p> }.into_any();
    }
    let search = if q.is_empty() { String::new() } else { format!("q={}&", crate::urls::urlencode(&q)) };
    let newest = format!("/admin/audit?{}", search.trim_end_matches('&'));
    let older = page.older.map(|id| format!("/admin/audit?{search}before={id}"));
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption class="visually-hidden">{td!(locale, audit.title)}</caption>
                <thead><tr>
                    <th scope="col">{td!(locale, audit.time)}</th>
                    <th scope="col">{td!(locale, audit.actor)}</th>
                    <th scope="col">{td!(locale, audit.action)}</th>
                    <th scope="col">{td!(locale, audit.target)}</th>
                    <th scope="col">{td!(locale, audit.detail)}</th>
                    <th scope="col">{td!(locale, audit.from)}</th>
                </tr></thead>
                <tbody>
                    {page.rows.into_iter().map(|row| view! {
                        <tr>
                            <th scope="row" data-label=td_string!(locale, audit.time)>{row.at.clone()}</th>
                            <td data-label=td_string!(locale, audit.actor)>
                                {match row.actor.clone() {
                                    Some(email) => email.into_any(),
                                    None => td!(locale, audit.system).into_any(),
                                }}
                            </td>
                            <td data-label=td_string!(locale, audit.action)><code>{row.action.clone()}</code></td>
                            <td data-label=td_string!(locale, audit.target)>{row.target.clone()}</td>
                            <td data-label=td_string!(locale, audit.detail)>{row.detail.clone().unwrap_or_default()}</td>
                            <td data-label=td_string!(locale, audit.from)>{row.ip.clone().unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <nav class="pagination" aria-label=td_string!(locale, bills.pagination)>
            {(!first).then(|| view! { <a href=newest>{td!(locale, audit.newer)}</a> })}
            {older.map(|href| view! { <a href=href rel="next">{td!(locale, audit.older)}</a> })}
        </nav>
    }
    .into_any()
}
