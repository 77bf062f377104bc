use crate::applications::ApplicationView;
use crate::domain::Courier;
use crate::i18n::*;
use crate::labels::{buyer_type_label, courier_label, delivery_label, fapiao_kind_label, status_label};
use leptos::prelude::*;

/// An application's timeline, its issued fapiao (with the e-fapiao files) and the details as
/// submitted: the same for the customer and for staff.
#[component]
pub fn ApplicationDetails(application: ApplicationView) -> impl IntoView {
    let i18n = use_i18n();
    let a = application;
    let not_set = move || t_string!(i18n, apply.not_set).to_string();
    let or_not_set = move |v: Option<String>| v.filter(|v| !v.is_empty()).unwrap_or_else(not_set);
    let (fapiao_type, medium, delivery, buyer_type) = (a.fapiao_type, a.medium, a.delivery_method, a.buyer_type);
    let fapiao = a.fapiao.clone().map(|f| {
        view! {
            <section class="panel" aria-labelledby="fapiao-heading">
                <h2 id="fapiao-heading">{t!(i18n, application.fapiao_heading)}</h2>
                {f.reversed.then(|| view! { <p class="warning">{t!(i18n, application.reversed_notice)}</p> })}
                <dl class="details">
                    <dt>{t!(i18n, application.fapiao_number)}</dt><dd>{f.number.clone()}</dd>
                    {f.code.clone().map(|code| view! { <dt>{t!(i18n, application.fapiao_code)}</dt><dd>{code}</dd> })}
                    <dt>{t!(i18n, application.issue_date)}</dt><dd>{f.issue_date.clone()}</dd>
                    <dt>{t!(i18n, bills.total_with_tax)}</dt><dd>{f.amount.clone()}</dd>
                    <dt>{t!(i18n, bills.tax_rate)}</dt><dd>{f.tax_rate.clone()}</dd>
                    <dt>{t!(i18n, bills.tax_amount)}</dt><dd>{f.tax.clone()}</dd>
                    {f.courier.clone().map(|c| view! { <dt>{t!(i18n, application.courier)}</dt><dd>{move || Courier::parse(&c).map_or_else(|_| c.clone(), |c| courier_label(i18n.get_locale(), c).to_owned())}</dd> })}
                    {f.tracking_number.clone().map(|t| view! { <dt>{t!(i18n, application.tracking_number)}</dt><dd>{t}</dd> })}
                </dl>
                {(!f.files.is_empty()).then(|| view! {
                    <h3>{t!(i18n, application.files)}</h3>
                    <ul class="file-list">
                        {f.files.iter().cloned().map(|file| {
                            let label = format!("{} ({}, {} KB)", file.file_name, file.kind.code().to_uppercase(), (file.size_bytes + 1023) / 1024);
                            view! {
                                <li><a href=file.href rel="external" download="">{t!(i18n, application.download)} " " {label}</a></li>
                            }
                        }).collect_view()}
                    </ul>
                })}
            </section>
        }
    });
    view! {
        {fapiao}
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
                <dt>{t!(i18n, apply.section_type)}</dt><dd>{move || fapiao_kind_label(i18n.get_locale(), fapiao_type, medium)}</dd>
                <dt>{t!(i18n, apply.buyer_type_legend)}</dt><dd>{move || buyer_type_label(i18n.get_locale(), buyer_type)}</dd>
                <dt>{t!(i18n, apply.title_label)}</dt><dd>{a.title.clone()}</dd>
                <dt>{t!(i18n, apply.taxpayer_id)}</dt><dd>{or_not_set(a.taxpayer_id.clone())}</dd>
                {a.registered_address.clone().map(|v| view! { <dt>{t!(i18n, apply.registered_address)}</dt><dd>{v}</dd> })}
                {a.registered_phone.clone().map(|v| view! { <dt>{t!(i18n, apply.registered_phone)}</dt><dd>{v}</dd> })}
                {a.bank_name.clone().map(|v| view! { <dt>{t!(i18n, apply.bank_name)}</dt><dd>{v}</dd> })}
                {a.bank_account.clone().map(|v| view! { <dt>{t!(i18n, apply.bank_account)}</dt><dd>{v}</dd> })}
                <dt>{t!(i18n, apply.delivery_legend)}</dt><dd>{move || delivery_label(i18n.get_locale(), delivery)}</dd>
                {a.delivery_emails.clone().map(|v| view! { <dt>{t!(i18n, apply.emails)}</dt><dd>{v}</dd> })}
                {a.recipient.clone().map(|v| view! { <dt>{t!(i18n, apply.recipient)}</dt><dd>{v}</dd> })}
                {a.mobile.clone().map(|v| view! { <dt>{t!(i18n, apply.mobile)}</dt><dd>{v}</dd> })}
                {a.address.clone().map(|v| view! { <dt>{t!(i18n, apply.address_legend)}</dt><dd>{v}</dd> })}
                {a.postal_code.clone().map(|v| view! { <dt>{t!(i18n, apply.postal_code)}</dt><dd>{v}</dd> })}
            </dl>
            {a.payer_name_differs.then(|| view! { <p class="warning">{t!(i18n, application.payer_differs)}</p> })}
        </section>
    }
}
