use super::{ValidationError, normalize::halfwidth_trimmed};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An email address as a mailbox we can deliver to: `local@domain.tld`, at most 254
/// characters, domain lower-cased. Deliberately simpler than RFC 5322: quoted local parts
/// and IP-literal domains are refused because no customer of ours has one and mail servers
/// often refuse them too.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

impl EmailAddress {
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let value = halfwidth_trimmed(input);
        if value.is_empty() {
            return Err(ValidationError::Required);
        }
        if value.len() > Self::MAX_LEN {
            return Err(ValidationError::TooLong { max: Self::MAX_LEN });
        }
        let (local, domain) = value.rsplit_once('@').ok_or(ValidationError::BadFormat)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
        if !(local_ok && domain_ok) {
            return Err(ValidationError::BadFormat);
        }
        Ok(Self(format!("{local}@{}", domain.to_ascii_lowercase())))
    }
}

impl fmt::Debug for EmailAddress {
    // Addresses are personal data: keep them out of debug logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EmailAddress(***)")
    }
}
impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl AsRef<str> for EmailAddress {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
impl TryFrom<String> for EmailAddress {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}
impl From<EmailAddress> for String {
    fn from(value: EmailAddress) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_common_addresses_and_lowercases_the_domain() {
        assert_eq!(
            EmailAddress::parse(" Li.Lei+fapiao@Example.COM.cn ").unwrap().as_ref(),
            "Li.Lei+fapiao@example.com.cn"
        );
        assert!(EmailAddress::parse("finance@21vianet.com").is_ok());
        assert_eq!(EmailAddress::parse("ａ@ｂ.ｃｎ").unwrap().as_ref(), "a@b.cn");
    }

    #[test]
    fn refuses_malformed_addresses() {
        for bad in [
            "",
            "plainaddress",
            "@example.com",
            "a@",
            "a@b",
            "a@b.c",
            "a..b@example.com",
            "a@-b.com",
            "张三@例子.中国",
            "a b@example.com",
            "a@b@c.com",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad} should be refused");
        }
        assert_eq!(EmailAddress::parse(""), Err(ValidationError::Required));
    }

    #[test]
    fn debug_output_hides_the_address() {
        assert_eq!(format!("{:?}", EmailAddress::parse("a@b.cn").unwrap()), "EmailAddress(***)");
    }

    proptest! {
        #[test]
        fn never_panics_and_is_idempotent(s in "\\PC*") {
            if let Ok(e) = EmailAddress::parse(&s) {
                prop_assert_eq!(EmailAddress::parse(e.as_ref()), Ok(e.clone()));
            }
        }
    }
}
