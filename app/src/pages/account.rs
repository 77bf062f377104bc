use crate::accounts::{ChangePassword, ConfirmEmailChange, RequestEmailChange};
use crate::auth::use_current_account;
use crate::components::{TextField, checks, server_field_error};
use crate::i18n::*;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/account`: self-service for the logged-in account. Logged out, it asks to log in.
#[component]
pub fn AccountPage() -> impl IntoView {
    let locale = use_locale();
    let change = ServerAction::<ChangePassword>::new();
    let logged_in = use_current_account().is_some();
    let customer = use_current_account().is_some_and(|a| a.role == crate::domain::Role::Customer);
    let email_change = ServerAction::<RequestEmailChange>::new();
    // A form posted without JavaScript comes back with what happened in the address.
    let (email_changed, email_sent) = {
        let query = use_query_map().read_untracked();
        (query.get("email_changed").is_some(), query.get("email_sent"))
    };
    let password_changed = crate::ui::done_by_form("password");
    let done = move || password_changed || matches!(change.value().get(), Some(Ok(())));
    let sent_to = move || match email_change.value().get() {
        Some(Ok(address)) => Some(address),
        _ => email_sent.clone(),
    };
    view! {
        <PageTitle text=td_string!(locale, account.settings) />
        <section class="panel narrow">
            <h1>{td!(locale, account.settings)}</h1>
            {(!logged_in).then(|| view! {
                <p>{td!(locale, account.login_required)} " " <a href=crate::urls::login_then("/account")>{td!(locale, account.login)}</a></p>
            })}
        </section>
        {customer.then(|| view! {
            <section class="panel narrow" aria-labelledby="books-heading">
                <h2 id="books-heading">{td!(locale, books.books_heading)}</h2>
                <ul class="plain-list">
                    <li><a href="/account/titles">{td!(locale, books.titles_title)}</a></li>
                    <li><a href="/account/addresses">{td!(locale, books.addresses_title)}</a></li>
                    <li><a href="/account/tokens">{td!(locale, tokens.title)}</a></li>
                </ul>
            </section>
        })}
        {logged_in.then(|| view! { <crate::pages::AccessSection /> })}
        {logged_in.then(|| view! {
            <section class="panel narrow" aria-labelledby="email-heading">
                <h2 id="email-heading">{td!(locale, account.email_title)}</h2>
                {email_changed.then(|| view! { <p class="notice" role="status">{td!(locale, account.email_changed)}</p> })}
                {move || sent_to().map(|address| view! {
                    <p class="notice" role="status">{td!(locale, account.email_sent, email = address)}</p>
                })}
                <ActionForm action=email_change>
                    <TextField id="account-email-password" name="current_password" input_type="password"
                        autocomplete="current-password" maxlength=128
                        label=Signal::derive(move || td_string!(locale, account.email_password).to_owned())
                        server_error=server_field_error(email_change, "current_password") />
                    <TextField id="account-new-email" name="new_email" input_type="email" inputmode="email" autocomplete="email"
                        maxlength=254 label=Signal::derive(move || td_string!(locale, account.new_email).to_owned())
                        server_error=server_field_error(email_change, "new_email") check=checks::email />
                    <button type="submit">{td!(locale, account.email_submit)}</button>
                </ActionForm>
            </section>
            <section class="panel narrow" aria-labelledby="password-heading">
                <h2 id="password-heading">{td!(locale, account.password_title)}</h2>
                {move || done().then(|| view! { <p class="notice" role="status">{td!(locale, account.password_done)}</p> })}
                <ActionForm action=change>
                    <TextField id="account-current-password" name="current_password" input_type="password"
                        autocomplete="current-password" maxlength=128
                        label=Signal::derive(move || td_string!(locale, account.current_password).to_owned())
                        server_error=server_field_error(change, "current_password") />
                    <TextField id="account-new-password" name="new_password" input_type="password"
                        autocomplete="new-password" maxlength=128
                        label=Signal::derive(move || td_string!(locale, account.new_password).to_owned())
                        hint=Signal::derive(move || td_string!(locale, register.password_hint).to_owned())
                        server_error=server_field_error(change, "new_password") check=checks::new_password />
                    <TextField id="account-new-password-again" name="new_password_again" input_type="password"
                        autocomplete="new-password" maxlength=128
                        label=Signal::derive(move || td_string!(locale, account.new_password_again).to_owned())
                        server_error=server_field_error(change, "new_password_again") />
                    <button type="submit">{td!(locale, account.password_submit)}</button>
                </ActionForm>
            </section>
        })}
    }
}

/// `/account/email?token=…`: confirms a new login email (a button: a GET changes nothing).
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let locale = use_locale();
    let confirm = ServerAction::<ConfirmEmailChange>::new();
    let token = use_query_map().read_untracked().get("token").unwrap_or_default();
    let failed = move || match confirm.value().get() {
        Some(Err(crate::error::AppError::Conflict(_))) => Some(td_string!(locale, account.email_taken).to_owned()),
        Some(Err(_)) => Some(td_string!(locale, account.email_link_invalid).to_owned()),
        _ => None,
    };
    view! {
        <PageTitle text=td_string!(locale, account.email_confirm_title) />
        <section class="panel narrow">
            <h1>{td!(locale, account.email_confirm_title)}</h1>
            {move || failed().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <ActionForm action=confirm>
                <input type="hidden" name="token" value=token />
                <button type="submit">{td!(locale, account.email_confirm_submit)}</button>
            </ActionForm>
        </section>
    }
}
