use crate::accounts::{RequestPasswordReset, ResetPassword};
use crate::components::{TextField, checks, server_field_error};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/forgot`: asks for the email and always gives the same answer.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let locale = use_locale();
    let request = ServerAction::<RequestPasswordReset>::new();
    let sent = crate::ui::done_by_form("reset_sent");
    let done = move || sent || matches!(request.value().get(), Some(Ok(())));
    view! {
        <PageTitle text=td_string!(locale, forgot.title) />
        <section class="panel narrow">
            <h1>{td!(locale, forgot.title)}</h1>
            <p>{td!(locale, forgot.lead)}</p>
            {move || done().then(|| view! { <p class="notice" role="status">{td!(locale, forgot.done)}</p> })}
            <ActionForm action=request>
                <TextField id="forgot-email" name="email" input_type="email" inputmode="email" autocomplete="email"
                    label=Signal::derive(move || td_string!(locale, forgot.email).to_owned()) maxlength=254
                    server_error=server_field_error(request, "email") check=checks::email />
                <button type="submit">{td!(locale, forgot.submit)}</button>
            </ActionForm>
            <p class="hint">{td!(locale, login.forgot_email, phone = crate::components::use_service_phone())}</p>
        </section>
    }
}

/// `/reset?token=…`: the new password, twice.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let locale = use_locale();
    let token = use_query_map().read_untracked().get("token").unwrap_or_default();
    let reset = ServerAction::<ResetPassword>::new();
    let invalid = move || matches!(reset.value().get(), Some(Err(AppError::NotFound)));
    view! {
        <PageTitle text=td_string!(locale, reset.title) />
        <section class="panel narrow">
            <h1>{td!(locale, reset.title)}</h1>
            {move || invalid().then(|| view! {
                <p class="form-error" role="alert">
                    {td!(locale, reset.invalid)} " " <a href="/forgot">{td!(locale, reset.again)}</a>
                </p>
            })}
            <ActionForm action=reset>
                <input type="hidden" name="token" value=token />
                <TextField id="reset-password" name="password" input_type="password" autocomplete="new-password"
                    label=Signal::derive(move || td_string!(locale, reset.password).to_owned()) maxlength=128
                    hint=Signal::derive(move || td_string!(locale, register.password_hint).to_owned())
                    server_error=server_field_error(reset, "password") check=checks::new_password />
                <TextField id="reset-password-again" name="password_again" input_type="password" autocomplete="new-password"
                    label=Signal::derive(move || td_string!(locale, reset.password_again).to_owned()) maxlength=128
                    server_error=server_field_error(reset, "password_again") />
                <button type="submit">{td!(locale, reset.submit)}</button>
            </ActionForm>
        </section>
    }
}
