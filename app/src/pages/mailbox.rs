use crate::accounts::dev_mailbox;
use crate::i18n::*;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;

/// `/dev/mailbox`: the email the product would have sent, while no SMTP server is configured.
/// With SMTP configured the server function answers 404 and so does this page.
#[component]
pub fn MailboxPage() -> impl IntoView {
    let locale = use_locale();
    let emails = Resource::new_blocking(|| (), |_| dev_mailbox());
    view! {
        <PageTitle text=td_string!(locale, mailbox.title) />
        <section class="panel">
            <h1>{td!(locale, mailbox.title)}</h1>
            <p class="hint">{td!(locale, mailbox.lead)}</p>
            <Suspense>
                {move || Suspend::new(async move {
                    match emails.await {
                        Ok(emails) if emails.is_empty() => view! { <p>{td!(locale, mailbox.empty)}</p> }.into_any(),
                        Ok(emails) => emails
                            .into_iter()
                            .map(|email| view! {
                                <article class="mailbox-item">
                                    <h2>{email.subject}</h2>
                                    <p class="hint">{td!(locale, mailbox.to)} ": " {email.to} " · " {email.created}</p>
                                    <pre>{email.body}</pre>
                                </article>
                            })
                            .collect_view()
                            .into_any(),
                        Err(_) => view! { <super::NotFoundPage /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
