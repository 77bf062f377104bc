use super::{ValidationError, normalize::halfwidth_trimmed};
use encoding_rs::{EncoderResult, GBK};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Text that can be printed on a fapiao: every character encodable in GBK, the character
/// set of the tax system. Rare characters outside GBK (some names use them) are refused
/// with the offending character named, so the customer can see what to change.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct GbkText(String);

impl GbkText {
    /// Parses non-empty GBK text of at most `max_chars` characters (trimmed, full-width ASCII
    /// folded to half-width).
    pub fn parse(input: &str, max_chars: usize) -> Result<Self, ValidationError> {
        let value = halfwidth_trimmed(input);
        if value.is_empty() {
            return Err(ValidationError::Required);
        }
        if value.chars().count() > max_chars {
            return Err(ValidationError::TooLong { max: max_chars });
        }
        if let Some(c) = first_non_gbk(&value) {
            return Err(ValidationError::NotGbk(c));
        }
        Ok(Self(value))
    }
}

/// The first character GBK cannot encode, if any. Control characters count as unencodable:
/// they have no place on a printed fapiao.
pub(crate) fn first_non_gbk(text: &str) -> Option<char> {
    if let Some(c) = text.chars().find(|c| c.is_control()) {
        return Some(c);
    }
    let mut encoder = GBK.new_encoder();
    let mut rest = text;
    let mut buffer = [0u8; 256];
    loop {
        let (result, read, _) = encoder.encode_from_utf8_without_replacement(rest, &mut buffer, true);
        match result {
            EncoderResult::InputEmpty => return None,
            EncoderResult::OutputFull => rest = &rest[read..],
            EncoderResult::Unmappable(c) => return Some(c),
        }
    }
}

impl AsRef<str> for GbkText {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
impl fmt::Display for GbkText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl TryFrom<String> for GbkText {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        // Deserialisation accepts what any form field could hold.
        Self::parse(&value, 1000)
    }
}
impl From<GbkText> for String {
    fn from(value: GbkText) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_chinese_company_names_and_ascii() {
        assert!(GbkText::parse("世纪互联数据中心有限公司", 100).is_ok());
        assert!(GbkText::parse("上海蓝云网络科技有限公司（Shanghai Blue Cloud）", 100).is_ok());
        assert!(GbkText::parse("北京市朝阳区酒仙桥路 14 号", 100).is_ok());
    }

    #[test]
    fn names_the_character_gbk_cannot_encode() {
        // 𠀀 (U+20000) is outside the BMP and outside GBK; emoji likewise.
        assert_eq!(GbkText::parse("张𠀀有限公司", 100), Err(ValidationError::NotGbk('𠀀')));
        assert_eq!(GbkText::parse("好公司😀", 100), Err(ValidationError::NotGbk('😀')));
        assert_eq!(GbkText::parse("Tab\there", 100), Err(ValidationError::NotGbk('\t')));
    }

    #[test]
    fn long_text_is_checked_past_the_encoder_buffer() {
        let text = format!("{}😀", "中".repeat(300));
        assert_eq!(first_non_gbk(&text), Some('😀'));
        assert_eq!(first_non_gbk(&"中".repeat(300)), None);
    }

    #[test]
    fn length_and_emptiness() {
        assert_eq!(GbkText::parse("   ", 10), Err(ValidationError::Required));
        assert_eq!(GbkText::parse("一二三四五六七八九十一", 10), Err(ValidationError::TooLong { max: 10 }));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = GbkText::parse(&s, 100);
        }
    }
}
