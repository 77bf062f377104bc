use super::ValidationError;
use encoding_rs::{EncoderResult, GBK};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Text that can be printed on a fapiao: every character encodable in GBK, the character
/// set of the tax system. Rare characters outside GBK (some names use them) are refused
/// with the offending character named, so the customer can see what to change.
///
/// The text is kept exactly as typed except for surrounding white space: names are legal
/// text, and a registered name with full-width brackets “（上海）” must print with them.
/// Comparisons go through `comparable`, never through the stored text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct GbkText(String);

impl GbkText {
    /// Parses non-empty GBK text of at most `max_chars` characters (trimmed, otherwise as typed).
    pub fn parse(input: &str, max_chars: usize) -> Result<Self, ValidationError> {
        let value = input.trim();
        if value.is_empty() {
            return Err(ValidationError::Required);
        }
        if value.chars().count() > max_chars {
            return Err(ValidationError::TooLong { max: max_chars });
        }
        if let Some(c) = first_non_gbk(value) {
            return Err(ValidationError::NotGbk(c));
        }
        Ok(Self(value.to_owned()))
    }

    /// Parses non-empty GBK text of at most `max_bytes` bytes once encoded in GBK, the way the
    /// tax platform counts a field (a Chinese character takes 2 bytes, an ASCII one 1).
    pub fn parse_bytes(input: &str, max_bytes: usize) -> Result<Self, ValidationError> {
        let text = Self::parse(input, max_bytes)?;
        if gbk_len(&text.0) > max_bytes {
            return Err(ValidationError::TooManyBytes { max: max_bytes });
        }
        Ok(text)
    }

    /// The text in the form used to compare two names: full-width ASCII folded to half-width,
    /// white space removed, Latin letters in lower case. `蓝云科技（上海）有限公司` and
    /// `蓝云科技(上海)有限公司 ` compare equal; neither is ever rewritten into the other.
    pub fn comparable(&self) -> String {
        comparable(&self.0)
    }
}

/// See `GbkText::comparable`; also for text that was never parsed (a bill's payer name).
pub fn comparable(text: &str) -> String {
    super::normalize::halfwidth_trimmed(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// How many bytes `text` takes in GBK. Characters GBK cannot encode count as 2 (they are
/// refused anyway, by `first_non_gbk`).
pub fn gbk_len(text: &str) -> usize {
    let mut encoder = GBK.new_encoder();
    let mut rest = text;
    let mut buffer = [0u8; 256];
    let mut total = 0;
    loop {
        let (result, read, written) = encoder.encode_from_utf8_without_replacement(rest, &mut buffer, true);
        total += written;
        rest = &rest[read..];
        match result {
            EncoderResult::InputEmpty => return total,
            EncoderResult::OutputFull => {}
            EncoderResult::Unmappable(_) => total += 2,
        }
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
    fn names_keep_their_full_width_brackets_and_compare_equal_to_half_width_ones() {
        let name = GbkText::parse(" 蓝云科技（上海）有限公司　", 100).unwrap();
        assert_eq!(name.as_ref(), "蓝云科技（上海）有限公司");
        assert_eq!(name.comparable(), comparable("蓝云科技(上海)有限公司"));
        assert_ne!(name.comparable(), comparable("蓝云科技有限公司"));
        assert_eq!(comparable("Blue Cloud Ｌｔｄ"), comparable("bluecloud ltd"));
    }

    #[test]
    fn bytes_are_counted_as_gbk_encodes_them() {
        assert_eq!(gbk_len("abc"), 3);
        assert_eq!(gbk_len("蓝云"), 4);
        assert_eq!(gbk_len("（上海）"), 8, "full-width brackets are two bytes each");
        assert_eq!(gbk_len(&"中".repeat(300)), 600, "past the encoder's buffer");
        // 50 Chinese characters fill 100 bytes; one more ASCII letter is too many.
        let fifty = "公".repeat(50);
        assert!(GbkText::parse_bytes(&fifty, 100).is_ok());
        assert_eq!(GbkText::parse_bytes(&format!("{fifty}A"), 100), Err(ValidationError::TooManyBytes { max: 100 }));
        assert!(GbkText::parse_bytes(&"A".repeat(100), 100).is_ok());
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
            let _ = GbkText::parse_bytes(&s, 100);
        }

        /// The byte count equals the length of encoding_rs's own GBK output for any text GBK
        /// can encode.
        #[test]
        fn gbk_len_is_the_encoded_length(s in "[a-zA-Z0-9 （）()、。《》\\u{4e00}-\\u{9fa5}]{0,200}") {
            let (bytes, _, unmappable) = GBK.encode(&s);
            prop_assume!(!unmappable);
            prop_assert_eq!(gbk_len(&s), bytes.len());
        }
    }
}
