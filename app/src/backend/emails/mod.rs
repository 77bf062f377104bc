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

mod render;
mod templates;

pub use templates::Email;

use crate::backend::outbox::OutgoingEmail;
use crate::domain::EmailAddress;
use crate::i18n::Locale;

/// The language an email is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailLanguage {
    One(Locale),
    /// Chinese first, then English: for someone whose language we do not know yet.
    Both,
}

impl MailLanguage {
    /// The language stored for an account (`zh-CN` or `en`).
    pub fn of_account(code: &str) -> Self {
        Self::One(locale_from_code(code))
    }
}

/// `en` is English; everything else is the default, Chinese.
pub fn locale_from_code(code: &str) -> Locale {
    if code == "en" { Locale::en } else { Locale::zh_CN }
}

/// The code stored in `accounts.locale`.
pub fn locale_code(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "en",
        Locale::zh_CN => "zh-CN",
    }
}

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
    OutgoingEmail { to, kind: email.kind(), subject, body_text, body_html: Some(body_html) }
}

/// One email in one language, before rendering.
#[derive(Debug, Clone)]
pub struct Message {
    pub subject: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub enum Block {
    Paragraph(String),
    /// Label and value pairs: order number, amount, …
    Facts(Vec<(&'static str, String)>),
    /// The one thing to do, as a button in HTML and a bare URL in text.
    Action {
        label: &'static str,
        url: String,
    },
    /// Someone else's words, quoted as written (a staff reply, a reason).
    Quote(String),
}
