use crate::accounts::ChangePassword;
use crate::auth::use_current_account;
use crate::components::{TextField, checks, server_field_error};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/account`: self-service for the logged-in account. Logged out, it asks to log in.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<ChangePassword>::new();
    let done = move || matches!(change.value().get(), Some(Ok(())));
    let logged_in = use_current_account().is_some();
    view! {
        <Title text=move || crate::ui::page_title(i18n.get_locale(), t_string!(i18n, account.settings)) />
        <section class="panel narrow">
            <h1>{t!(i18n, account.settings)}</h1>
            {(!logged_in).then(|| view! {
                <p>{t!(i18n, account.login_required)} " " <a href="/login">{t!(i18n, account.login)}</a></p>
            })}
        </section>
        {logged_in.then(|| view! {
            <section class="panel narrow" aria-labelledby="password-heading">
                <h2 id="password-heading">{t!(i18n, account.password_title)}</h2>
                {move || done().then(|| view! { <p class="notice" role="status">{t!(i18n, account.password_done)}</p> })}
                <ActionForm action=change>
                    <TextField id="account-current-password" name="current_password" input_type="password"
                        autocomplete="current-password" maxlength=128
                        label=Signal::derive(move || t_string!(i18n, account.current_password).to_owned())
                        server_error=server_field_error(change, "current_password") />
                    <TextField id="account-new-password" name="new_password" input_type="password"
                        autocomplete="new-password" maxlength=128
                        label=Signal::derive(move || t_string!(i18n, account.new_password).to_owned())
                        hint=Signal::derive(move || t_string!(i18n, register.password_hint).to_owned())
                        server_error=server_field_error(change, "new_password") check=checks::new_password />
                    <TextField id="account-new-password-again" name="new_password_again" input_type="password"
                        autocomplete="new-password" maxlength=128
                        label=Signal::derive(move || t_string!(i18n, account.new_password_again).to_owned())
                        server_error=server_field_error(change, "new_password_again") />
                    <button type="submit">{t!(i18n, account.password_submit)}</button>
                </ActionForm>
            </section>
        })}
    }
}
