use crate::accounts::{Register, displayable_email};
use crate::components::{TextField, checks};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// `/register?order=…`: order number (pre-filled from the order confirmation email's link),
/// email, password twice. The form is an island: each field is checked as it is left.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let order = query.read_untracked().get("order").unwrap_or_default();
    // The order confirmation email's link carries the order's claim token.
    let claim = query.read_untracked().get("claim").unwrap_or_default();

    view! {
        <PageTitle text=td_string!(locale, register.title) />
        <section class="panel narrow">
            <h1>{td!(locale, register.title)}</h1>
            <p class="lead">{td!(locale, register.lead)}</p>
            <RegisterForm locale=locale order claim />
            <p class="hint">{td!(locale, register.have_account)} " " <a href="/login">{td!(locale, register.login_link)}</a></p>
        </section>
    }
}

#[island(lazy)]
pub(crate) fn RegisterForm(locale: Locale, order: String, claim: String) -> impl IntoView {
    crate::islands::provide_island_context(locale);
    let register = crate::islands::Post::<()>::new(Register::url());
    let pending = register.pending();
    let field = move |name: &'static str| register.field_error(name);
    let other_error = move || match register.answer().get() {
        Some(Err(AppError::Validation(_)) | Ok(())) | None => None,
        Some(Err(_)) => Some(td_string!(locale, error_page.body)),
    };
    let label = move |text: fn(Locale) -> &'static str| Signal::stored(text(locale).to_owned());

    view! {
        <form action=Register::url() method="post" on:submit=register.on_submit()>
            {move || other_error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <input type="hidden" name="claim" value=claim />
            <TextField id="register-order" name="order_number" label=label(|l| td_string!(l, register.order_number))
                autocomplete="off" value=order maxlength=40 server_error=field("order_number") check=checks::order_number />
            <TextField id="register-email" name="email" input_type="email" inputmode="email" autocomplete="email"
                label=label(|l| td_string!(l, register.email)) maxlength=254 server_error=field("email") check=checks::email />
            <TextField id="register-password" name="password" input_type="password" autocomplete="new-password"
                label=label(|l| td_string!(l, register.password)) maxlength=128
                hint=label(|l| td_string!(l, register.password_hint))
                server_error=field("password") check=checks::new_password />
            <TextField id="register-password-again" name="password_again" input_type="password" autocomplete="new-password"
                label=label(|l| td_string!(l, register.password_again)) maxlength=128 server_error=field("password_again") />
            <button type="submit" aria-disabled=move || pending.get().to_string()>
                {move || if pending.get() { td_string!(locale, register.submitting) } else { td_string!(locale, register.submit) }}
            </button>
        </form>
    }
}

/// `/register/sent?email=…`: what happens next, and the resend form.
#[component]
pub fn RegisterSentPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let email = query.read_untracked().get("email").and_then(|e| displayable_email(&e)).unwrap_or_default();
    view! {
        <PageTitle text=td_string!(locale, register.sent_title) />
        <section class="panel narrow">
            <h1>{td!(locale, register.sent_title)}</h1>
            <p role="status">{td!(locale, register.sent_body, email = email.clone())}</p>
            <p class="hint">{td!(locale, register.wrong_email)}</p>
        </section>
        <super::activate::ResendActivation />
    }
}
