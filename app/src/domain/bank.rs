use super::{ValidationError, normalize::without_separators};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A bank account number as printed on a 专用发票: digits only (spaces and hyphens typed
/// for readability are dropped), 8 to 30 of them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BankAccount(String);

impl BankAccount {
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let digits = without_separators(input);
        if digits.is_empty() {
            return Err(ValidationError::Required);
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValidationError::DigitsOnly);
        }
        match digits.len() {
            ..8 => Err(ValidationError::TooShort { min: 8 }),
            31.. => Err(ValidationError::TooLong { max: 30 }),
            _ => Ok(Self(digits)),
        }
    }
}

/// The registered telephone of an enterprise: a landline with area code (`021-12345678`,
/// `(010) 1234 5678`), a mobile, or a 400/800 number. Kept as typed (trimmed), since the
/// tax system prints it as given; digits, spaces, `-`, `+` and parentheses only.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let value = super::normalize::halfwidth_trimmed(input);
        if value.is_empty() {
            return Err(ValidationError::Required);
        }
        if value.chars().count() > 30 {
            return Err(ValidationError::TooLong { max: 30 });
        }
        let allowed = value.chars().all(|c| c.is_ascii_digit() || " -+()".contains(c));
        let digits = value.chars().filter(char::is_ascii_digit).count();
        if !allowed || !(7..=20).contains(&digits) {
            return Err(ValidationError::BadFormat);
        }
        Ok(Self(value))
    }
}

macro_rules! text_impls {
    ($($name:ident),*) => {$(
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}
text_impls!(BankAccount, PhoneNumber);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bank_accounts_are_digits_with_separators_dropped() {
        assert_eq!(BankAccount::parse("6222 0210 0112 3456 789").unwrap().as_ref(), "6222021001123456789");
        assert_eq!(BankAccount::parse("１２３４５６７８").unwrap().as_ref(), "12345678");
        assert_eq!(BankAccount::parse("6222-0210-ABCD"), Err(ValidationError::DigitsOnly));
        assert_eq!(BankAccount::parse("1234567"), Err(ValidationError::TooShort { min: 8 }));
        assert_eq!(BankAccount::parse(&"1".repeat(31)), Err(ValidationError::TooLong { max: 30 }));
        assert_eq!(BankAccount::parse("  "), Err(ValidationError::Required));
    }

    #[test]
    fn registered_phones_are_landlines_mobiles_or_service_numbers() {
        for ok in ["021-12345678", "(010) 1234 5678", "13812345678", "400-089-0365", "+86 21 1234 5678"] {
            assert!(PhoneNumber::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["12345", "021-1234abcd", "电话021-1234"] {
            assert_eq!(PhoneNumber::parse(bad), Err(ValidationError::BadFormat), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn parsers_never_panic(input in "\\PC{0,60}") {
            let _ = BankAccount::parse(&input);
            let _ = PhoneNumber::parse(&input);
        }

        #[test]
        fn any_digit_string_of_valid_length_is_an_account(digits in "[0-9]{8,30}") {
            let account = BankAccount::parse(&digits).unwrap();
            prop_assert_eq!(account.as_ref(), digits.as_str());
        }
    }
}
