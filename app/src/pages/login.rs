use crate::auth::Login;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::PageTitle;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// `/login`: email and password. The form posts as a page; the server goes on to the account's
/// landing page, or back here with the refusal.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<Login>::new();
    let pending = login.pending();
    let error = move || login.value().get().and_then(Result::err);

    let message = move |error: AppError| match error {
        AppError::LoginFailed => t_string!(i18n, login.failed).to_string(),
        AppError::NotActivated => t_string!(i18n, login.not_activated).to_string(),
        AppError::TooManyAttempts { retry_after_minutes } => {
            t_string!(i18n, login.throttled, minutes = retry_after_minutes).to_string()
        }
        _ => t_string!(i18n, error_page.body).to_string(),
    };
    let phone = crate::components::use_service_phone();
    let query = use_query_map().read_untracked();
    let just_activated = query.get("activated").is_some();
    let just_reset = query.get("reset").is_some();
    // Where to go on to once logged in (a page that asked for the login), if it is of this site.
    let next = query.get("next").filter(|next| crate::urls::local_path(next).is_some());
    let not_activated = move || matches!(login.value().get(), Some(Err(AppError::NotActivated)));

    view! {
        <PageTitle text=t_string!(i18n, login.title) />
        <section class="panel narrow">
            <h1>{t!(i18n, login.title)}</h1>
            {just_activated.then(|| view! { <p class="notice" role="status">{t!(i18n, activate.done)}</p> })}
            {just_reset.then(|| view! { <p class="notice" role="status">{t!(i18n, reset.done)}</p> })}
            <ActionForm action=login>
                {next.map(|next| view! { <input type="hidden" name="next" value=next /> })}
                {move || error().map(|e| view! { <p class="form-error" role="alert">{message(e)}</p> })}
                <div class="field">
                    <label for="login-email">{t!(i18n, login.email)}</label>
                    <input id="login-email" name="email" type="email" inputmode="email" autocomplete="username"
                        required maxlength="254" />
                </div>
                <div class="field">
                    <label for="login-password">{t!(i18n, login.password)}</label>
                    <input id="login-password" name="password" type="password" autocomplete="current-password"
                        required maxlength="128" />
                </div>
                <button type="submit" aria-disabled=move || pending.get().to_string()>
                    {move || if pending.get() { t_string!(i18n, login.submitting) } else { t_string!(i18n, login.submit) }}
                </button>
            </ActionForm>
            <p class="hint"><A href="/forgot">{t!(i18n, login.forgot_link)}</A></p>
            <p class="hint">{t!(i18n, login.forgot_email, phone = phone.clone())}</p>
            <p class="hint">{t!(i18n, login.no_account)} " " <A href="/register">{t!(i18n, login.register_link)}</A></p>
        </section>
        <Show when=not_activated>
            <super::ResendActivation />
        </Show>
    }
}
