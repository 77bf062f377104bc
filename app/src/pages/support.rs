use crate::auth::use_current_account;
use crate::components::{LoadError, Loading, SplitBy, SplitForm, TextField, server_field_error};
use crate::domain::{Role, SupportKind};
use crate::i18n::*;
use crate::labels::{support_kind_label, support_status_label};
use crate::support::{CreateSupport, ReplySupport, SupportSummary, list_support, load_support_thread};
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/support`: a customer's requests and a form for a new one; for staff, every request,
/// those waiting for an answer first.
#[component]
pub fn SupportPage() -> impl IntoView {
    let locale = use_locale();
    let staff = use_current_account().is_some_and(|a| a.role != Role::Customer);
    let create = ServerAction::<CreateSupport>::new();
    let requests = Resource::new_blocking(move || create.version().get(), |_| list_support());
    let query = use_query_map().read_untracked();
    let preset_kind = query.get("kind").unwrap_or_default();
    let preset_order = query.get("order").unwrap_or_default();
    let phone = crate::components::use_service_phone();
    view! {
        <PageTitle text=td_string!(locale, support.title) />
        <section class="panel">
            <h1>{td!(locale, support.title)}</h1>
            <p class="hint">{td!(locale, support.lead, phone = phone.clone())}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match requests.await {
                        Ok(list) => view! { <SupportList list staff /> }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        {(!staff).then(|| {
            let kinds = SupportKind::ALL.to_vec();
            let kind_error = move || server_field_error(create, "kind").get().map(|e| crate::ui::validation_message(locale, &e));
            let body_error = move || server_field_error(create, "body").get().map(|e| crate::ui::validation_message(locale, &e));
            view! {
                <section class="panel narrow" aria-labelledby="new-request-heading">
                    <h2 id="new-request-heading">{td!(locale, support.new_heading)}</h2>
                    <ActionForm action=create>
                        <div class="field">
                            <label for="support-kind">{td!(locale, support.kind)}</label>
                            <select id="support-kind" name="kind" aria-describedby="support-kind-hint">
                                {kinds.into_iter().map(|kind| {
                                    let selected = kind.code() == preset_kind;
                                    view! { <option value=kind.code() selected=selected>{support_kind_label(locale, kind)}</option> }
                                }).collect_view()}
                            </select>
                            <p class="hint" id="support-kind-hint">{td!(locale, support.title_change_hint)}</p>
                            <p class="field-error">{kind_error}</p>
                        </div>
                        <TextField id="support-order" name="order_number" autocomplete="off" maxlength=40 value=preset_order.clone()
                            label=Signal::derive(move || td_string!(locale, support.order_number).to_owned())
                            server_error=server_field_error(create, "order_number") />
                        <TextField id="support-subject" name="subject" maxlength=200 autocomplete="off"
                            label=Signal::derive(move || td_string!(locale, support.subject).to_owned())
                            server_error=server_field_error(create, "subject") />
                        <div class="field">
                            <label for="support-body">{td!(locale, support.body)}</label>
                            <textarea id="support-body" name="body" rows="5" maxlength="5000"></textarea>
                            <p class="field-error">{body_error}</p>
                        </div>
                        <button type="submit">{td!(locale, support.submit)}</button>
                    </ActionForm>
                </section>
            }
        })}
    }
}

#[component]
fn SupportList(list: Vec<SupportSummary>, staff: bool) -> impl IntoView {
    let locale = use_locale();
    if list.is_empty() {
        return view! { <p class="empty">{td!(locale, support.empty)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption class="visually-hidden">{td!(locale, support.title)}</caption>
                <thead><tr>
                    <th scope="col">{td!(locale, support.number)}</th>
                    <th scope="col">{td!(locale, support.kind)}</th>
                    <th scope="col">{td!(locale, support.subject)}</th>
                    {staff.then(|| view! { <th scope="col">{td!(locale, admin.customer)}</th> })}
                    <th scope="col">{td!(locale, support.status)}</th>
                    <th scope="col">{td!(locale, support.updated)}</th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|r| {
                        let (kind, status) = (r.kind, r.status);
                        view! {
                            <tr>
                                <th scope="row" data-label=td_string!(locale, support.number)>
                                    <a href=crate::urls::support_request(&r.number)>{r.number.clone()}</a>
                                </th>
                                <td data-label=td_string!(locale, support.kind)>{support_kind_label(locale, kind)}</td>
                                <td data-label=td_string!(locale, support.subject)>{r.subject.clone()}</td>
                                {staff.then(|| view! { <td data-label=td_string!(locale, admin.customer)>{r.customer_email.clone()}</td> })}
                                <td data-label=td_string!(locale, support.status)>{support_status_label(locale, status)}</td>
                                <td data-label=td_string!(locale, support.updated)>{r.updated_at.clone()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// `/support/{number}`: the thread and a reply box (staff can also close the request).
#[component]
pub fn SupportThreadPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let number = move || params.read().get("number").unwrap_or_default();
    let staff = use_current_account().is_some_and(|a| a.role != Role::Customer);
    let reply = ServerAction::<ReplySupport>::new();
    let thread = Resource::new_blocking(move || (number(), reply.version().get()), |(n, _)| load_support_thread(n));
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let thread = match thread.await {
                    Ok(thread) => thread,
                    Err(error) => return view! { <LoadError error /> }.into_any(),
                };
                let s = thread.summary.clone();
                let title = format!("{} · {}", s.number, s.subject);
                let kind = s.kind;
                let body_error = move || server_field_error(reply, "body").get().map(|e| crate::ui::validation_message(locale, &e));
                view! {
                    <PageTitle text=title.clone() />
                    <section class="panel">
                        <p><a href="/support">{td!(locale, support.title)}</a></p>
                        <h1>{title.clone()}</h1>
                        <dl class="details">
                            <dt>{td!(locale, support.kind)}</dt><dd>{support_kind_label(locale, kind)}</dd>
                            <dt>{td!(locale, support.status)}</dt><dd>{support_status_label(locale, s.status)}</dd>
                            {s.order_number.clone().map(|o| view! { <dt>{td!(locale, support.order_number)}</dt><dd>{o}</dd> })}
                            {thread.application_number.clone().map(|n| {
                                let href = if staff { crate::urls::admin_application(&n) } else { crate::urls::application(&n) };
                                view! { <dt>{td!(locale, application.number)}</dt><dd><a href=href>{n.clone()}</a></dd> }
                            })}
                        </dl>
                        <ol class="thread">
                            {thread.messages.into_iter().map(|m| view! {
                                <li class:from-staff=m.from_staff>
                                    <p class="hint">
                                        {if m.from_staff { td!(locale, support.from_staff).into_any() } else { td!(locale, support.from_customer).into_any() }}
                                        " · " {m.at.clone()}
                                    </p>
                                    <p class="message-body">{m.body.clone()}</p>
                                </li>
                            }).collect_view()}
                        </ol>
                        {s.order_number.clone().filter(|_| staff && kind == crate::domain::SupportKind::Split).map(|order| view! { <SplitForm order by=SplitBy::Staff /> })}
                        <ActionForm action=reply>
                            <input type="hidden" name="number" value=thread.summary.number.clone() />
                            <div class="field">
                                <label for="support-reply">{td!(locale, support.reply)}</label>
                                <textarea id="support-reply" name="body" rows="4" maxlength="5000"></textarea>
                                <p class="field-error">{body_error}</p>
                            </div>
                            {staff.then(|| view! {
                                <div class="field checkbox">
                                    <input id="support-close" type="checkbox" name="close" value="true" />
                                    <label for="support-close">{td!(locale, support.close)}</label>
                                </div>
                            })}
                            <button type="submit">{td!(locale, support.send)}</button>
                        </ActionForm>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
