use crate::admin::accounts::{AccountAction, AccountRow, ActOnAccount, find_accounts};
use crate::components::{LoadError, Loading};
use crate::domain::Role;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/admin/accounts`: find an account by email and act on it.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let act = ServerAction::<ActOnAccount>::new();
    let accounts = Resource::new_blocking(move || (q(), act.version().get()), |(q, _)| find_accounts(q));
    // A form posted without JavaScript comes back with `?q={email}&done=1`.
    let done_by_form = move || query.read().get("done").is_some().then(q);
    let outcome = move || {
        let result = act.value().get().or_else(|| done_by_form().map(Ok));
        result.map(|result| match result {
            Ok(email) => (false, td_string!(locale, staff_accounts.done, email).to_string()),
            Err(AppError::Conflict(code)) => (true, conflict_message(locale, &code)),
            Err(_) => (true, td_string!(locale, staff_accounts.failed).to_string()),
        })
    };
    view! {
        <PageTitle text=td_string!(locale, staff_accounts.title) />
        <section class="panel wide">
            <h1>{td!(locale, staff_accounts.title)}</h1>
            <form class="filters" method="get" action="/admin/accounts" role="search">
                <div class="field">
                    <label for="accounts-q">{td!(locale, staff_accounts.find_label)}</label>
                    <input id="accounts-q" name="q" type="search" inputmode="email" autocomplete="off" value=q() maxlength="200" />
                </div>
                <button type="submit">{td!(locale, staff_accounts.find)}</button>
            </form>
            <div aria-live="polite">
                {move || outcome().map(|(failed, text)| if failed {
                    view! { <p class="form-error" role="alert">{text}</p> }.into_any()
                } else {
                    view! { <p class="notice" role="status">{text}</p> }.into_any()
                })}
            </div>
            <p class="hint">{td!(locale, staff_accounts.disable_hint)}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match accounts.await {
                        Ok(rows) => view! { <AccountsTable rows act /> }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn conflict_message(locale: Locale, code: &str) -> String {
    match code {
        "not_pending" => td_string!(locale, staff_accounts.conflict_not_pending),
        "own_account" => td_string!(locale, staff_accounts.conflict_own_account),
        "already_disabled" => td_string!(locale, staff_accounts.conflict_already_disabled),
        "not_disabled" => td_string!(locale, staff_accounts.conflict_not_disabled),
        "bad_email" => td_string!(locale, staff_accounts.conflict_bad_email),
        _ => td_string!(locale, staff_accounts.failed),
    }
    .to_owned()
}

fn action_label(locale: Locale, action: AccountAction) -> &'static str {
    match action {
        AccountAction::ResendActivation => td_string!(locale, staff_accounts.resend_activation),
        AccountAction::Unlock => td_string!(locale, staff_accounts.unlock),
        AccountAction::Disable => td_string!(locale, staff_accounts.disable),
        AccountAction::Enable => td_string!(locale, staff_accounts.enable),
    }
}

fn role_label(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::Customer => td_string!(locale, staff_accounts.role_customer),
        Role::Staff => td_string!(locale, staff_accounts.role_staff),
        Role::Admin => td_string!(locale, staff_accounts.role_admin),
    }
}

#[component]
fn AccountsTable(rows: Vec<AccountRow>, act: ServerAction<ActOnAccount>) -> impl IntoView {
    let locale = use_locale();
    if rows.is_empty() {
        return view! { <p class="empty">{td!(locale, staff_accounts.empty)}</p> }.into_any();
    }
    // Staff act on customers; a staff or admin account only an admin acts on.
    let viewer_is_admin = crate::auth::use_is_admin();
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption class="visually-hidden">{td!(locale, staff_accounts.title)}</caption>
                <thead><tr>
                    <th scope="col">{td!(locale, staff_accounts.email)}</th>
                    <th scope="col">{td!(locale, staff_accounts.role)}</th>
                    <th scope="col">{td!(locale, staff_accounts.status)}</th>
                    <th scope="col">{td!(locale, staff_accounts.created)}</th>
                    <th scope="col">{td!(locale, staff_accounts.failed_logins)}</th>
                    <th scope="col">{td!(locale, staff_accounts.actions)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|row| {
                        let (role, status) = (row.role, row.status);
                        let may_act = viewer_is_admin || !row.role.is_staff();
                        let actions: Vec<AccountAction> =
                            AccountAction::ALL.into_iter().filter(|a| may_act && a.offered_for(&row)).collect();
                        view! {
                            <tr>
                                <th scope="row" data-label=td_string!(locale, staff_accounts.email)>{row.email.clone()}</th>
                                <td data-label=td_string!(locale, staff_accounts.role)>{role_label(locale, role)}</td>
                                <td data-label=td_string!(locale, staff_accounts.status)>{crate::labels::account_status_label(locale, status)}</td>
                                <td data-label=td_string!(locale, staff_accounts.created)>{row.created_at.clone()}</td>
                                <td data-label=td_string!(locale, staff_accounts.failed_logins)>
                                    {row.failed_logins}
                                    {row.locked.then(|| view! { " " <span class="badge badge-overdue">{td!(locale, staff_accounts.locked)}</span> })}
                                </td>
                                <td data-label=td_string!(locale, staff_accounts.actions)>
                                    {(!may_act).then(|| view! { <span class="hint">{td!(locale, admin.admin_only)}</span> })}
                                    {actions.into_iter().map(|action| {
                                        let email = row.email.clone();
                                        view! {
                                            <ActionForm action=act attr:class="inline-form">
                                                <input type="hidden" name="account_id" value=row.id />
                                                <input type="hidden" name="action" value=action.code() />
                                                <button type="submit" class=if action == AccountAction::Disable { "danger small" } else { "secondary small" }>
                                                    {action_label(locale, action)}
                                                    <span class="visually-hidden">" " {email}</span>
                                                </button>
                                            </ActionForm>
                                        }
                                    }).collect_view()}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
