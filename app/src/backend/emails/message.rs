//! An email in one language as blocks, before it is rendered as text and HTML, and the
//! languages an email can be written in.

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
