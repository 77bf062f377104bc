use crate::auth::{Logout, use_current_account};
use crate::i18n::*;
use crate::ui::use_locale;
use leptos::prelude::*;

/// In the header: who is logged in and a logout button, or a link to log in.
#[component]
pub fn AccountMenu() -> impl IntoView {
    let locale = use_locale();
    let logout = ServerAction::<Logout>::new();
    match use_current_account() {
        Some(account) => {
            let customer = account.role == crate::domain::Role::Customer;
            view! {
                // The pages of the account's role: inline on a wide screen, behind a menu button
                // on a phone (a disclosure: it works without JavaScript). Written once: the
                // stylesheet shows the disclosure's content inline where the screen is wide.
                <details class="site-menu">
                    <summary class="menu-button">{td!(locale, nav.menu)}</summary>
                    <nav class="main-nav" aria-label=td_string!(locale, nav.label)>
                        {if customer {
                            view! {
                                <a class="header-link" href="/bills">{td!(locale, nav.bills)}</a>
                                <a class="header-link" href="/applications">{td!(locale, nav.applications)}</a>
                                <a class="header-link" href="/support">{td!(locale, nav.support)}</a>
                            }
                            .into_any()
                        } else {
                            view! {
                                <a class="header-link" href="/admin">{td!(locale, nav.admin)}</a>
                                <a class="header-link" href="/support">{td!(locale, nav.support)}</a>
                                <a class="header-link" href="/admin/site">{td!(locale, nav.site)}</a>
                                <a class="header-link" href="/admin/accounts">{td!(locale, nav.accounts)}</a>
                                <a class="header-link" href="/admin/orders">{td!(locale, nav.orders)}</a>
                                <a class="header-link" href="/admin/calendar">{td!(locale, nav.calendar)}</a>
                                <a class="header-link" href="/admin/audit">{td!(locale, nav.audit)}</a>
                            }
                            .into_any()
                        }}
                    </nav>
                </details>
                <a class="header-link account-email" href="/account">
                    {td!(locale, account.logged_in_as, email = account.email.clone())}
                </a>
                <ActionForm action=logout attr:class="inline-form">
                    <button type="submit">{td!(locale, account.logout)}</button>
                </ActionForm>
            }
            .into_any()
        }
        None => view! { <a class="header-link" href="/login">{td!(locale, account.login)}</a> }.into_any(),
    }
}
