use crate::accounts::{Activate, ResendActivation as ResendActivationFn};
use crate::components::{TextField, checks, server_field_error};
use crate::i18n::*;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/activate?token=…`, the link in the activation email. Opening it changes nothing (mail
/// scanners open links too); the button does.
#[component]
pub fn ActivatePage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let token = query.read_untracked().get("token").unwrap_or_default();
    let activate = ServerAction::<Activate>::new();
    let failed = move || matches!(activate.value().get(), Some(Err(_)));

    view! {
        <PageTitle text=td_string!(locale, activate.title) />
        <section class="panel narrow">
            <h1>{td!(locale, activate.title)}</h1>
            <Show
                when=failed
                fallback=move || {
                    let token = token.clone();
                    view! {
                        <p>{td!(locale, activate.lead)}</p>
                        <ActionForm action=activate>
                            <input type="hidden" name="token" value=token />
                            <button type="submit">{td!(locale, activate.submit)}</button>
                        </ActionForm>
                    }
                }
            >
                <p class="form-error" role="alert">{td!(locale, activate.invalid)}</p>
            </Show>
        </section>
        <Show when=failed>
            <ResendActivation />
        </Show>
    }
}

/// "Send the activation email again": a new link, the old ones stop working.
#[component]
pub fn ResendActivation() -> impl IntoView {
    let locale = use_locale();
    let resend = ServerAction::<ResendActivationFn>::new();
    let email_error = server_field_error(resend, "email");
    let sent = crate::ui::done_by_form("activation_sent");
    let done = move || sent || matches!(resend.value().get(), Some(Ok(())));
    view! {
        <section class="panel narrow" aria-labelledby="resend-heading">
            <h2 id="resend-heading">{td!(locale, activate.resend_title)}</h2>
            {move || done().then(|| view! { <p class="notice" role="status">{td!(locale, activate.resend_done)}</p> })}
            <ActionForm action=resend>
                <TextField id="resend-email" name="email" input_type="email" inputmode="email" autocomplete="email"
                    label=Signal::derive(move || td_string!(locale, activate.resend_email).to_owned())
                    maxlength=254 server_error=email_error check=checks::email />
                <button type="submit">{td!(locale, activate.resend_submit)}</button>
            </ActionForm>
        </section>
    }
}
