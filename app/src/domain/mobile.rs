use super::{ValidationError, normalize::without_separators};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A mainland China mobile number: `1[3-9]` followed by 9 digits. A `+86`/`0086`/`86`
/// prefix, spaces and hyphens are accepted and dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Mobile(String);

impl Mobile {
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let compact = without_separators(input);
        if compact.is_empty() {
            return Err(ValidationError::Required);
        }
        let digits = ["+86", "0086", "86"]
            .iter()
            .find_map(|prefix| compact.strip_prefix(prefix).filter(|rest| rest.len() == 11))
            .unwrap_or(&compact);
        let bytes = digits.as_bytes();
        let valid = bytes.len() == 11
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1])
            && bytes.iter().all(u8::is_ascii_digit);
        if !valid {
            return Err(ValidationError::BadFormat);
        }
        Ok(Self(digits.to_owned()))
    }
}

impl AsRef<str> for Mobile {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
impl fmt::Display for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl TryFrom<String> for Mobile {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}
impl From<Mobile> for String {
    fn from(value: Mobile) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_mobile_numbers_in_the_ways_people_type_them() {
        for ok in ["13800138000", "138 0013 8000", "+86 139-1234-5678", "008619912345678", "８６１８６１２３４５６７８"]
        {
            assert!(Mobile::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(Mobile::parse("+86 138 0013 8000").unwrap().as_ref(), "13800138000");
    }

    #[test]
    fn refuses_landlines_wrong_prefixes_and_lengths() {
        for bad in ["12800138000", "1380013800", "138001380001", "021-12345678", "1380013800O"] {
            assert_eq!(Mobile::parse(bad), Err(ValidationError::BadFormat), "{bad}");
        }
        assert_eq!(Mobile::parse(" "), Err(ValidationError::Required));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = Mobile::parse(&s);
        }
        #[test]
        fn all_valid_shapes_accepted(second in 3u8..=9, rest in "[0-9]{9}") {
            let number = format!("1{second}{rest}");
            prop_assert_eq!(Mobile::parse(&number).map(|m| m.as_ref().to_owned()), Ok(number));
        }
    }
}
