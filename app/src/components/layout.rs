use super::{AnnouncementBanner, LanguageSwitch, MaintenanceNotice};
use crate::i18n::*;
use crate::pages::ErrorPanel;
use crate::site_status::{SiteStatus, get_site_status};
use leptos::prelude::*;

/// The frame of every page: skip link, header with the language switch, the announcement
/// banner, the content (or the maintenance notice while maintenance is on), the footer.
#[component]
pub fn Layout(children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    // Blocking: the status is part of the first HTML, so it also shows without JavaScript.
    let status = Resource::new_blocking(|| (), |_| get_site_status());
    provide_context(status);
    let children = StoredValue::new(children);

    view! {
        <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
        <header class="site-header">
            <a class="brand" href="/">{t!(i18n, app_name)}</a>
            <LanguageSwitch />
        </header>
        <Suspense>
            {move || Suspend::new(async move {
                let status: Option<SiteStatus> = status.await.ok();
                let announcements = status.as_ref().map(|s| s.announcements.clone()).unwrap_or_default();
                let maintenance = status.as_ref().and_then(|s| s.maintenance.clone());
                let phone = status.map(|s| s.service_phone).unwrap_or_default();
                view! {
                    <AnnouncementBanner announcements />
                    <main id="main" tabindex="-1">
                        <ErrorBoundary fallback=|_| view! { <ErrorPanel /> }>
                            {match maintenance {
                                Some(maintenance) => view! { <MaintenanceNotice maintenance /> }.into_any(),
                                None => children.with_value(|children| children()).into_any(),
                            }}
                        </ErrorBoundary>
                    </main>
                    <footer class="site-footer">
                        <p>{t!(i18n, footer.bills_delay)}</p>
                        <p>{t!(i18n, footer.service_phone, phone = phone.clone())}</p>
                    </footer>
                }
            })}
        </Suspense>
    }
}
