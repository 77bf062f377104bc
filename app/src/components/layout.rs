use super::{AccountMenu, AnnouncementBanner, LanguageSwitch, MaintenanceNotice};
use crate::i18n::*;
use crate::pages::ErrorPanel;
use crate::site::SiteStatus;
use crate::ui::use_locale;
use leptos::prelude::*;

/// The frame of every page: skip link, header with the language switch, the announcement
/// banner, the content (or the maintenance notice while maintenance is on), the footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let locale = use_locale();
    // The site status is loaded by the server before rendering and handed to the browser with
    // the page, so nothing here waits: a `<Suspense>` around the routes would hide them from
    // route discovery and stream the page as fragments that need JavaScript to be shown.
    let status: Option<SiteStatus> = SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        let preloaded = crate::site::preloaded_status();
        #[cfg(not(feature = "ssr"))]
        let preloaded = None;
        preloaded
    })
    .into_inner();
    crate::auth::provide_current_account();
    let staff = crate::auth::use_current_account().is_some_and(|a| a.role != crate::domain::Role::Customer);
    provide_context(ServicePhone(status.as_ref().map(|s| s.service_phone.clone()).unwrap_or_default()));
    let announcements = status.as_ref().map(|s| s.announcements.clone()).unwrap_or_default();
    provide_context(StockShortage(
        announcements
            .iter()
            .find(|a| a.kind == crate::site::AnnouncementKind::StockShortage)
            .and_then(|a| a.expected_mailing_date.clone()),
    ));
    let maintenance = status.as_ref().and_then(|s| s.maintenance.clone());
    let phone = status.map(|s| s.service_phone).unwrap_or_default();

    view! {
        // A plain link: `#main` is focusable (tabindex -1), so the browser moves the focus there.
        <a class="skip-link" href="#main">{td!(locale, skip_to_content)}</a>
        <header class="site-header">
            <a class="brand" href="/">{td!(locale, app_name)}</a>
            <div class="header-actions">
                <AccountMenu />
                <LanguageSwitch />
            </div>
        </header>
        <AnnouncementBanner announcements />
        // The service center works in wide tables: its pages take the whole width.
        <main id="main" tabindex="-1" class:staff-main=staff>
            <ErrorBoundary fallback=|_| view! { <ErrorPanel /> }>
                // Staff keep working during maintenance; customers see the notice instead.
                {match maintenance {
                    Some(maintenance) if !staff => view! { <MaintenanceNotice maintenance /> }.into_any(),
                    _ => children().into_any(),
                }}
            </ErrorBoundary>
        </main>
        // What a customer needs to know at the foot of every page; staff know it.
        {(!staff).then(|| view! {
            <footer class="site-footer">
                <p>{td!(locale, footer.bills_delay)}</p>
                <p>{td!(locale, footer.service_phone, phone = phone.clone())}</p>
            </footer>
        })}
    }
}

/// The expected mailing date of an active stock-shortage notice, provided by the layout.
#[derive(Debug, Clone)]
struct StockShortage(Option<String>);

/// When paper fapiao are expected to be mailed, while a stock-shortage notice is active.
pub fn use_stock_shortage() -> Option<String> {
    use_context::<StockShortage>().and_then(|s| s.0)
}

/// The customer-service phone number, provided by the layout to every page.
#[derive(Debug, Clone)]
struct ServicePhone(String);

pub fn use_service_phone() -> String {
    use_context::<ServicePhone>().map(|p| p.0).unwrap_or_default()
}
