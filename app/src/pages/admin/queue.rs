use crate::admin::queue::{QueueFilter, QueuePage, staff_queue};
use crate::components::{LoadError, Loading, StatusBadge};
use crate::domain::{ApplicationStatus, DeliveryMethod, FapiaoType, Medium};
use crate::i18n::*;
use crate::labels::{code_label, delivery_label, fapiao_kind_label, status_label};
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/admin`: every open application, the one due first on top, with filters and search.
#[component]
pub fn QueuePage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        let text = |name: &str| q.get(name).unwrap_or_default();
        QueueFilter {
            status: text("status"),
            fapiao_type: text("fapiao_type"),
            medium: text("medium"),
            delivery: text("delivery"),
            overdue: q.get("overdue").is_some_and(|v| v == "true"),
            q: text("q"),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        }
    };
    let queue = Resource::new_blocking(filter, staff_queue);
    // Anyone else gets the queue's "not found", and nothing above it.
    let staff = crate::auth::use_current_account().is_some_and(|a| a.role != crate::domain::Role::Customer);
    view! {
        <PageTitle text=td_string!(locale, admin.queue_title) />
        // The figures on the queue as it opens; a filtered or later page is work, not a look.
        {(staff && query.get_untracked().into_iter().next().is_none()).then(|| view! { <super::dashboard::DashboardPanel /> })}
        <section class="panel wide">
            <h1>{td!(locale, admin.queue_title)}</h1>
            <QueueFilters filter=filter() />
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match queue.await {
                        Ok(page) => view! { <QueueTable page filter=filter() /> }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn QueueFilters(filter: QueueFilter) -> impl IntoView {
    let locale = use_locale();
    let select = move |id: &'static str,
                       name: &'static str,
                       label: fn(Locale) -> &'static str,
                       current: String,
                       options: Vec<(String, String)>| {
        view! {
            <div class="field">
                <label for=id>{move || label(locale)}</label>
                <select id=id name=name>
                    <option value="">{td_string!(locale, admin.any)}</option>
                    {options.into_iter().map(|(value, text)| {
                        let selected = value == current;
                        view! { <option value=value selected=selected>{text}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let statuses = std::iter::once(("all".to_owned(), td_string!(locale, admin.all_statuses).to_owned()))
        .chain(ApplicationStatus::ALL.iter().map(|s| (s.code().to_owned(), status_label(locale, *s).to_owned())))
        .collect();
    let codes =
        |codes: Vec<&'static str>| codes.into_iter().map(|c| (c.to_owned(), code_label(locale, c))).collect::<Vec<_>>();
    view! {
        <form class="filters" method="get" action="/admin" role="search">
            {select("queue-status", "status", |l| td_string!(l, admin.status_filter), filter.status.clone(), statuses)}
            {select("queue-type", "fapiao_type", |l| td_string!(l, apply.type_legend), filter.fapiao_type.clone(),
                codes(FapiaoType::ALL.iter().map(|t| t.code()).collect()))}
            {select("queue-medium", "medium", |l| td_string!(l, apply.medium_legend), filter.medium.clone(),
                codes(Medium::ALL.iter().map(|m| m.code()).collect()))}
            {select("queue-delivery", "delivery", |l| td_string!(l, apply.delivery_legend), filter.delivery.clone(),
                codes(DeliveryMethod::ALL.iter().map(|d| d.code()).collect()))}
            <div class="field">
                <label for="queue-q">{td!(locale, admin.search)}</label>
                <input id="queue-q" name="q" type="search" value=filter.q.clone() maxlength="100" />
            </div>
            <div class="field checkbox">
                <input id="queue-overdue" name="overdue" type="checkbox" value="true" checked=filter.overdue />
                <label for="queue-overdue">{td!(locale, admin.overdue_only)}</label>
            </div>
            <button type="submit">{td!(locale, admin.apply_filters)}</button>
        </form>
    }
}

#[component]
fn QueueTable(page: QueuePage, filter: QueueFilter) -> impl IntoView {
    let locale = use_locale();
    let reversals = (!page.reversals.is_empty()).then(|| {
        let rows = page.reversals.clone();
        view! {
            <section class="reversal-work" aria-labelledby="reversal-work-heading">
                <h2 id="reversal-work-heading">{td!(locale, admin.reversal_work)}</h2>
                <ul class="plain-list">
                    {rows.into_iter().map(|row| view! {
                        <li>
                            <a href=crate::urls::admin_application(&row.number)>{row.number.clone()}</a>
                            " · " {row.order_number.clone()} " · " {row.title.clone()} " "
                            {row.needs_reversal.then(|| view! { <span class="badge badge-overdue">{td!(locale, admin.needs_reversal)}</span> " " })}
                            {row.reissue_requested.then(|| view! { <span class="badge badge-overdue">{td!(locale, admin.reissue_requested)}</span> " " })}
                            <StatusBadge status=row.status />
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    });
    if page.rows.is_empty() {
        return view! { {reversals} <p class="empty">{td!(locale, admin.queue_empty)}</p> }.into_any();
    }
    let link = move |n: u64| {
        let f = &filter;
        let mut url = format!("/admin?page={n}");
        for (key, value) in [
            ("status", &f.status),
            ("fapiao_type", &f.fapiao_type),
            ("medium", &f.medium),
            ("delivery", &f.delivery),
            ("q", &f.q),
        ] {
            if !value.is_empty() {
                url.push_str(&format!("&{key}={}", crate::urls::urlencode(value)));
            }
        }
        if f.overdue {
            url.push_str("&overdue=true");
        }
        url
    };
    let (current, pages, total) = (page.page, page.pages, page.total);
    view! {
        {reversals}
        <p class="hint">{td!(locale, admin.queue_count, total)}</p>
        <div class="table-wrap">
            <table class="data-table">
                <caption class="visually-hidden">{td!(locale, admin.queue_title)}</caption>
                <thead><tr>
                    <th scope="col">{td!(locale, application.number)}</th>
                    <th scope="col">{td!(locale, bills.order_number)}</th>
                    <th scope="col">{td!(locale, apply.title_label)}</th>
                    <th scope="col">{td!(locale, apply.type_legend)}</th>
                    <th scope="col">{td!(locale, apply.delivery_legend)}</th>
                    <th scope="col">{td!(locale, application.status)}</th>
                    <th scope="col">{td!(locale, application.submitted_at)}</th>
                    <th scope="col">{td!(locale, application.due)}</th>
                </tr></thead>
                <tbody>
                    {page.rows.into_iter().map(|row| {
                        let (fapiao_type, medium, delivery) = (row.fapiao_type, row.medium, row.delivery_method);
                        view! {
                            <tr class:overdue=row.overdue>
                                <th scope="row" class="nowrap" data-label=td_string!(locale, application.number)>
                                    <a href=crate::urls::admin_application(&row.number)>{row.number.clone()}</a>
                                </th>
                                <td class="nowrap" data-label=td_string!(locale, bills.order_number)>{row.order_number.clone()}</td>
                                <td data-label=td_string!(locale, apply.title_label)>
                                    {row.title.clone()}
                                    {row.taxpayer_id.clone().map(|id| view! { <br /><span class="hint">{id}</span> })}
                                </td>
                                <td data-label=td_string!(locale, apply.type_legend)>
                                    {move || fapiao_kind_label(locale, fapiao_type, medium)}
                                </td>
                                <td data-label=td_string!(locale, apply.delivery_legend)>{delivery_label(locale, delivery)}</td>
                                <td data-label=td_string!(locale, application.status)>
                                    <StatusBadge status=row.status />
                                    {row.received.then(|| view! { " " <span class="badge badge-issued">{td!(locale, admin.received)}</span> })}
                                </td>
                                <td data-label=td_string!(locale, application.submitted_at)>{row.submitted_at.clone()}</td>
                                <td data-label=td_string!(locale, application.due)>
                                    {row.due_at.clone()}
                                    {row.overdue.then(|| view! { " " <span class="badge badge-overdue">{td!(locale, admin.overdue)}</span> })}
                                    {(row.due_today && !row.overdue).then(|| view! { " " <span class="badge badge-due-today">{td!(locale, admin.due_today)}</span> })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {(pages > 1).then(|| view! {
            <nav class="pagination" aria-label=td_string!(locale, bills.pagination)>
                {(current > 1).then(|| view! { <a href=link(current - 1) rel="prev">{td!(locale, bills.previous)}</a> })}
                <span aria-current="page">{td!(locale, bills.page, page = current, pages)}</span>
                {(current < pages).then(|| view! { <a href=link(current + 1) rel="next">{td!(locale, bills.next)}</a> })}
            </nav>
        })}
    }
    .into_any()
}
