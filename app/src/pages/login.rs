use crate::auth::Login;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// `/login`: email and password. The form posts as a page; the server goes on to the account's
/// landing page, or back here with the refusal.
#[component]
pub fn LoginPage() -> impl IntoView {
    let locale = use_locale();
    let login = ServerAction::<Login>::new();
    let pending = login.pending();
    let error = move || login.value().get().and_then(Result::err);

    let message = move |error: AppError| match error {
        AppError::LoginFailed => td_string!(locale, login.failed).to_string(),
        AppError::NotActivated => td_string!(locale, login.not_activated).to_string(),
        AppError::TooManyAttempts { retry_after_minutes } => {
            td_string!(locale, login.throttled, minutes = retry_after_minutes).to_string()
        }
        _ => td_string!(locale, error_page.body).to_string(),
    };
    let phone = crate::components::use_service_phone();
    let query = use_query_map().read_untracked();
    let just_activated = query.get("activated").is_some();
    let just_reset = query.get("reset").is_some();
    // Where to go on to once logged in (a page that asked for the login), if it is of this site.
    let next = query.get("next").filter(|next| crate::urls::local_path(next).is_some());
    let not_activated = move || matches!(login.value().get(), Some(Err(AppError::NotActivated)));

    view! {
        <PageTitle text=td_string!(locale, login.title) />
        <section class="panel narrow">
            <h1>{td!(locale, login.title)}</h1>
            {just_activated.then(|| view! { <p class="notice" role="status">{td!(locale, activate.done)}</p> })}
            {just_reset.then(|| view! { <p class="notice" role="status">{td!(locale, reset.done)}</p> })}
            <ActionForm action=login>
                {next.map(|next| view! { <input type="hidden" name="next" value=next /> })}
                {move || error().map(|e| view! { <p class="form-error" role="alert">{message(e)}</p> })}
                <div class="field">
                    <label for="login-email">{td!(locale, login.email)}</label>
                    <input id="login-email" name="email" type="email" inputmode="email" autocomplete="username"
                        required maxlength="254" />
                </div>
                <div class="field">
                    <label for="login-password">{td!(locale, login.password)}</label>
                    <input id="login-password" name="password" type="password" autocomplete="current-password"
                        required maxlength="128" />
                </div>
                <button type="submit" aria-disabled=move || pending.get().to_string()>
                    {move || if pending.get() { td_string!(locale, login.submitting) } else { td_string!(locale, login.submit) }}
                </button>
            </ActionForm>
            <p class="hint"><A href="/forgot">{td!(locale, login.forgot_link)}</A></p>
            <p class="hint">{td!(locale, login.forgot_email, phone = phone.clone())}</p>
            <p class="hint">{td!(locale, login.no_account)} " " <A href="/register">{td!(locale, login.register_link)}</A></p>
        </section>
        <Show when=not_activated>
            <super::ResendActivation />
        </Show>
    }
}
