use crate::applications::{get_application, list_applications};
use crate::components::{ApplicationDetails, LoadError, Loading, StatusBadge};
use crate::i18n::*;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/applications/{number}`: status, due time, timeline and the details as submitted.
#[component]
pub fn ApplicationPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let number = move || params.read().get("number").unwrap_or_default();
    let just_submitted = use_query_map().read_untracked().get("submitted").is_some();
    let just_withdrawn = crate::ui::done_by_form("withdrawn");
    let shortage = crate::components::use_stock_shortage();
    let application = Resource::new_blocking(number, get_application);
    view! {
        <Suspense fallback=Loading>
            {move || {
                let shortage = shortage.clone();
                Suspend::new(async move {
                let a = match application.await {
                    Ok(a) => a,
                    Err(error) => return view! { <LoadError error /> }.into_any(),
                };
                let number = a.number.clone();
                let title = move || td_string!(locale, application.title, number = number.clone()).to_string();
                let bill_href = crate::urls::bill(&a.bill.order_number);
                view! {
                    <PageTitle text=title() />
                    <section class="panel">
                        <p><a href="/applications">{td!(locale, application.list_title)}</a></p>
                        <h1>{title.clone()}</h1>
                        {just_submitted.then(|| view! { <p class="notice success" role="status">{td!(locale, application.submitted_notice)}</p> })}
                        {shortage.clone().filter(|_| just_submitted && a.medium == crate::domain::Medium::Paper).map(|date| view! {
                            <p class="warning">{td!(locale, application.shortage_notice, date)}</p>
                        })}
                        <dl class="details">
                            <dt>{td!(locale, application.status)}</dt><dd><StatusBadge status=a.status /></dd>
                            <dt>{td!(locale, application.submitted_at)}</dt><dd>{a.submitted_at.clone()}</dd>
                            <dt>{td!(locale, application.due)}</dt><dd>{a.due_at.clone()}</dd>
                            <dt>{td!(locale, application.bill)}</dt>
                            <dd><a href=bill_href>{a.bill.order_number.clone()}</a> " · " {a.bill.product.clone()} " · " {td!(locale, bills.amount_with_tax, amount = a.bill.amount.clone(), rate = a.bill.tax_rate.clone(), tax = a.bill.tax.clone())}</dd>
                        </dl>
                        {a.together.clone().map(|together| view! { <crate::components::TogetherBills together /> })}
                        {(a.status == crate::domain::ApplicationStatus::Rejected).then({
                            let number = a.number.clone();
                            let reason = a.rejection_reason.clone().unwrap_or_default();
                            move || {
                            let resubmit = ServerAction::<crate::applications::ResubmitApplication>::new();
                            view! {
                                <p class="warning">{td!(locale, application.rejected_reason, reason)}</p>
                                <ActionForm action=resubmit>
                                    <input type="hidden" name="number" value=number />
                                    <button type="submit">{td!(locale, application.resubmit)}</button>
                                </ActionForm>
                            }
                        }})}
                        {(just_withdrawn && a.status == crate::domain::ApplicationStatus::Withdrawn).then(|| {
                            let apply = crate::urls::apply(&a.bill.order_number);
                            view! {
                                <p class="notice success" role="status">
                                    {td!(locale, application.withdrawn_notice)} " " <a href=apply>{td!(locale, application.apply_again)}</a>
                                </p>
                            }
                        })}
                        <WithdrawForm number=a.number.clone() offered=a.status == crate::domain::ApplicationStatus::Submitted />
                    </section>
                    <ApplicationDetails application=a.clone() />
                    <ReissueSection application=a.clone() />
                }
                .into_any()
            })}}
        </Suspense>
    }
}

/// 换开: the form to ask for a new title or type while the fapiao stands issued, what was asked
/// while the service center reverses it, and the new application once the 红冲 is done.
#[component]
fn ReissueSection(application: crate::applications::ApplicationView) -> impl IntoView {
    use crate::components::{SelectField, TextField, server_field_error};
    use crate::domain::{ApplicationStatus, BuyerType, FapiaoType};
    let locale = use_locale();
    let a = application;
    let issued =
        matches!(a.status, ApplicationStatus::Issued | ApplicationStatus::Mailed | ApplicationStatus::ReadyForPickup);
    let section = |body: AnyView| {
        view! {
            <section class="panel" aria-labelledby="reissue-heading">
                <h2 id="reissue-heading">{td!(locale, application.reissue_heading)}</h2>
                {body}
            </section>
        }
        .into_any()
    };
    match a.reissue.clone() {
        Some(r) if r.resolved && a.status == ApplicationStatus::Reversed => {
            let review = crate::urls::apply_step(&a.bill.order_number, 4);
            section(
                view! {
                    <p class="notice" role="status">{td!(locale, application.reissue_ready, title = r.title.clone())}</p>
                    <p><a class="button" href=review>{td!(locale, application.reissue_review)}</a></p>
                }
                .into_any(),
            )
        }
        Some(r) if !r.resolved => section(
            view! {
                <p class="notice" role="status">
                    {td!(locale, application.reissue_requested, at = r.requested_at.clone(), title = r.title.clone(),
                        kind = crate::labels::fapiao_type_label(locale, r.fapiao_type))}
                </p>
            }
            .into_any(),
        ),
        _ if issued => {
            let request = ServerAction::<crate::applications::RequestReissue>::new();
            let pending = request.pending();
            let conflict = move || matches!(request.value().get(), Some(Err(crate::error::AppError::Conflict(_))));
            let options = |pairs: Vec<(String, String)>| Signal::derive(move || pairs.clone());
            let buyer_types = options(
                BuyerType::ALL
                    .iter()
                    .map(|b| (b.code().to_owned(), crate::labels::buyer_type_label(locale, *b).to_owned()))
                    .collect(),
            );
            let fapiao_types = options(
                FapiaoType::ALL
                    .iter()
                    .map(|t| (t.code().to_owned(), crate::labels::fapiao_type_label(locale, *t).to_owned()))
                    .collect(),
            );
            let label = |text: &'static str| Signal::derive(move || text.to_owned());
            section(view! {
                <p class="hint">{td!(locale, application.reissue_hint)}</p>
                {move || conflict().then(|| view! { <p class="form-error" role="alert">{td!(locale, application.reissue_conflict)}</p> })}
                <ActionForm action=request attr:aria-labelledby="reissue-heading">
                    <input type="hidden" name="number" value=a.number.clone() />
                    <TextField id="reissue-reason" name="reason" maxlength=crate::applications::REISSUE_REASON_CHARS
                        label=label(td_string!(locale, application.reissue_reason)) server_error=server_field_error(request, "reason") />
                    <SelectField id="reissue-buyer-type" name="buyer_type" label=label(td_string!(locale, apply.buyer_type_legend))
                        options=buyer_types selected=RwSignal::new(a.buyer_type.code().to_owned()) error=server_field_error(request, "buyer_type") />
                    <SelectField id="reissue-fapiao-type" name="fapiao_type" label=label(td_string!(locale, apply.type_legend))
                        options=fapiao_types selected=RwSignal::new(a.fapiao_type.code().to_owned()) error=server_field_error(request, "fapiao_type") />
                    <TextField id="reissue-title" name="title" value=a.title.clone() maxlength=100
                        label=label(td_string!(locale, application.reissue_title)) server_error=server_field_error(request, "title") />
                    <TextField id="reissue-taxpayer-id" name="taxpayer_id" value=a.taxpayer_id.clone().unwrap_or_default() maxlength=20
                        label=label(td_string!(locale, application.reissue_taxpayer_id)) server_error=server_field_error(request, "taxpayer_id") />
                    <button type="submit" aria-disabled=move || pending.get().to_string()>{td!(locale, application.reissue_submit)}</button>
                </ActionForm>
            }.into_any())
        }
        _ => ().into_any(),
    }
}

/// Withdrawing (撤销) while the service center has not started (`offered`): the form, and the
/// refusal if the service center started meanwhile (shown whatever the status is now).
#[component]
fn WithdrawForm(number: String, offered: bool) -> impl IntoView {
    use crate::error::AppError;
    let locale = use_locale();
    let withdraw = ServerAction::<crate::applications::WithdrawApplication>::new();
    let pending = withdraw.pending();
    let error = move || match withdraw.value().get() {
        Some(Err(AppError::Conflict(_))) => Some(td_string!(locale, application.withdraw_too_late).to_string()),
        Some(Err(_)) => Some(td_string!(locale, error_page.body).to_string()),
        _ => None,
    };
    view! {
        {move || error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        {offered.then(|| view! {
            <h2 id="withdraw-heading">{td!(locale, application.withdraw_heading)}</h2>
            <p class="hint">{td!(locale, application.withdraw_hint)}</p>
            <ActionForm action=withdraw attr:aria-labelledby="withdraw-heading">
                <input type="hidden" name="number" value=number />
                <button type="submit" class="danger" aria-disabled=move || pending.get().to_string()>
                    {move || if pending.get() { td_string!(locale, application.withdrawing) } else { td_string!(locale, application.withdraw) }}
                </button>
            </ActionForm>
        })}
    }
}

/// `/applications`: the customer's applications, newest first.
#[component]
pub fn ApplicationsPage() -> impl IntoView {
    let locale = use_locale();
    let applications = Resource::new_blocking(|| (), |_| list_applications());
    view! {
        <PageTitle text=td_string!(locale, application.list_title) />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match applications.await {
                    Err(error) => view! { <LoadError error /> }.into_any(),
                    Ok(list) => view! {
                        <section class="panel">
                            <h1>{td!(locale, application.list_title)}</h1>
                            {if list.is_empty() {
                                view! { <p class="empty">{td!(locale, application.list_empty)} " " <a href="/bills">{td!(locale, nav.bills)}</a></p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap">
                                        <table class="data-table">
                                            <caption class="visually-hidden">{td!(locale, application.caption)}</caption>
                                            <thead><tr>
                                                <th scope="col">{td!(locale, application.number)}</th>
                                                <th scope="col">{td!(locale, bills.order_number)}</th>
                                                <th scope="col">{td!(locale, apply.title_label)}</th>
                                                <th scope="col">{td!(locale, application.status)}</th>
                                                <th scope="col">{td!(locale, application.submitted_at)}</th>
                                            </tr></thead>
                                            <tbody>
                                                {list.into_iter().map(|a| view! {
                                                    <tr>
                                                        <th scope="row" data-label=td_string!(locale, application.number)>
                                                            <a href=crate::urls::application(&a.number)>{a.number.clone()}</a>
                                                        </th>
                                                        <td data-label=td_string!(locale, bills.order_number)>
                                                            {a.order_number.clone()}
                                                            {(a.bill_count > 1).then(|| {
                                                                let count = a.bill_count;
                                                                view! { " " <span class="more-bills">{td!(locale, application.more_bills, count = move || count)}</span> }
                                                            })}
                                                        </td>
                                                        <td data-label=td_string!(locale, apply.title_label)>{a.title.clone()}</td>
                                                        <td data-label=td_string!(locale, application.status)><StatusBadge status=a.status /></td>
                                                        <td data-label=td_string!(locale, application.submitted_at)>{a.submitted_at.clone()}</td>
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
