use super::ValidationError;
use std::fmt;

const COMMON_PASSWORDS: &str = include_str!("../../data/common-passwords.txt");

/// A new password that meets the policy: 8–128 characters (any characters; paste and
/// password managers welcome) and not one of the commonly used passwords shipped in
/// `app/data/common-passwords.txt`. Never serialised, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MIN_LEN: usize = 8;
    pub const MAX_LEN: usize = 128;

    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        // No trimming: spaces are legitimate password characters.
        let len = input.chars().count();
        if len == 0 {
            return Err(ValidationError::Required);
        }
        if len < Self::MIN_LEN {
            return Err(ValidationError::TooShort { min: Self::MIN_LEN });
        }
        if len > Self::MAX_LEN {
            return Err(ValidationError::TooLong { max: Self::MAX_LEN });
        }
        if is_common(input) {
            return Err(ValidationError::CommonPassword);
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

fn is_common(candidate: &str) -> bool {
    COMMON_PASSWORDS
        .lines()
        .filter(|line| !line.starts_with('#'))
        .any(|line| line.trim().eq_ignore_ascii_case(candidate))
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn length_rules_count_characters_not_bytes() {
        assert_eq!(Password::parse(""), Err(ValidationError::Required));
        assert_eq!(Password::parse("short7!"), Err(ValidationError::TooShort { min: 8 }));
        assert!(Password::parse("发票管理中心密码").is_ok(), "8 Chinese characters are 8 characters");
        assert!(Password::parse(&"x".repeat(128)).is_ok());
        assert_eq!(Password::parse(&"x".repeat(129)), Err(ValidationError::TooLong { max: 128 }));
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        assert_eq!(Password::parse("12345678"), Err(ValidationError::CommonPassword));
        assert_eq!(Password::parse("PassWord1"), Err(ValidationError::CommonPassword));
        assert_eq!(Password::parse("woaini1314"), Err(ValidationError::CommonPassword));
        assert!(Password::parse("correct horse battery staple").is_ok());
    }

    #[test]
    fn spaces_are_kept() {
        assert_eq!(Password::parse("  spaced out  ").unwrap().expose(), "  spaced out  ");
    }

    #[test]
    fn debug_hides_the_secret() {
        assert_eq!(format!("{:?}", Password::parse("a long secret").unwrap()), "Password(***)");
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = Password::parse(&s);
        }
    }
}
