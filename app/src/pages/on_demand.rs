//! Pages whose code is not part of the customer's first load: the service center's pages and
//! the development gallery. Each is a lazy route: every build (`cargo leptos … --split`, see
//! the Makefile) puts its view code in a Wasm chunk of its own, fetched when the page is first
//! visited (or hydrated). Customers never download them.

use super::admin::{AccountsPage, AuditPage, CalendarPage, OrdersPage, QueuePage, SiteAdminPage, StaffApplicationPage};
use super::dev_gallery::GalleryPage;
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// A lazy route that shows `$page`; its data is loaded by the page itself.
macro_rules! on_demand {
    ($($route:ident => $page:ident),* $(,)?) => {$(
        #[doc = concat!("`", stringify!($page), "`, loaded on demand.")]
        #[derive(Debug)]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    )*};
}

on_demand! {
    QueueRoute => QueuePage,
    SiteAdminRoute => SiteAdminPage,
    AccountsRoute => AccountsPage,
    AuditRoute => AuditPage,
    CalendarRoute => CalendarPage,
    OrdersRoute => OrdersPage,
    StaffApplicationRoute => StaffApplicationPage,
    GalleryRoute => GalleryPage,
}
