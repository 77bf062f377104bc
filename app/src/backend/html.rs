//! Escaping for text we write into HTML ourselves, outside the view macros (which escape
//! what they render): email bodies, and the page `<title>`, which leptos_meta 0.8 writes into
//! the server-rendered head without escaping.

/// The text as HTML character data or a quoted attribute value: `& < > " '` escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_becomes_text() {
        assert_eq!(escape("</title><b id=x>"), "&lt;/title&gt;&lt;b id=x&gt;");
        assert_eq!(escape(r#"a & "b" 'c'"#), "a &amp; &quot;b&quot; &#39;c&#39;");
        assert_eq!(escape("蓝云科技（上海）有限公司"), "蓝云科技（上海）有限公司");
    }
}
