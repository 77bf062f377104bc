use crate::admin::queue::{StaffAct, StaffApplication, get_staff_application};
use crate::components::{ApplicationDetails, LoadError, Loading, StatusBadge, server_field_error};
use crate::domain::{ApplicationStatus, Medium, ReversalReason};
use crate::error::AppError;
use crate::i18n::*;
use crate::labels::reversal_reason_label;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/admin/applications/{number}`: the application, its timeline and bill, and the actions its
/// status allows.
#[component]
pub fn StaffApplicationPage() -> impl IntoView {
    let params = use_params_map();
    let number = move || params.read().get("number").unwrap_or_default();
    let act = ServerAction::<StaffAct>::new();
    let application =
        Resource::new_blocking(move || (number(), act.version().get()), |(number, _)| get_staff_application(number));
    let issue_error = use_query_map().read_untracked().get("issue_error");
    view! {
        <Suspense fallback=Loading>
            {move || {
                let issue_error = issue_error.clone();
                Suspend::new(async move {
                    match application.await {
                        Ok(staff) => view! { <StaffApplicationView staff act issue_error /> }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn StaffApplicationView(
    staff: StaffApplication,
    act: ServerAction<StaffAct>,
    issue_error: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    let a = staff.application.clone();
    let number = a.number.clone();
    let title = {
        let number = number.clone();
        move || td_string!(locale, admin.application_title, number = number.clone()).to_string()
    };
    let act_error = move || match act.value().get() {
        Some(Err(AppError::Conflict(message))) => Some(message),
        Some(Err(AppError::Validation(_))) => Some(td_string!(locale, admin.fix_fields).to_string()),
        Some(Err(_)) => Some(td_string!(locale, error_page.body).to_string()),
        _ => None,
    };
    // The issue upload answers a plain-form post with a redirect that carries its refusal:
    // `conflict`, `failed`, or the field errors as JSON, shown here as sentences.
    let issue_error = issue_error.map(|code| match code.as_str() {
        "conflict" => td_string!(locale, admin.conflict).to_string(),
        "failed" => td_string!(locale, error_page.body).to_string(),
        json => {
            let sentences = serde_json::from_str::<crate::error::FieldErrors>(json)
                .map(|fields| {
                    fields
                        .iter()
                        .map(|(field, e)| {
                            format!(
                                "{}: {}",
                                staff_field_label(locale, field),
                                crate::ui::validation_message(locale, e)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default();
            td_string!(locale, admin.issue_refused, reason = sentences).to_string()
        }
    });
    let paper = a.medium == Medium::Paper;
    let by_sf = a.delivery_method == crate::domain::DeliveryMethod::SfFreightCollect;
    let issue_action = format!("/admin/applications/{}/issue", a.number);
    let mail_number = a.number.clone();
    let reversal_number = a.number.clone();
    let red_number_of = a.number.clone();
    let status = a.status;
    let version = staff.version;
    // A fapiao for several bills is issued for their total.
    let bill_amount = a.together.as_ref().map_or(&a.bill.amount, |t| &t.total).trim_start_matches('¥').replace(',', "");
    let today = staff.today.clone();
    let action_form = move |action: &'static str, label: fn(Locale) -> &'static str, with_note: bool, danger: bool| {
        let number = number.clone();
        view! {
            <ActionForm action=act attr:class="inline-action">
                <input type="hidden" name="number" value=number />
                <input type="hidden" name="version" value=version />
                <input type="hidden" name="action" value=action />
                {with_note.then(|| view! {
                    <div class="field">
                        <label for=format!("note-{action}")>{td!(locale, admin.note)}</label>
                        <textarea id=format!("note-{action}") name="note" rows="2" maxlength="500"></textarea>
                    </div>
                })}
                <button type="submit" class:danger=danger>{move || label(locale)}</button>
            </ActionForm>
        }
    };

    view! {
        <PageTitle text=title() />
        <section class="panel wide">
            <p><a href="/admin">{td!(locale, admin.back_to_queue)}</a></p>
            <h1>{title.clone()}</h1>
            <dl class="details">
                <dt>{td!(locale, application.status)}</dt><dd><StatusBadge status=a.status /></dd>
                <dt>{td!(locale, admin.customer)}</dt><dd>{staff.customer_email.clone()}</dd>
                <dt>{td!(locale, application.bill)}</dt><dd>{a.bill.order_number.clone()} " · " {a.bill.product.clone()} " · " {td!(locale, bills.amount_with_tax, amount = a.bill.amount.clone(), rate = a.bill.tax_rate.clone(), tax = a.bill.tax.clone())} " · " {a.bill.payer_name.clone()}</dd>
                <dt>{td!(locale, application.submitted_at)}</dt><dd>{a.submitted_at.clone()}</dd>
                <dt>{td!(locale, application.due)}</dt><dd>{a.due_at.clone()}</dd>
            </dl>
            {a.together.clone().map(|together| view! { <crate::components::TogetherBills together /> })}
            {a.reissue.clone().filter(|r| !r.resolved).map(|r| view! {
                <section class="reissue-request" aria-labelledby="reissue-request-heading">
                    <h2 id="reissue-request-heading">{td!(locale, admin.reissue_heading)}</h2>
                    <dl class="details">
                        <dt>{td!(locale, application.reissue_reason)}</dt><dd class="copyable">{r.reason.clone()}</dd>
                        <dt>{td!(locale, apply.buyer_type_legend)}</dt><dd>{crate::labels::buyer_type_label(locale, r.buyer_type)}</dd>
                        <dt>{td!(locale, apply.type_legend)}</dt><dd>{crate::labels::fapiao_type_label(locale, r.fapiao_type)}</dd>
                        <dt>{td!(locale, application.reissue_title)}</dt><dd class="copyable">{r.title.clone()}</dd>
                        <dt>{td!(locale, application.reissue_taxpayer_id)}</dt><dd class="copyable">{r.taxpayer_id.clone().unwrap_or_default()}</dd>
                    </dl>
                </section>
            })}
        </section>
        <section class="panel wide" aria-labelledby="actions-heading">
            <h2 id="actions-heading">{td!(locale, admin.actions)}</h2>
            {move || act_error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {issue_error.map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {(status == ApplicationStatus::Submitted).then(|| action_form("start", |l| td_string!(l, admin.start), false, false))}
            {(status == ApplicationStatus::Processing).then(|| view! {
                <form class="issue-form" method="post" action=issue_action.clone() enctype="multipart/form-data">
                    <h3>{td!(locale, admin.issue_heading)}</h3>
                    <input type="hidden" name="version" value=version />
                    {paper.then(|| view! {
                        <div class="field">
                            <label for="issue-code">{td!(locale, application.fapiao_code)}</label>
                            <input id="issue-code" name="fapiao_code" inputmode="numeric" autocomplete="off" maxlength="12" required />
                        </div>
                    })}
                    <div class="field">
                        <label for="issue-number">{td!(locale, application.fapiao_number)}</label>
                        <input id="issue-number" name="fapiao_number" inputmode="numeric" autocomplete="off" maxlength="24" required />
                        <p class="hint">{if paper { td!(locale, admin.number_hint_paper).into_any() } else { td!(locale, admin.number_hint_electronic).into_any() }}</p>
                    </div>
                    <div class="field">
                        <label for="issue-date">{td!(locale, application.issue_date)}</label>
                        <input id="issue-date" name="issue_date" type="date" value=today.clone() required />
                    </div>
                    <div class="field">
                        <label for="issue-amount">{td!(locale, admin.amount_yuan)}</label>
                        <input id="issue-amount" name="amount" inputmode="decimal" value=bill_amount.clone() required />
                    </div>
                    {(!paper).then(|| view! {
                        <div class="field">
                            <label for="issue-files">{td!(locale, application.files)}</label>
                            <input id="issue-files" name="files" type="file" multiple accept=".pdf,.ofd,.xml,application/pdf,application/xml" required />
                            <p class="hint">{td!(locale, admin.files_hint)}</p>
                        </div>
                    })}
                    <button type="submit">{td!(locale, admin.issue)}</button>
                </form>
            })}
            {(status == ApplicationStatus::Issued && paper).then(|| view! {
                <ActionForm action=act attr:class="mail-form">
                    <h3>{td!(locale, admin.mail_heading)}</h3>
                    <input type="hidden" name="number" value=mail_number.clone() />
                    <input type="hidden" name="version" value=version />
                    <input type="hidden" name="action" value="mail" />
                    <div class="field">
                        <label for="mail-courier">{td!(locale, application.courier)}</label>
                        <select id="mail-courier" name="courier">
                            <option value="yunda" selected=!by_sf>{td!(locale, labels.courier.yunda)}</option>
                            <option value="sf" selected=by_sf>{td!(locale, labels.courier.sf)}</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="mail-reason">{td!(locale, admin.courier_reason)}</label>
                        <p class="hint" id="mail-reason-hint">{td!(locale, admin.courier_reason_hint)}</p>
                        <textarea id="mail-reason" name="note" rows="2" maxlength="500" aria-describedby="mail-reason-hint"></textarea>
                        <p class="field-error">{field_message(act, "note")}</p>
                    </div>
                    <div class="field">
                        <label for="mail-tracking">{td!(locale, application.tracking_number)}</label>
                        <input id="mail-tracking" name="tracking_number" autocomplete="off" maxlength="40" />
                        <p class="field-error">{field_message(act, "tracking_number")}</p>
                    </div>
                    <button type="submit">{td!(locale, admin.mail)}</button>
                </ActionForm>
            })}
            {(status == ApplicationStatus::Issued && paper).then(|| action_form("pickup", |l| td_string!(l, admin.pickup), false, false))}
            {matches!(status, ApplicationStatus::Submitted | ApplicationStatus::Processing).then(|| view! {
                <h3>{td!(locale, admin.reject_heading)}</h3>
                {action_form("reject", |l| td_string!(l, admin.reject), true, true)}
            })}
            {matches!(status, ApplicationStatus::Issued | ApplicationStatus::Mailed | ApplicationStatus::ReadyForPickup).then(|| view! {
                <ActionForm action=act attr:class="reversal-form">
                    <h3>{td!(locale, admin.reverse_heading)}</h3>
                    <p class="hint">{td!(locale, admin.reverse_hint)}</p>
                    <input type="hidden" name="number" value=reversal_number.clone() />
                    <input type="hidden" name="version" value=version />
                    <input type="hidden" name="action" value="start_reversal" />
                    <div class="field">
                        <label for="reversal-reason">{td!(locale, admin.reversal_reason)}</label>
                        <select id="reversal-reason" name="reason">
                            {ReversalReason::ALL.iter().map(|&r| view! {
                                <option value=r.code()>{reversal_reason_label(locale, r)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="reversal-confirmation">{td!(locale, admin.confirmation_number)}</label>
                        <input id="reversal-confirmation" name="confirmation_number" autocomplete="off" maxlength="32" />
                        <p class="field-error">{field_message(act, "confirmation_number")}</p>
                    </div>
                    <div class="field checkbox-field">
                        <input id="reversal-buyer-confirms" type="checkbox" name="buyer_must_confirm" value="true" />
                        <label for="reversal-buyer-confirms">{td!(locale, admin.buyer_must_confirm)}</label>
                    </div>
                    <button type="submit" class="danger">{td!(locale, admin.reverse)}</button>
                </ActionForm>
            })}
            {(status == ApplicationStatus::AwaitingReturn).then(|| view! {
                <p class="hint">{td!(locale, admin.awaiting_return_hint)}</p>
                {action_form("returned", |l| td_string!(l, admin.mark_returned), false, false)}
            })}
            {(status == ApplicationStatus::AwaitingBuyerConfirmation).then(|| view! {
                <p class="notice">{td!(locale, admin.awaiting_buyer_hint)}</p>
            })}
            {(status == ApplicationStatus::ReversalPending).then(|| view! {
                <ActionForm action=act attr:class="reversal-form">
                    <h3>{td!(locale, admin.complete_reversal_heading)}</h3>
                    <input type="hidden" name="number" value=red_number_of.clone() />
                    <input type="hidden" name="version" value=version />
                    <input type="hidden" name="action" value="complete_reversal" />
                    <div class="field">
                        <label for="red-number">{td!(locale, admin.red_number)}</label>
                        <input id="red-number" name="red_number" inputmode="numeric" autocomplete="off" maxlength="24" />
                        <p class="field-error">{field_message(act, "red_number")}</p>
                    </div>
                    <div class="field">
                        <label for="red-date">{td!(locale, admin.red_date)}</label>
                        <input id="red-date" name="red_date" type="date" value=today.clone() />
                        <p class="field-error">{field_message(act, "red_date")}</p>
                    </div>
                    <button type="submit">{td!(locale, admin.complete_reversal)}</button>
                </ActionForm>
            })}
        </section>
        <ApplicationDetails application=a staff=true />
    }
}

/// The name of a field of the staff forms, for a refusal in words.
fn staff_field_label(locale: Locale, field: &str) -> &'static str {
    match field {
        "fapiao_code" => td_string!(locale, application.fapiao_code),
        "fapiao_number" => td_string!(locale, application.fapiao_number),
        "issue_date" => td_string!(locale, application.issue_date),
        "amount" => td_string!(locale, admin.amount_yuan),
        "files" => td_string!(locale, application.files),
        "note" => td_string!(locale, admin.courier_reason),
        "red_number" => td_string!(locale, admin.red_number),
        "red_date" => td_string!(locale, admin.red_date),
        _ => td_string!(locale, admin.fix_fields),
    }
}

/// The server's message about one field of a staff action, in the page's language.
fn field_message(act: ServerAction<StaffAct>, field: &'static str) -> impl Fn() -> Option<String> {
    let locale = use_locale();
    let error = server_field_error(act, field);
    move || error.get().map(|e| crate::ui::validation_message(locale, &e))
}
