use super::{ValidationError, normalize::without_separators};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The 31 characters of a unified social credit code (GB 32100-2015): no I, O, S, V, Z.
const USCC_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/// Weights of the organisation code (GB 11714) held in characters 9–17.
const ORG_CODE_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// A unified social credit code (统一社会信用代码), 18 characters with two check characters:
/// the last one over the whole code (mod 31), and the organisation code's own (mod 11).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Uscc(String);

impl Uscc {
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let value = without_separators(input).to_ascii_uppercase();
        if value.is_empty() {
            return Err(ValidationError::Required);
        }
        let bytes = value.as_bytes();
        if bytes.len() != 18 {
            return Err(ValidationError::BadFormat);
        }
        let mut values = [0u32; 18];
        for (slot, byte) in values.iter_mut().zip(bytes) {
            *slot = uscc_value(*byte).ok_or(ValidationError::BadFormat)?;
        }
        let sum: u32 = values[..17].iter().zip(USCC_WEIGHTS).map(|(v, w)| v * w).sum();
        let expected = (31 - sum % 31) % 31;
        if values[17] != expected {
            return Err(ValidationError::BadCheckCharacter);
        }
        if !org_code_check_ok(&bytes[8..17]) {
            return Err(ValidationError::BadCheckCharacter);
        }
        Ok(Self(value))
    }
}

fn uscc_value(byte: u8) -> Option<u32> {
    USCC_ALPHABET.iter().position(|c| *c == byte).map(|p| p as u32)
}

/// GB 11714: character values are digits 0–9 and letters A=10 … Z=35; check =
/// 11 − (Σ value·weight mod 11), where 10 is written X and 11 is written 0.
fn org_code_check_ok(org: &[u8]) -> bool {
    let value = |b: u8| match b {
        b'0'..=b'9' => Some(u32::from(b - b'0')),
        b'A'..=b'Z' => Some(u32::from(b - b'A') + 10),
        _ => None,
    };
    let mut sum = 0;
    for (byte, weight) in org[..8].iter().zip(ORG_CODE_WEIGHTS) {
        match value(*byte) {
            Some(v) => sum += v * weight,
            None => return false,
        }
    }
    let expected = match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        digit => b'0' + digit as u8,
    };
    org[8] == expected
}

/// A taxpayer identification number: a unified social credit code, or one of the older
/// 15-, 17- or 20-character registration numbers that are still valid (no check character
/// is defined for those, so only their shape is checked).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum TaxpayerId {
    Uscc(Uscc),
    Legacy(String),
}

impl TaxpayerId {
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let value = without_separators(input).to_ascii_uppercase();
        match value.len() {
            0 => Err(ValidationError::Required),
            18 => Uscc::parse(&value).map(Self::Uscc),
            15 | 17 | 20 if value.bytes().all(|b| b.is_ascii_alphanumeric()) => Ok(Self::Legacy(value)),
            _ => Err(ValidationError::BadFormat),
        }
    }
}

impl AsRef<str> for Uscc {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl TryFrom<String> for Uscc {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}
impl From<Uscc> for String {
    fn from(value: Uscc) -> Self {
        value.0
    }
}
impl AsRef<str> for TaxpayerId {
    fn as_ref(&self) -> &str {
        match self {
            Self::Uscc(code) => code.as_ref(),
            Self::Legacy(code) => code,
        }
    }
}
impl fmt::Display for TaxpayerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_ref())
    }
}
impl TryFrom<String> for TaxpayerId {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}
impl From<TaxpayerId> for String {
    fn from(value: TaxpayerId) -> Self {
        value.as_ref().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_real_codes_whatever_the_case_or_spacing() {
        assert!(Uscc::parse("91330106673959654P").is_ok());
        assert!(Uscc::parse("91110108769914581E").is_ok());
        assert_eq!(Uscc::parse(" 9111 0108 7699 1458 1e ").unwrap().as_ref(), "91110108769914581E");
    }

    #[test]
    fn refuses_a_wrong_final_check_character() {
        assert_eq!(Uscc::parse("91330106673959654Q"), Err(ValidationError::BadCheckCharacter));
        assert_eq!(Uscc::parse("91110108769914581F"), Err(ValidationError::BadCheckCharacter));
    }

    #[test]
    fn refuses_a_transposition() {
        // Swapping two digits is the commonest typing error; the weights catch it.
        assert!(Uscc::parse("91330106763959654P").is_err());
    }

    #[test]
    fn refuses_a_bad_organisation_code_check_even_with_a_matching_final_check() {
        // Organisation code 67395965 must end in 4; with 5 we recompute a valid final character.
        let body = "91330106673959655";
        let sum: u32 = body.bytes().zip(USCC_WEIGHTS).map(|(b, w)| uscc_value(b).unwrap() * w).sum();
        let check = USCC_ALPHABET[((31 - sum % 31) % 31) as usize] as char;
        assert_eq!(Uscc::parse(&format!("{body}{check}")), Err(ValidationError::BadCheckCharacter));
    }

    #[test]
    fn refuses_forbidden_letters_and_wrong_lengths() {
        assert_eq!(Uscc::parse("91330106673959654I"), Err(ValidationError::BadFormat));
        assert_eq!(Uscc::parse("9133010667395965"), Err(ValidationError::BadFormat));
        assert_eq!(Uscc::parse(""), Err(ValidationError::Required));
    }

    #[test]
    fn taxpayer_ids_of_older_lengths_are_accepted_by_shape() {
        assert!(matches!(TaxpayerId::parse("110108769914581"), Ok(TaxpayerId::Legacy(_))));
        assert!(matches!(TaxpayerId::parse("11010876991458100"), Ok(TaxpayerId::Legacy(_))));
        assert!(matches!(TaxpayerId::parse("110108769914581000AB"), Ok(TaxpayerId::Legacy(_))));
        assert!(matches!(TaxpayerId::parse("91330106673959654P"), Ok(TaxpayerId::Uscc(_))));
        assert_eq!(TaxpayerId::parse("1101087699145"), Err(ValidationError::BadFormat));
        assert_eq!(TaxpayerId::parse("11010876991458！"), Err(ValidationError::BadFormat));
        assert_eq!(TaxpayerId::parse("91330106673959654Q"), Err(ValidationError::BadCheckCharacter));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = TaxpayerId::parse(&s);
        }

        #[test]
        fn every_valid_code_survives_a_round_trip(s in "[0-9A-HJ-NP-RTUWXY]{18}") {
            if let Ok(code) = Uscc::parse(&s) {
                prop_assert_eq!(Uscc::parse(code.as_ref()), Ok(code.clone()));
            }
        }

        #[test]
        fn changing_any_one_character_is_detected(pos in 0usize..18, replacement in 0usize..31) {
            let original = b"91330106673959654P";
            let mut changed = *original;
            changed[pos] = USCC_ALPHABET[replacement];
            prop_assume!(changed != *original);
            prop_assert!(Uscc::parse(std::str::from_utf8(&changed).unwrap()).is_err());
        }
    }
}
