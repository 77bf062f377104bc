use super::{ValidationError, normalize::without_separators};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Weights of the 17 digits of a citizen identification number (GB 11643-1999, §8.2):
/// 2^(18−i) mod 11 for position i = 1…17.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each value of Σ digit·weight mod 11.
const CHECK: &[u8; 11] = b"10X98765432";

/// A resident identity card number (公民身份号码, GB 11643-1999): 6 digits of the address
/// code, the birth date as 8 digits, a 3-digit sequence and the ISO 7064 MOD 11-2 check
/// character (0–9 or X). It is a natural person's taxpayer ID on a fapiao.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ResidentId(String);

impl ResidentId {
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let value = without_separators(input).to_ascii_uppercase();
        if value.is_empty() {
            return Err(ValidationError::Required);
        }
        let bytes = value.as_bytes();
        if bytes.len() != 18
            || !bytes[..17].iter().all(u8::is_ascii_digit)
            || !(bytes[17].is_ascii_digit() || bytes[17] == b'X')
        {
            return Err(ValidationError::BadFormat);
        }
        if !is_calendar_date(&bytes[6..14]) {
            return Err(ValidationError::BadFormat);
        }
        let sum: u32 = bytes[..17].iter().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
        if bytes[17] != CHECK[(sum % 11) as usize] {
            return Err(ValidationError::BadCheckCharacter);
        }
        Ok(Self(value))
    }
}

/// Whether 8 ASCII digits `YYYYMMDD` name a day of the Gregorian calendar from 1800 on.
fn is_calendar_date(digits: &[u8]) -> bool {
    let number = |range: std::ops::Range<usize>| digits[range].iter().fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    let (year, month, day) = (number(0..4), number(4..6), number(6..8));
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    year >= 1800 && (1..=days_in_month).contains(&day)
}

impl AsRef<str> for ResidentId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
impl fmt::Display for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl TryFrom<String> for ResidentId {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}
impl From<ResidentId> for String {
    fn from(value: ResidentId) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_standards_example_and_an_x_check_character() {
        // The worked example of GB 11643-1999 (Beijing, born 1949-12-31).
        assert_eq!(ResidentId::parse("11010519491231002X").unwrap().as_ref(), "11010519491231002X");
        assert!(ResidentId::parse("11010519491231002x").is_ok(), "a lower-case x is accepted");
        assert!(ResidentId::parse("110105 19491231 002X").is_ok(), "spaces typed for reading are dropped");
        assert!(ResidentId::parse("440524188001010014").is_ok());
    }

    #[test]
    fn a_wrong_check_character_a_wrong_date_or_shape_is_refused() {
        assert_eq!(ResidentId::parse("110105194912310021"), Err(ValidationError::BadCheckCharacter));
        assert_eq!(ResidentId::parse("110105194913310020"), Err(ValidationError::BadFormat), "month 13");
        assert!(!is_calendar_date(b"19490229") && is_calendar_date(b"20000229") && !is_calendar_date(b"19000229"));
        assert_eq!(ResidentId::parse("11010519491231002"), Err(ValidationError::BadFormat), "17 characters");
        assert_eq!(ResidentId::parse("1101051949123100XX"), Err(ValidationError::BadFormat));
        assert_eq!(ResidentId::parse(""), Err(ValidationError::Required));
    }

    /// The check character is the one value of ISO 7064 MOD 11-2 that makes Σ a·W ≡ 1 (mod 11)
    /// over all 18 positions, with X counting 10: every generated number passes, and every
    /// other last character fails.
    fn check_value(c: u8) -> u32 {
        if c == b'X' { 10 } else { u32::from(c - b'0') }
    }

    proptest! {
        #[test]
        fn exactly_one_check_character_fits(
            area in "[1-6][0-9]{5}", year in 1900u32..2025, month in 1u32..=12, day in 1u32..=28, seq in "[0-9]{3}",
        ) {
            let body = format!("{area}{year:04}{month:02}{day:02}{seq}");
            let fits: Vec<u8> = b"0123456789X".iter().copied().filter(|c| {
                let mut id = body.clone();
                id.push(char::from(*c));
                ResidentId::parse(&id).is_ok()
            }).collect();
            prop_assert_eq!(fits.len(), 1);
            let full: u32 = body.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum::<u32>()
                + check_value(fits[0]);
            prop_assert_eq!(full % 11, 1, "ISO 7064 MOD 11-2 with the 18th weight 1");
        }

        #[test]
        fn never_panics(input in "\\PC{0,30}") {
            let _ = ResidentId::parse(&input);
        }
    }
}
