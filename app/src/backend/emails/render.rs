//! Plain text and HTML from a `Message`. Every value is escaped here, so no template can put
//! markup into an email.

use super::message::{Block, Message};
use crate::backend::html::escape;
use crate::i18n::Locale;
use std::fmt::Write;

fn greeting(locale: Locale) -> &'static str {
    match locale {
        Locale::zh_CN => "您好：",
        Locale::en => "Hello,",
    }
}

fn signature(locale: Locale) -> (&'static str, &'static str) {
    match locale {
        Locale::zh_CN => ("发票管理中心", "此邮件由系统自动发送，请勿直接回复。"),
        Locale::en => ("Fapiao Center", "This email was sent automatically; replies are not read."),
    }
}

fn separator(locale: Locale) -> &'static str {
    match locale {
        Locale::zh_CN => "：",
        Locale::en => ": ",
    }
}

pub fn text(locale: Locale, message: &Message) -> String {
    let mut out = format!("{}\n\n", greeting(locale));
    for block in &message.blocks {
        match block {
            Block::Paragraph(text) => out.push_str(text),
            Block::Facts(facts) => {
                let lines: Vec<String> =
                    facts.iter().map(|(label, value)| format!("{label}{}{value}", separator(locale))).collect();
                out.push_str(&lines.join("\n"));
            }
            Block::Action { label, url } => {
                let _ = write!(out, "{label}{}\n{url}", separator(locale));
            }
            Block::Quote(text) => {
                let lines: Vec<String> = text.lines().map(|line| format!("> {line}")).collect();
                out.push_str(&lines.join("\n"));
            }
        }
        out.push_str("\n\n");
    }
    let (name, note) = signature(locale);
    let _ = writeln!(out, "— {name}\n{note}");
    out
}

/// One HTML document with a section per language.
pub fn html(sections: &[(Locale, &Message)]) -> String {
    let first = sections.first().map_or(Locale::zh_CN, |(locale, _)| *locale);
    let title = sections.iter().map(|(_, m)| escape(&m.subject)).collect::<Vec<_>>().join(" / ");
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n</head>\n\
         <body style=\"margin:0;padding:24px 16px;background:#f4f6f8;color:#1f2328;\
         font-family:-apple-system,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;\
         font-size:15px;line-height:1.6\">\n",
        lang = lang_attribute(first)
    );
    for (index, (locale, message)) in sections.iter().enumerate() {
        if index > 0 {
            out.push_str("<hr style=\"border:0;border-top:1px solid #d0d7de;margin:24px auto;max-width:560px\">\n");
        }
        section(&mut out, *locale, message);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn section(out: &mut String, locale: Locale, message: &Message) {
    let _ = writeln!(
        out,
        "<div lang=\"{}\" style=\"max-width:560px;margin:0 auto;background:#fff;border:1px solid #d0d7de;\
         border-radius:8px;padding:24px\">\n<p>{}</p>",
        lang_attribute(locale),
        greeting(locale)
    );
    for block in &message.blocks {
        match block {
            Block::Paragraph(text) => {
                let _ = writeln!(out, "<p>{}</p>", lines_to_html(text));
            }
            Block::Facts(facts) => {
                out.push_str("<table role=\"presentation\" style=\"border-collapse:collapse;margin:12px 0\">\n");
                for (label, value) in facts {
                    let _ = writeln!(
                        out,
                        "<tr><th scope=\"row\" style=\"text-align:left;font-weight:normal;color:#59636e;\
                         padding:2px 16px 2px 0;vertical-align:top\">{}</th><td style=\"padding:2px 0\">{}</td></tr>",
                        escape(label),
                        escape(value)
                    );
                }
                out.push_str("</table>\n");
            }
            Block::Action { label, url } => {
                let _ = writeln!(
                    out,
                    "<p style=\"margin:20px 0\"><a href=\"{url}\" style=\"display:inline-block;background:#0b57d0;\
                     color:#fff;text-decoration:none;padding:10px 20px;border-radius:6px\">{label}</a></p>\n\
                     <p style=\"font-size:13px;color:#59636e;word-break:break-all\">{url}</p>",
                    url = escape(url),
                    label = escape(label)
                );
            }
            Block::Quote(text) => {
                let _ = writeln!(
                    out,
                    "<blockquote style=\"margin:12px 0;padding:8px 12px;border-left:4px solid #d0d7de;\
                     background:#f6f8fa\">{}</blockquote>",
                    lines_to_html(text)
                );
            }
        }
    }
    let (name, note) = signature(locale);
    let _ = writeln!(out, "<p style=\"color:#59636e;font-size:13px\">— {name}<br>{note}</p>\n</div>");
}

fn lang_attribute(locale: Locale) -> &'static str {
    super::message::locale_code(locale)
}

fn lines_to_html(text: &str) -> String {
    text.lines().map(escape).collect::<Vec<_>>().join("<br>\n")
}
