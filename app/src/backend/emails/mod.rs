//! Every email the product sends: what each one says, in Chinese and in English, and the one
//! renderer that turns it into the plain-text and HTML parts. A template is a list of blocks
//! (paragraphs, facts, a link, a quote), so the copy of an email reads like its message and the
//! HTML is escaped in one place.
//!
//! An email goes out in its reader's language: for what the customer just did on the site
//! (registering, confirming an application), the language of that page; for what others did
//! (staff, the system), the account's language (`accounts.locale`: the language of the pages
//! when the account registered or last logged in). An order confirmation, sent before there
//! is an account, carries both languages.

mod message;
mod render;
mod templates;

pub use message::{Block, MailLanguage, Message, locale_code, locale_from_code};
pub use templates::Email;

use crate::backend::outbox::OutgoingEmail;
use crate::domain::EmailAddress;
use crate::i18n::Locale;

/// The email, written out, addressed to `to`. `base_url` starts every link.
pub fn compose(to: EmailAddress, language: MailLanguage, base_url: &str, email: &Email) -> OutgoingEmail {
    let written = |locale| email.write(locale, base_url);
    let (subject, body_text, body_html) = match language {
        MailLanguage::One(locale) => {
            let message = written(locale);
            (message.subject.clone(), render::text(locale, &message), render::html(&[(locale, &message)]))
        }
        MailLanguage::Both => {
            let (zh, en) = (written(Locale::zh_CN), written(Locale::en));
            (
                format!("{} / {}", zh.subject, en.subject),
                format!("{}\n---\n\n{}", render::text(Locale::zh_CN, &zh), render::text(Locale::en, &en)),
                render::html(&[(Locale::zh_CN, &zh), (Locale::en, &en)]),
            )
        }
    };
    OutgoingEmail { to, kind: email.kind(), subject, body_text, body_html: Some(body_html), attachments: Vec::new() }
}
