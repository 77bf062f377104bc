use super::{ValidationError, normalize::halfwidth_trimmed};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An order number from the billing platform: 6–40 letters, digits or hyphens, stored upper-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrderNumber(String);

impl OrderNumber {
    pub const MIN_LEN: usize = 6;
    pub const MAX_LEN: usize = 40;

    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let value = halfwidth_trimmed(input).to_ascii_uppercase();
        if value.is_empty() {
            return Err(ValidationError::Required);
        }
        if !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(ValidationError::BadFormat);
        }
        let len = value.chars().count();
        if len < Self::MIN_LEN {
            return Err(ValidationError::TooShort { min: Self::MIN_LEN });
        }
        if len > Self::MAX_LEN {
            return Err(ValidationError::TooLong { max: Self::MAX_LEN });
        }
        Ok(Self(value))
    }
}

impl AsRef<str> for OrderNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
impl fmt::Display for OrderNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl TryFrom<String> for OrderNumber {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}
impl From<OrderNumber> for String {
    fn from(value: OrderNumber) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_and_normalises_real_order_numbers() {
        assert_eq!(OrderNumber::parse(" o-20261124-0001 ").unwrap().as_ref(), "O-20261124-0001");
        assert_eq!(OrderNumber::parse("２０２６１１２４０００１").unwrap().as_ref(), "202611240001");
    }

    #[test]
    fn refuses_empty_short_long_and_odd_characters() {
        assert_eq!(OrderNumber::parse("  "), Err(ValidationError::Required));
        assert_eq!(OrderNumber::parse("12345"), Err(ValidationError::TooShort { min: 6 }));
        assert_eq!(OrderNumber::parse(&"9".repeat(41)), Err(ValidationError::TooLong { max: 40 }));
        assert_eq!(OrderNumber::parse("2026/11/24"), Err(ValidationError::BadFormat));
        assert_eq!(OrderNumber::parse("订单123456"), Err(ValidationError::BadFormat));
    }

    proptest! {
        #[test]
        fn never_panics_and_round_trips(s in "\\PC*") {
            if let Ok(n) = OrderNumber::parse(&s) {
                prop_assert_eq!(OrderNumber::parse(n.as_ref()), Ok(n.clone()));
            }
        }
    }
}
