use super::{ValidationError, normalize::without_separators};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A mainland China postal code: exactly 6 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PostalCode(String);

impl PostalCode {
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let value = without_separators(input);
        if value.is_empty() {
            return Err(ValidationError::Required);
        }
        if value.len() != 6 || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValidationError::BadFormat);
        }
        Ok(Self(value))
    }
}

impl AsRef<str> for PostalCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
impl fmt::Display for PostalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl TryFrom<String> for PostalCode {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}
impl From<PostalCode> for String {
    fn from(value: PostalCode) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn six_digits_only() {
        assert_eq!(PostalCode::parse(" 200 120 ").unwrap().as_ref(), "200120");
        assert_eq!(PostalCode::parse("２０００００").unwrap().as_ref(), "200000");
        assert_eq!(PostalCode::parse("20012"), Err(ValidationError::BadFormat));
        assert_eq!(PostalCode::parse("2001201"), Err(ValidationError::BadFormat));
        assert_eq!(PostalCode::parse("20012a"), Err(ValidationError::BadFormat));
        assert_eq!(PostalCode::parse(""), Err(ValidationError::Required));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = PostalCode::parse(&s);
        }
    }
}
