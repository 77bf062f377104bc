use crate::auth::{Logout, use_current_account};
use crate::i18n::*;
use leptos::prelude::*;

/// In the header: who is logged in and a logout button, or a link to log in.
#[component]
pub fn AccountMenu() -> impl IntoView {
    let i18n = use_i18n();
    let logout = ServerAction::<Logout>::new();
    match use_current_account() {
        Some(account) => {
            let customer = account.role == crate::domain::Role::Customer;
            view! {
                // The pages of the account's role: inline on a wide screen, behind a menu button
                // on a phone (a disclosure: it works without JavaScript). Written once: the
                // stylesheet shows the disclosure's content inline where the screen is wide.
                <details class="site-menu">
                    <summary class="menu-button">{t!(i18n, nav.menu)}</summary>
                    <nav class="main-nav" aria-label=move || t_string!(i18n, nav.label)>
                        {if customer {
                            view! {
                                <a class="header-link" href="/bills">{t!(i18n, nav.bills)}</a>
                                <a class="header-link" href="/applications">{t!(i18n, nav.applications)}</a>
                                <a class="header-link" href="/support">{t!(i18n, nav.support)}</a>
                            }
                            .into_any()
                        } else {
                            view! {
                                <a class="header-link" href="/admin">{t!(i18n, nav.admin)}</a>
                                <a class="header-link" href="/support">{t!(i18n, nav.support)}</a>
                                <a class="header-link" href="/admin/site">{t!(i18n, nav.site)}</a>
                                <a class="header-link" href="/admin/accounts">{t!(i18n, nav.accounts)}</a>
                                <a class="header-link" href="/admin/orders">{t!(i18n, nav.orders)}</a>
                                <a class="header-link" href="/admin/calendar">{t!(i18n, nav.calendar)}</a>
                                <a class="header-link" href="/admin/audit">{t!(i18n, nav.audit)}</a>
                            }
                            .into_any()
                        }}
                    </nav>
                </details>
                <a class="header-link account-email" href="/account">
                    {t!(i18n, account.logged_in_as, email = account.email.clone())}
                </a>
                <ActionForm action=logout attr:class="inline-form">
                    <button type="submit">{t!(i18n, account.logout)}</button>
                </ActionForm>
            }
            .into_any()
        }
        None => view! { <a class="header-link" href="/login">{t!(i18n, account.login)}</a> }.into_any(),
    }
}
