use crate::applications::{get_application, list_applications};
use crate::components::{LoadError, Loading, StatusBadge};
use crate::i18n::*;
use crate::ui::{code_label, status_label};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/applications/{number}`: status, due time, timeline and the details as submitted.
#[component]
pub fn ApplicationPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let number = move || params.read().get("number").unwrap_or_default();
    let just_submitted = use_query_map().read_untracked().get("submitted").is_some();
    let application = Resource::new_blocking(number, get_application);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let a = match application.await {
                    Ok(a) => a,
                    Err(error) => return view! { <LoadError error /> }.into_any(),
                };
                let number = a.number.clone();
                let title = move || t_string!(i18n, application.title, number = number.clone()).to_string();
                let not_set = move || t_string!(i18n, apply.not_set).to_string();
                let or_not_set = move |v: Option<String>| v.filter(|v| !v.is_empty()).unwrap_or_else(not_set);
                let (fapiao_type, medium, delivery) = (a.fapiao_type.clone(), a.medium.clone(), a.delivery_method.clone());
                let bill_href = format!("/bills/{}", a.bill.order_number);
                view! {
                    <Title text={
                            let title = title.clone();
                            move || crate::ui::page_title(i18n.get_locale(), &title())
                        } />
                    <section class="panel">
                        <p><a href="/applications">{t!(i18n, application.list_title)}</a></p>
                        <h1>{title.clone()}</h1>
                        {just_submitted.then(|| view! { <p class="notice success" role="status">{t!(i18n, application.submitted_notice)}</p> })}
                        <dl class="details">
                            <dt>{t!(i18n, application.status)}</dt><dd><StatusBadge status=a.status /></dd>
                            <dt>{t!(i18n, application.submitted_at)}</dt><dd>{a.submitted_at.clone()}</dd>
                            <dt>{t!(i18n, application.due)}</dt><dd>{a.due_at.clone()}</dd>
                            <dt>{t!(i18n, application.bill)}</dt>
                            <dd><a href=bill_href>{a.bill.order_number.clone()}</a> " · " {a.bill.product.clone()} " · " {a.bill.amount.clone()}</dd>
                        </dl>
                        {a.rejection_reason.clone().map(|reason| view! {
                            <p class="warning">{t!(i18n, application.rejected_reason, reason)}</p>
                        })}
                    </section>
                    <section class="panel" aria-labelledby="timeline-heading">
                        <h2 id="timeline-heading">{t!(i18n, application.timeline)}</h2>
                        <ol class="timeline">
                            {a.timeline.iter().cloned().map(|entry| view! {
                                <li>
                                    <span class="timeline-status">{move || status_label(i18n.get_locale(), entry.status)}</span>
                                    " " <time>{entry.at.clone()}</time>
                                    {entry.note.clone().map(|note| view! { <p class="hint">{note}</p> })}
                                </li>
                            }).collect_view()}
                        </ol>
                    </section>
                    <section class="panel" aria-labelledby="details-heading">
                        <h2 id="details-heading">{t!(i18n, apply.section_title)}</h2>
                        <dl class="details">
                            <dt>{t!(i18n, apply.type_legend)}</dt><dd>{move || code_label(i18n.get_locale(), &fapiao_type)}</dd>
                            <dt>{t!(i18n, apply.medium_legend)}</dt><dd>{move || code_label(i18n.get_locale(), &medium)}</dd>
                            <dt>{t!(i18n, apply.title_label)}</dt><dd>{a.title.clone()}</dd>
                            <dt>{t!(i18n, apply.taxpayer_id)}</dt><dd>{or_not_set(a.taxpayer_id.clone())}</dd>
                            {a.registered_address.clone().map(|v| view! { <dt>{t!(i18n, apply.registered_address)}</dt><dd>{v}</dd> })}
                            {a.registered_phone.clone().map(|v| view! { <dt>{t!(i18n, apply.registered_phone)}</dt><dd>{v}</dd> })}
                            {a.bank_name.clone().map(|v| view! { <dt>{t!(i18n, apply.bank_name)}</dt><dd>{v}</dd> })}
                            {a.bank_account.clone().map(|v| view! { <dt>{t!(i18n, apply.bank_account)}</dt><dd>{v}</dd> })}
                            <dt>{t!(i18n, apply.delivery_legend)}</dt><dd>{move || code_label(i18n.get_locale(), &delivery)}</dd>
                            {a.delivery_emails.clone().map(|v| view! { <dt>{t!(i18n, apply.emails)}</dt><dd>{v}</dd> })}
                            {a.recipient.clone().map(|v| view! { <dt>{t!(i18n, apply.recipient)}</dt><dd>{v}</dd> })}
                            {a.mobile.clone().map(|v| view! { <dt>{t!(i18n, apply.mobile)}</dt><dd>{v}</dd> })}
                            {a.address.clone().map(|v| view! { <dt>{t!(i18n, apply.address_legend)}</dt><dd>{v}</dd> })}
                            {a.postal_code.clone().map(|v| view! { <dt>{t!(i18n, apply.postal_code)}</dt><dd>{v}</dd> })}
                        </dl>
                        {a.payer_name_differs.then(|| view! { <p class="warning">{t!(i18n, application.payer_differs)}</p> })}
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// `/applications`: the customer's applications, newest first.
#[component]
pub fn ApplicationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let applications = Resource::new_blocking(|| (), |_| list_applications());
    view! {
        <Title text=move || crate::ui::page_title(i18n.get_locale(), t_string!(i18n, application.list_title)) />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match applications.await {
                    Err(error) => view! { <LoadError error /> }.into_any(),
                    Ok(list) => view! {
                        <section class="panel">
                            <h1>{t!(i18n, application.list_title)}</h1>
                            {if list.is_empty() {
                                view! { <p class="empty">{t!(i18n, application.list_empty)} " " <a href="/bills">{t!(i18n, nav.bills)}</a></p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap">
                                        <table class="data-table">
                                            <caption class="visually-hidden">{t!(i18n, application.caption)}</caption>
                                            <thead><tr>
                                                <th scope="col">{t!(i18n, application.number)}</th>
                                                <th scope="col">{t!(i18n, bills.order_number)}</th>
                                                <th scope="col">{t!(i18n, apply.title_label)}</th>
                                                <th scope="col">{t!(i18n, application.status)}</th>
                                                <th scope="col">{t!(i18n, application.submitted_at)}</th>
                                            </tr></thead>
                                            <tbody>
                                                {list.into_iter().map(|a| view! {
                                                    <tr>
                                                        <th scope="row" data-label=move || t_string!(i18n, application.number)>
                                                            <a href=format!("/applications/{}", a.number)>{a.number.clone()}</a>
                                                        </th>
                                                        <td data-label=move || t_string!(i18n, bills.order_number)>{a.order_number.clone()}</td>
                                                        <td data-label=move || t_string!(i18n, apply.title_label)>{a.title.clone()}</td>
                                                        <td data-label=move || t_string!(i18n, application.status)><StatusBadge status=a.status /></td>
                                                        <td data-label=move || t_string!(i18n, application.submitted_at)>{a.submitted_at.clone()}</td>
                                                    </tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                }.into_any()
                            }}
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
