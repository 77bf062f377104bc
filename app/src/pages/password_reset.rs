use crate::accounts::{RequestPasswordReset, ResetPassword};
use crate::components::{TextField, checks, server_field_error};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/forgot`: asks for the email and always gives the same answer.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let request = ServerAction::<RequestPasswordReset>::new();
    let sent = crate::ui::done_by_form("reset_sent");
    let done = move || sent || matches!(request.value().get(), Some(Ok(())));
    view! {
        <PageTitle text=t_string!(i18n, forgot.title) />
        <section class="panel narrow">
            <h1>{t!(i18n, forgot.title)}</h1>
            <p>{t!(i18n, forgot.lead)}</p>
            {move || done().then(|| view! { <p class="notice" role="status">{t!(i18n, forgot.done)}</p> })}
            <ActionForm action=request>
                <TextField id="forgot-email" name="email" input_type="email" inputmode="email" autocomplete="email"
                    label=Signal::derive(move || t_string!(i18n, forgot.email).to_owned()) maxlength=254
                    server_error=server_field_error(request, "email") check=checks::email />
                <button type="submit">{t!(i18n, forgot.submit)}</button>
            </ActionForm>
            <p class="hint">{t!(i18n, login.forgot_email, phone = crate::components::use_service_phone())}</p>
        </section>
    }
}

/// `/reset?token=…`: the new password, twice.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = use_query_map().read_untracked().get("token").unwrap_or_default();
    let reset = ServerAction::<ResetPassword>::new();
    let invalid = move || matches!(reset.value().get(), Some(Err(AppError::NotFound)));
    view! {
        <PageTitle text=t_string!(i18n, reset.title) />
        <section class="panel narrow">
            <h1>{t!(i18n, reset.title)}</h1>
            {move || invalid().then(|| view! {
                <p class="form-error" role="alert">
                    {t!(i18n, reset.invalid)} " " <a href="/forgot">{t!(i18n, reset.again)}</a>
                </p>
            })}
            <ActionForm action=reset>
                <input type="hidden" name="token" value=token />
                <TextField id="reset-password" name="password" input_type="password" autocomplete="new-password"
                    label=Signal::derive(move || t_string!(i18n, reset.password).to_owned()) maxlength=128
                    hint=Signal::derive(move || t_string!(i18n, register.password_hint).to_owned())
                    server_error=server_field_error(reset, "password") check=checks::new_password />
                <TextField id="reset-password-again" name="password_again" input_type="password" autocomplete="new-password"
                    label=Signal::derive(move || t_string!(i18n, reset.password_again).to_owned()) maxlength=128
                    server_error=server_field_error(reset, "password_again") />
                <button type="submit">{t!(i18n, reset.submit)}</button>
            </ActionForm>
        </section>
    }
}
