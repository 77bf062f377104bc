//! The document shell (rendered once on the server) and the router.

use crate::components::Layout;
use crate::i18n::Locale;
use crate::pages::admin::{
    AccountsPage, AuditPage, CalendarPage, OrdersPage, QueuePage, SiteAdminPage, StaffApplicationPage,
};
use crate::pages::{
    AccessRequestPage, AccountPage, ActivatePage, AddressBookPage, AddressEditPage, ApiTokensPage, ApplicationPage,
    ApplicationsPage, ApplyPage, BillDetailPage, BillsPage, ConfirmEmailPage, ForgotPasswordPage, GalleryPage,
    HomePage, LoginPage, MailboxPage, NotFoundPage, RegisterPage, RegisterSentPage, ResetPasswordPage, SupportPage,
    SupportThreadPage, TitleBookPage, TitleEditPage,
};
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::{Html, MetaTags, Title, provide_meta_context};
use leptos_router::{
    ParamSegment, SsrMode, StaticSegment,
    components::{Route, Router, Routes},
};

/// The islands' loader (`islands.js`): a page without islands loads no Wasm; a page with some
/// loads the bundle after the first paint, when the browser is idle, and hydrates only them.
/// Leptos's `HydrationScripts` would fetch the bundle on every page, during parsing; it is used
/// only when file names are hashed (which this loader does not know how to name).
#[component]
fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    if options.hash_files {
        return view! { <HydrationScripts options islands=true /> }.into_any();
    }
    // Only islands hydrate, so nothing outside them needs its data serialised into the page.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let pkg = format!("/{}/{}", options.site_pkg_dir, options.output_name);
    // Without LEPTOS_OUTPUT_NAME at compile time wasm-bindgen's file gets a `_bg` suffix.
    let wasm_suffix = if option_env!("LEPTOS_OUTPUT_NAME").is_some() { "" } else { "_bg" };
    let script =
        format!("{}({:?}, {:?});", include_str!("islands.js"), format!("{pkg}.js"), format!("{pkg}{wasm_suffix}.wasm"));
    view! { <script type="module" nonce=leptos::nonce::use_nonce()>{script}</script> }.into_any()
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                // On a phone the on-screen keyboard shrinks the page instead of covering it, so the
                // focused field stays in view.
                <meta name="viewport" content="width=device-width, initial-scale=1, interactive-widget=resizes-content" />
                <link rel="stylesheet" id="leptos" href="/pkg/fapiao.css" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <meta name="theme-color" content="#0b5cad" />
                <AutoReload options=options.clone() />
                <IslandScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The `<title>` of every page. On the server it is escaped here, in the one formatter every
/// page's `<Title>` goes through: leptos_meta 0.8 writes the title into the server-rendered
/// head as raw HTML, and titles carry what users typed (a support subject, an order number).
/// In the browser the text is assigned to `document.title`, which takes text, not HTML.
fn page_title_text(page: String) -> String {
    let title = if page.is_empty() { "发票管理中心 · Fapiao Center".to_owned() } else { page };
    #[cfg(feature = "ssr")]
    let title = crate::backend::html::escape(&title);
    title
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = page_locale();
    // For `ui::use_locale`: every page and component reads its language there.
    provide_context(locale);

    view! {
        <Html attr:lang=locale.as_str() attr:dir=locale.direction().as_str() />
        <Title formatter=page_title_text />
        <Router>
            <Layout>
                <Routes fallback=NotFoundPage>
                    // In order: streamed, but each part in place (no out-of-order fragments, which need
                    // a script to be shown), so the page is complete without JavaScript.
                    <Route path=StaticSegment("") view=HomePage ssr=SsrMode::InOrder />
                    <Route path=StaticSegment("login") view=LoginPage ssr=SsrMode::InOrder />
                    <Route path=StaticSegment("register") view=RegisterPage ssr=SsrMode::InOrder />
                    <Route path=(StaticSegment("register"), StaticSegment("sent")) view=RegisterSentPage ssr=SsrMode::InOrder />
                    <Route path=StaticSegment("activate") view=ActivatePage ssr=SsrMode::InOrder />
                    <Route path=StaticSegment("account") view=AccountPage ssr=SsrMode::InOrder />
                    <Route path=(StaticSegment("account"), StaticSegment("email")) view=ConfirmEmailPage ssr=SsrMode::InOrder />
                    <Route path=(StaticSegment("account"), StaticSegment("titles")) view=TitleBookPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("account"), StaticSegment("titles"), ParamSegment("id")) view=TitleEditPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("account"), StaticSegment("addresses")) view=AddressBookPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("account"), StaticSegment("addresses"), ParamSegment("id")) view=AddressEditPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("account"), StaticSegment("tokens")) view=ApiTokensPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("access") view=AccessRequestPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("forgot") view=ForgotPasswordPage ssr=SsrMode::InOrder />
                    <Route path=StaticSegment("reset") view=ResetPasswordPage ssr=SsrMode::InOrder />
                    <Route path=StaticSegment("bills") view=BillsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("bills"), ParamSegment("order")) view=BillDetailPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("bills"), ParamSegment("order"), StaticSegment("apply")) view=ApplyPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("bills"), ParamSegment("order"), StaticSegment("apply"), ParamSegment("step")) view=ApplyPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("applications") view=ApplicationsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("applications"), ParamSegment("number")) view=ApplicationPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("support") view=SupportPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("support"), ParamSegment("number")) view=SupportThreadPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("admin") view=QueuePage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("site")) view=SiteAdminPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("accounts")) view=AccountsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("audit")) view=AuditPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("calendar")) view=CalendarPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("orders")) view=OrdersPage />
                    <Route path=(StaticSegment("admin"), StaticSegment("applications"), ParamSegment("number")) view=StaffApplicationPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("dev"), StaticSegment("mailbox")) view=MailboxPage ssr=SsrMode::InOrder />
                    <Route path=(StaticSegment("dev"), StaticSegment("gallery")) view=GalleryPage ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}

/// The language of the page: Chinese unless the visitor chose English with the language switch
/// (its cookie). The browser's Accept-Language is deliberately ignored: the product is Chinese
/// first.
///
/// A plain value for the whole render, never leptos_i18n's context (a signal with effects): a
/// language change loads the page again. That context also started, with every page, a task
/// that writes the language cookie (leptos_i18n 0.6.2); on the server the task ran whenever
/// tokio got to it, and one that ran while its page was being dropped read the disposed
/// language signal and panicked (in the server log, about 1 in 3,000 pages at 16 connections).
fn page_locale() -> Locale {
    #[cfg(feature = "ssr")]
    let locale = crate::backend::request::locale();
    // The app is rendered on the server only: in the browser only islands run.
    #[cfg(not(feature = "ssr"))]
    let locale = Locale::default();
    locale
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// The home page rendered and dropped at once, many times over, while tokio's other worker
    /// runs whatever tasks the renders started: none of them reads a dropped page's reactive
    /// values. (With leptos_i18n's context around the app, its cookie task, running while its
    /// page was being dropped, read the disposed language signal and panicked: about a hundred
    /// times in this test, about 1 in 3,000 pages on the server at 16 connections.)
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn dropped_pages_leave_no_task_that_panics() {
        static DISPOSED: AtomicUsize = AtomicUsize::new(0);
        let _ = any_spawner::Executor::init_tokio();
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if info.payload_as_str().is_some_and(|m| m.contains("disposed")) {
                DISPOSED.fetch_add(1, Ordering::SeqCst);
            }
            previous(info);
        }));
        for round in 0..5_000 {
            let owner = Owner::new();
            let html = owner.with(|| {
                provide_context(leptos_router::location::RequestUrl::new("/"));
                view! { <App /> }.to_html()
            });
            drop(owner);
            assert!(html.contains("<h1>发票管理中心</h1>"), "{html}");
            if round % 100 == 0 {
                tokio::task::yield_now().await;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        assert_eq!(DISPOSED.load(Ordering::SeqCst), 0, "tasks read a dropped page's reactive values (see above)");
    }
}
