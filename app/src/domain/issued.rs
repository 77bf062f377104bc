use super::{ValidationError, coded_enum, normalize::without_separators};
use serde::{Deserialize, Serialize};

coded_enum! {
    /// The format of an issued e-fapiao file.
    FapiaoFileKind {
        Pdf => "pdf",
        /// OFD (GB/T 33190), the national format for e-documents; a ZIP container.
        Ofd => "ofd",
        /// The structured data of a 数电票.
        Xml => "xml",
    }
}

impl FapiaoFileKind {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Ofd => "application/ofd",
            Self::Xml => "application/xml",
        }
    }

    /// Whether a person can read it as it is (the XML is for accounting software).
    pub fn is_readable(self) -> bool {
        matches!(self, Self::Pdf | Self::Ofd)
    }
}

/// The number of an issued fapiao. A 数电票 has a 20-digit number and no separate code; a
/// paper fapiao has a 10- or 12-digit code and an 8-digit number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FapiaoNumber {
    pub code: Option<String>,
    pub number: String,
}

fn digits(input: &str, lengths: &[usize]) -> Result<String, ValidationError> {
    let value = without_separators(input);
    if value.is_empty() {
        return Err(ValidationError::Required);
    }
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ValidationError::DigitsOnly);
    }
    if !lengths.contains(&value.len()) {
        return Err(ValidationError::BadFormat);
    }
    Ok(value)
}

impl FapiaoNumber {
    pub fn parse_electronic(number: &str) -> Result<Self, ValidationError> {
        Ok(Self { code: None, number: digits(number, &[20])? })
    }

    pub fn parse_paper(code: &str, number: &str) -> Result<Self, (Option<ValidationError>, Option<ValidationError>)> {
        match (digits(code, &[10, 12]), digits(number, &[8])) {
            (Ok(code), Ok(number)) => Ok(Self { code: Some(code), number }),
            (code, number) => Err((code.err(), number.err())),
        }
    }
}

coded_enum! {
    /// The courier a paper fapiao is sent with.
    Courier {
        Yunda => "yunda",
        Sf => "sf",
    }
}

/// A courier's tracking number: letters and digits, 8 to 30 of them.
pub fn parse_tracking_number(input: &str) -> Result<String, ValidationError> {
    let value = without_separators(input).to_ascii_uppercase();
    match value.len() {
        0 => Err(ValidationError::Required),
        _ if !value.bytes().all(|b| b.is_ascii_alphanumeric()) => Err(ValidationError::BadFormat),
        1..8 => Err(ValidationError::TooShort { min: 8 }),
        31.. => Err(ValidationError::TooLong { max: 30 }),
        _ => Ok(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digital_fapiao_have_twenty_digits_and_no_code() {
        let n = FapiaoNumber::parse_electronic("2631 2000 0000 1234 5678").unwrap();
        assert_eq!((n.code, n.number.as_str()), (None, "26312000000012345678"));
        assert_eq!(FapiaoNumber::parse_electronic("1234"), Err(ValidationError::BadFormat));
        assert_eq!(FapiaoNumber::parse_electronic("2631200000001234567X"), Err(ValidationError::DigitsOnly));
    }

    #[test]
    fn paper_fapiao_have_a_code_and_an_eight_digit_number() {
        let n = FapiaoNumber::parse_paper("031002300111", "12345678").unwrap();
        assert_eq!(n.code.as_deref(), Some("031002300111"));
        assert_eq!(FapiaoNumber::parse_paper("0310023001", "1234"), Err((None, Some(ValidationError::BadFormat))));
        assert_eq!(FapiaoNumber::parse_paper("", "12345678"), Err((Some(ValidationError::Required), None)));
    }

    #[test]
    fn tracking_numbers() {
        assert_eq!(parse_tracking_number("sf 1234 5678 9012").unwrap(), "SF123456789012");
        assert_eq!(parse_tracking_number("1234"), Err(ValidationError::TooShort { min: 8 }));
        assert_eq!(parse_tracking_number("SF-12345678#"), Err(ValidationError::BadFormat));
    }
}
