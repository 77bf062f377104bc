use crate::access::{
    AccessOverview, AnswerRequest, CustomerLogins, DecideAccess, RemoveLogin, load_access, load_buyer_request,
    load_waiting_orders,
};
use crate::components::{LoadError, Loading};
use crate::i18n::*;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/account`'s section on who sees the bills: per customer, its logins (each removable) and
/// the logins waiting for approval; and this login's own requests still waiting.
#[component]
pub fn AccessSection() -> impl IntoView {
    let locale = use_locale();
    let decide = ServerAction::<DecideAccess>::new();
    let remove = ServerAction::<RemoveLogin>::new();
    let overview = Resource::new_blocking(move || (decide.version().get(), remove.version().get()), |_| load_access());
    view! {
        <section class="panel narrow" id="access" aria-labelledby="access-heading">
            <h2 id="access-heading">{td!(locale, access.title)}</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(overview) => view! { <AccessList overview decide remove /> }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AccessList(
    overview: AccessOverview,
    decide: ServerAction<DecideAccess>,
    remove: ServerAction<RemoveLogin>,
) -> impl IntoView {
    let locale = use_locale();
    let waiting = (!overview.waiting.is_empty()).then(|| {
        let orders = overview.waiting.join(", ");
        view! { <p class="notice">{td!(locale, access.waiting, orders)}</p> }
    });
    let none = overview.customers.is_empty().then(|| view! { <p class="empty">{td!(locale, access.none)}</p> });
    view! {
        {waiting}
        {none}
        {overview.customers.into_iter().map(|customer| view! { <CustomerAccess customer decide remove /> }).collect_view()}
    }
}

#[component]
fn CustomerAccess(
    customer: CustomerLogins,
    decide: ServerAction<DecideAccess>,
    remove: ServerAction<RemoveLogin>,
) -> impl IntoView {
    let locale = use_locale();
    let customer_id = customer.customer_id;
    let name = customer.name.clone();
    let logins = customer.logins.into_iter().map(|login| {
        let email = login.email.clone();
        let remove_label = {
            let email = email.clone();
            move || td_string!(locale, access.remove_label, email = email.clone()).to_string()
        };
        view! {
            <li>
                <span>{email.clone()}</span>
                {login.is_you.then(|| view! { " " <span class="hint">{td!(locale, access.you)}</span> })}
                <ActionForm action=remove attr:class="inline-action">
                    <input type="hidden" name="customer_id" value=customer_id />
                    <input type="hidden" name="account_id" value=login.account_id />
                    <button type="submit" class="secondary" aria-label=remove_label>{td!(locale, access.remove)}</button>
                </ActionForm>
            </li>
        }
    });
    let pending = (!customer.pending.is_empty()).then(|| {
        let items = customer.pending.into_iter().map(|request| {
            let (email, order, time) = (request.email.clone(), request.order_number.clone(), request.requested.clone());
            let decision_form = move |decision: &'static str, text: fn(Locale) -> &'static str| {
                let label = {
                    let email = request.email.clone();
                    move || format!("{} {}", text(locale), email)
                };
                view! {
                    <ActionForm action=decide attr:class="inline-action">
                        <input type="hidden" name="request_id" value=request.request_id />
                        <input type="hidden" name="decision" value=decision />
                        <button type="submit" aria-label=label>{move || text(locale)}</button>
                    </ActionForm>
                }
            };
            view! {
                <li>
                    <p>{td!(locale, access.pending_item, email, order, time)}</p>
                    {decision_form("approve", |l| td_string!(l, access.approve))}
                    {decision_form("dismiss", |l| td_string!(l, access.dismiss))}
                </li>
            }
        });
        view! {
            <h4>{td!(locale, access.pending_title)}</h4>
            <ul class="access-list">{items.collect_view()}</ul>
        }
    });
    view! {
        <h3>{name.clone()}</h3>
        <p class="hint">{td!(locale, access.lead, customer = name)}</p>
        <ul class="access-list">{logins.collect_view()}</ul>
        {pending}
    }
}

/// On `/bills`: the order numbers this login typed, still waiting for the buyer's yes.
#[component]
pub fn WaitingForAccess() -> impl IntoView {
    let locale = use_locale();
    let waiting = Resource::new_blocking(|| (), |_| load_waiting_orders());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                waiting.await.ok().filter(|w| !w.is_empty()).map(|w| {
                    let orders = w.join(", ");
                    view! { <p class="notice">{td!(locale, access.waiting, orders)}</p> }
                })
            })}
        </Suspense>
    }
}

/// `/access?token=…`, the link in the mail to an order's buyer: who asks to see which
/// customer's bills, and two buttons (opening the link changes nothing).
#[component]
pub fn AccessRequestPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let token = query.read_untracked().get("token").unwrap_or_default();
    let answered = query.read_untracked().get("answered");
    let allow = ServerAction::<AnswerRequest>::new();
    let ignore = ServerAction::<AnswerRequest>::new();
    let request = Resource::new_blocking(
        {
            let token = token.clone();
            move || (token.clone(), allow.version().get(), ignore.version().get())
        },
        |(token, _, _)| load_buyer_request(token),
    );
    // Answered here (scripted), or answered and redirected back (a plain form post).
    let just_answered = move || {
        if matches!(allow.value().get(), Some(Ok(()))) {
            Some("allow".to_owned())
        } else if matches!(ignore.value().get(), Some(Ok(()))) {
            Some("ignore".to_owned())
        } else {
            answered.clone()
        }
    };
    view! {
        <PageTitle text=td_string!(locale, access.request_title) />
        <section class="panel narrow">
            <h1>{td!(locale, access.request_title)}</h1>
            <Suspense fallback=Loading>
                {move || {
                    let token = token.clone();
                    let just_answered = just_answered.clone();
                    Suspend::new(async move {
                        match request.await {
                            Ok(found) => {
                                let (login, customer, order) =
                                    (found.login.clone(), found.customer.clone(), found.order_number.clone());
                                let outcome = match just_answered().as_deref() {
                                    Some("allow") => Some(td_string!(locale, access.allowed, login = login.clone(), customer = customer.clone()).to_string()),
                                    Some("ignore") => Some(td_string!(locale, access.ignored, login = login.clone()).to_string()),
                                    _ if !found.pending => Some(td_string!(locale, access.decided).to_string()),
                                    _ => None,
                                };
                                view! {
                                    <p class="lead">{td!(locale, access.request_lead, login, customer, order)}</p>
                                    {let token_again = token.clone(); match outcome {
                                        Some(message) => view! { <p class="notice" role="status">{message}</p> }.into_any(),
                                        None => view! {
                                            <p>{td!(locale, access.question)}</p>
                                            <div class="actions">
                                                <ActionForm action=allow attr:class="inline-action">
                                                    <input type="hidden" name="token" value=token />
                                                    <input type="hidden" name="decision" value="allow" />
                                                    <button type="submit">{td!(locale, access.allow)}</button>
                                                </ActionForm>
                                                <ActionForm action=ignore attr:class="inline-action">
                                                    <input type="hidden" name="token" value=token_again />
                                                    <input type="hidden" name="decision" value="ignore" />
                                                    <button type="submit" class="secondary">{td!(locale, access.ignore)}</button>
                                                </ActionForm>
                                            </div>
                                        }.into_any(),
                                    }}
                                }
                                .into_any()
                            }
                            Err(crate::error::AppError::NotFound) => {
                                view! { <p class="form-error" role="alert">{td!(locale, access.invalid)}</p> }.into_any()
                            }
                            Err(error) => view! { <LoadError error /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
