use super::{EmailAddress, ValidationError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The addresses an e-fapiao is sent to: one to `MAX` addresses, separated by commas,
/// semicolons (also their full-width forms), spaces or new lines; duplicates dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryEmails(Vec<EmailAddress>);

impl DeliveryEmails {
    pub const MAX: usize = 3;

    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let mut addresses: Vec<EmailAddress> = Vec::new();
        for part in input.split([',', ';', '，', '；', '、', ' ', '\n', '\r', '\t']).filter(|p| !p.trim().is_empty())
        {
            let address = EmailAddress::parse(part)?;
            if !addresses.contains(&address) {
                addresses.push(address);
            }
        }
        match addresses.len() {
            0 => Err(ValidationError::Required),
            n if n > Self::MAX => Err(ValidationError::TooMany { max: Self::MAX }),
            _ => Ok(Self(addresses)),
        }
    }

    pub fn addresses(&self) -> &[EmailAddress] {
        &self.0
    }
}

/// `a@example.cn, b@example.cn`: the form in which the list is stored and shown.
impl fmt::Display for DeliveryEmails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let joined = self.0.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        f.write_str(&joined)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_on_any_separator_and_drop_duplicates() {
        let list = DeliveryEmails::parse("a@example.cn；b@example.cn, a@example.cn\nc@example.cn").unwrap();
        assert_eq!(list.to_string(), "a@example.cn, b@example.cn, c@example.cn");
    }

    #[test]
    fn empty_too_many_or_malformed_lists_are_refused() {
        assert_eq!(DeliveryEmails::parse(" , "), Err(ValidationError::Required));
        assert_eq!(
            DeliveryEmails::parse("a@x.cn,b@x.cn,c@x.cn,d@x.cn"),
            Err(ValidationError::TooMany { max: DeliveryEmails::MAX })
        );
        assert_eq!(DeliveryEmails::parse("a@x.cn, not-an-email"), Err(ValidationError::BadFormat));
    }
}
