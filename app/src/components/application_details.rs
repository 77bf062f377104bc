use crate::applications::ApplicationView;
use crate::domain::Courier;
use crate::i18n::*;
use crate::labels::{buyer_type_label, courier_label, delivery_label, fapiao_kind_label, status_label};
use crate::ui::use_locale;
use leptos::prelude::*;

/// An application's timeline, its issued fapiao (with the e-fapiao files) and the details as
/// submitted: the same for the customer and for staff.
#[component]
pub fn ApplicationDetails(
    application: ApplicationView,
    /// Shown to staff: the buyer's own actions (confirming a 红字确认单) are left out.
    #[prop(optional)]
    staff: bool,
) -> impl IntoView {
    let locale = use_locale();
    let a = application;
    let not_set = move || td_string!(locale, apply.not_set).to_string();
    let or_not_set = move |v: Option<String>| v.filter(|v| !v.is_empty()).unwrap_or_else(not_set);
    let (fapiao_type, medium, delivery, buyer_type) = (a.fapiao_type, a.medium, a.delivery_method, a.buyer_type);
    let electronic = medium == crate::domain::Medium::Electronic;
    let first_address =
        a.delivery_emails.clone().unwrap_or_default().split(',').next().unwrap_or_default().trim().to_owned();
    let number = a.number.clone();
    let received_at = a.received_at.clone();
    let can_confirm_receipt = !staff && a.status == crate::domain::ApplicationStatus::Mailed && a.received_at.is_none();
    let fapiao = a.fapiao.clone().map(|f| {
        let can_resend = electronic && !f.reversed;
        let deliveries = f.deliveries.clone();
        view! {
            <section class="panel" aria-labelledby="fapiao-heading">
                <h2 id="fapiao-heading">{td!(locale, application.fapiao_heading)}</h2>
                {f.reversed.then(|| view! { <p class="warning">{td!(locale, application.reversed_notice)}</p> })}
                <dl class="details">
                    <dt>{td!(locale, application.fapiao_number)}</dt><dd>{f.number.clone()}</dd>
                    {f.code.clone().map(|code| view! { <dt>{td!(locale, application.fapiao_code)}</dt><dd>{code}</dd> })}
                    <dt>{td!(locale, application.issue_date)}</dt><dd>{f.issue_date.clone()}</dd>
                    <dt>{td!(locale, bills.total_with_tax)}</dt><dd>{f.amount.clone()}</dd>
                    <dt>{td!(locale, bills.tax_rate)}</dt><dd>{f.tax_rate.clone()}</dd>
                    <dt>{td!(locale, bills.tax_amount)}</dt><dd>{f.tax.clone()}</dd>
                    {f.courier.clone().map(|c| view! { <dt>{td!(locale, application.courier)}</dt><dd>{move || Courier::parse(&c).map_or_else(|_| c.clone(), |c| courier_label(locale, c).to_owned())}</dd> })}
                    {f.tracking_number.clone().map(|t| {
                        let track = f.courier.as_deref().and_then(|c| Courier::parse(c).ok()).map(|c| crate::urls::courier_tracking(c, &t));
                        view! {
                            <dt>{td!(locale, application.tracking_number)}</dt>
                            <dd>
                                <span class="copyable">{t.clone()}</span>
                                {track.map(|href| view! {
                                    " " <a href=href rel="external noopener noreferrer" target="_blank">
                                        {td!(locale, application.track)}<span class="visually-hidden">{td!(locale, application.opens_new_tab)}</span>
                                    </a>
                                })}
                            </dd>
                        }
                    })}
                    {received_at.clone().map(|at| view! { <dt>{td!(locale, application.received_at)}</dt><dd>{at}</dd> })}
                </dl>
                {can_confirm_receipt.then(|| view! { <ReceiptForm number=number.clone() /> })}
                {(!f.files.is_empty()).then(|| view! {
                    <h3>{td!(locale, application.files)}</h3>
                    <ul class="file-list">
                        {f.files.iter().cloned().map(|file| {
                            let label = format!("{} ({}, {} KB)", file.file_name, file.kind.code().to_uppercase(), (file.size_bytes + 1023) / 1024);
                            view! {
                                <li><a href=file.href rel="external" download="">{td!(locale, application.download)} " " {label}</a></li>
                            }
                        }).collect_view()}
                    </ul>
                })}
                {(!deliveries.is_empty()).then(|| view! {
                    <h3>{td!(locale, application.deliveries)}</h3>
                    <ul class="delivery-list">
                        {deliveries.into_iter().map(|d| {
                            let state = d.state;
                            view! {
                                <li>
                                    {d.to.clone()} " · "
                                    {delivery_state_label(locale, state)} " " <time>{d.at.clone()}</time>
                                    {d.by_link.then(|| view! { " · " {td!(locale, application.delivered_by_link)} })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })}
                {can_resend.then(|| view! { <ResendForm number=number.clone() address=first_address.clone() /> })}
            </section>
        }
    });
    let reversal = a.reversal.clone().map(|r| {
        let reason = r.reason;
        let waiting_for_buyer = !staff && a.status == crate::domain::ApplicationStatus::AwaitingBuyerConfirmation;
        let number = a.number.clone();
        view! {
            <section class="panel" aria-labelledby="reversal-heading">
                <h2 id="reversal-heading">{td!(locale, application.reversal_heading)}</h2>
                <dl class="details">
                    <dt>{td!(locale, admin.reversal_reason)}</dt><dd>{crate::labels::reversal_reason_label(locale, reason)}</dd>
                    <dt>{td!(locale, admin.confirmation_number)}</dt><dd>{r.confirmation_number.clone()}</dd>
                    {r.returned_at.clone().map(|at| view! { <dt>{td!(locale, application.returned_at)}</dt><dd>{at}</dd> })}
                    {r.buyer_confirmed_at.clone().map(|at| view! { <dt>{td!(locale, application.buyer_confirmed_at)}</dt><dd>{at}</dd> })}
                    {r.red_fapiao_number.clone().map(|n| view! { <dt>{td!(locale, admin.red_number)}</dt><dd>{n}</dd> })}
                    {r.red_issue_date.clone().map(|d| view! { <dt>{td!(locale, admin.red_date)}</dt><dd>{d}</dd> })}
                </dl>
                {waiting_for_buyer.then(|| view! { <ConfirmReversalForm number=number.clone() /> })}
            </section>
        }
    });
    view! {
        {fapiao}
        {reversal}
        <section class="panel" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{td!(locale, application.timeline)}</h2>
            <ol class="timeline">
                {a.timeline.iter().map(|entry| view! {
                    <li>
                        <span class="timeline-status">{status_label(locale, entry.status)}</span>
                        " " <time>{entry.at.clone()}</time>
                        {entry.note.clone().map(|note| view! { <p class="hint">{note}</p> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
        <section class="panel" aria-labelledby="details-heading">
            <h2 id="details-heading">{td!(locale, apply.section_title)}</h2>
            <dl class="details">
                <dt>{td!(locale, apply.section_type)}</dt><dd>{move || fapiao_kind_label(locale, fapiao_type, medium)}</dd>
                <dt>{td!(locale, apply.buyer_type_legend)}</dt><dd>{buyer_type_label(locale, buyer_type)}</dd>
                <dt>{td!(locale, apply.title_label)}</dt><dd>{a.title.clone()}</dd>
                <dt>{td!(locale, apply.taxpayer_id)}</dt><dd>{or_not_set(a.taxpayer_id.clone())}</dd>
                {a.registered_address.clone().map(|v| view! { <dt>{td!(locale, apply.registered_address)}</dt><dd>{v}</dd> })}
                {a.registered_phone.clone().map(|v| view! { <dt>{td!(locale, apply.registered_phone)}</dt><dd>{v}</dd> })}
                {a.bank_name.clone().map(|v| view! { <dt>{td!(locale, apply.bank_name)}</dt><dd>{v}</dd> })}
                {a.bank_account.clone().map(|v| view! { <dt>{td!(locale, apply.bank_account)}</dt><dd>{v}</dd> })}
                {a.remark.clone().map(|v| view! { <dt>{td!(locale, apply.remark)}</dt><dd class="copyable">{v}</dd> })}
                <dt>{td!(locale, apply.delivery_legend)}</dt><dd>{delivery_label(locale, delivery)}</dd>
                {a.delivery_emails.clone().map(|v| view! { <dt>{td!(locale, apply.emails)}</dt><dd>{v}</dd> })}
                {a.recipient.clone().map(|v| view! { <dt>{td!(locale, apply.recipient)}</dt><dd>{v}</dd> })}
                {a.mobile.clone().map(|v| view! { <dt>{td!(locale, apply.mobile)}</dt><dd>{v}</dd> })}
                {a.address.clone().map(|v| view! { <dt>{td!(locale, apply.address_legend)}</dt><dd>{v}</dd> })}
                {a.postal_code.clone().map(|v| view! { <dt>{td!(locale, apply.postal_code)}</dt><dd>{v}</dd> })}
            </dl>
            {a.payer_name_differs.then(|| view! { <p class="warning">{td!(locale, application.payer_differs)}</p> })}
        </section>
    }
}

/// Where one emailing of the e-fapiao stands.
fn delivery_state_label(locale: Locale, state: crate::domain::OutboxStatus) -> &'static str {
    use crate::domain::OutboxStatus;
    match state {
        OutboxStatus::Pending => td_string!(locale, application.delivery_pending),
        OutboxStatus::Sent => td_string!(locale, application.delivery_sent),
        OutboxStatus::Failed => td_string!(locale, application.delivery_failed),
    }
}

/// 签收: "the paper fapiao arrived", once, for a mailed one.
#[component]
fn ReceiptForm(number: String) -> impl IntoView {
    let locale = use_locale();
    let confirm = ServerAction::<crate::applications::ConfirmReceipt>::new();
    let done = crate::ui::done_by_form("received") || matches!(confirm.value().get_untracked(), Some(Ok(())));
    let failed = move || matches!(confirm.value().get(), Some(Err(_)));
    view! {
        {move || failed().then(|| view! { <p class="form-error" role="alert">{td!(locale, error_page.body)}</p> })}
        {(!done).then(|| view! {
            <ActionForm action=confirm attr:class="inline-action">
                <input type="hidden" name="number" value=number />
                <p class="hint">{td!(locale, application.receipt_hint)}</p>
                <button type="submit">{td!(locale, application.confirm_receipt)}</button>
            </ActionForm>
        })}
    }
}

/// Sends the e-fapiao again, to the address given (the first receiving address, or a
/// corrected one).
#[component]
fn ResendForm(number: String, address: String) -> impl IntoView {
    let locale = use_locale();
    let resend = ServerAction::<crate::applications::ResendFapiao>::new();
    let pending = resend.pending();
    let resent = crate::ui::done_by_form("resent");
    let done = move || resent || matches!(resend.value().get(), Some(Ok(())));
    let error = crate::components::server_field_error(resend, "resend_to");
    let other_error = move || match resend.value().get() {
        Some(Err(crate::error::AppError::TooManyAttempts { retry_after_minutes })) => {
            Some(td_string!(locale, application.resend_too_many, minutes = retry_after_minutes).to_string())
        }
        Some(Err(crate::error::AppError::Conflict(message))) => Some(message),
        Some(Err(crate::error::AppError::Validation(_)) | Ok(())) | None => None,
        Some(Err(_)) => Some(td_string!(locale, error_page.body).to_string()),
    };
    view! {
        <ActionForm action=resend attr:class="resend-form">
            <h3>{td!(locale, application.resend_heading)}</h3>
            <input type="hidden" name="number" value=number />
            <crate::components::TextField id="resend-to" name="resend_to" input_type="email" autocomplete="email"
                label=Signal::derive(move || td_string!(locale, application.resend_to).to_string())
                hint=Signal::derive(move || td_string!(locale, application.resend_hint).to_string())
                value=address maxlength=254 server_error=error />
            {move || other_error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || done().then(|| view! { <p class="notice" role="status">{td!(locale, application.resend_done)}</p> })}
            <button type="submit" aria-disabled=move || pending.get().to_string()>
                {move || if pending.get() { td_string!(locale, application.resending) } else { td_string!(locale, application.resend) }}
            </button>
        </ActionForm>
    }
}

/// The buyer's confirmation of a 红字确认单: only the buyer confirms (the server answers anyone
/// else 404).
#[component]
fn ConfirmReversalForm(number: String) -> impl IntoView {
    let locale = use_locale();
    let confirm = ServerAction::<crate::applications::ConfirmReversal>::new();
    let pending = confirm.pending();
    let failed = move || matches!(confirm.value().get(), Some(Err(_)));
    view! {
        <ActionForm action=confirm attr:class="confirm-reversal-form">
            <p class="notice">{td!(locale, application.confirm_reversal_lead)}</p>
            <input type="hidden" name="number" value=number />
            {move || failed().then(|| view! { <p class="form-error" role="alert">{td!(locale, error_page.body)}</p> })}
            <button type="submit" aria-disabled=move || pending.get().to_string()>{td!(locale, application.confirm_reversal)}</button>
        </ActionForm>
    }
}
