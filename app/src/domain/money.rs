use super::{ValidationError, normalize::halfwidth_trimmed};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of money in fen (分, 1/100 yuan). Integer arithmetic only; shown as `¥1,234.56`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Fen(i64);

impl Fen {
    /// The largest amount we accept from a form: ¥100,000,000,000.00 — far above any bill,
    /// far below overflow.
    pub const MAX: Fen = Fen(10_000_000_000_000);

    pub const fn new(fen: i64) -> Self {
        Self(fen)
    }

    pub const fn fen(self) -> i64 {
        self.0
    }

    /// Parses a yuan amount as staff type it: `1234.56`, `1,234.5`, `¥1234`, `１２３４．５６`.
    /// At most two decimals; never negative.
    pub fn parse_yuan(input: &str) -> Result<Self, ValidationError> {
        let text = halfwidth_trimmed(input).replace('．', ".");
        let text = text.trim_start_matches(['¥', '￥']).replace(',', "");
        if text.is_empty() {
            return Err(ValidationError::Required);
        }
        let (whole, decimals) = text.split_once('.').unwrap_or((&text, ""));
        let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits_only(whole) || !digits_only(decimals) || decimals.len() > 2 {
            return Err(ValidationError::BadFormat);
        }
        if whole.len() > 15 {
            return Err(ValidationError::AmountOutOfRange);
        }
        let yuan: i64 = whole.parse().map_err(|_| ValidationError::BadFormat)?;
        let cents: i64 = format!("{decimals:0<2}").parse().map_err(|_| ValidationError::BadFormat)?;
        let fen = Fen(yuan * 100 + cents);
        if fen > Self::MAX {
            return Err(ValidationError::AmountOutOfRange);
        }
        Ok(fen)
    }
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let yuan = (abs / 100).to_string();
        let mut grouped = String::with_capacity(yuan.len() + yuan.len() / 3);
        for (i, c) in yuan.chars().enumerate() {
            if i > 0 && (yuan.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "{sign}¥{grouped}.{:02}", abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn displays_yuan_with_grouping() {
        assert_eq!(Fen::new(0).to_string(), "¥0.00");
        assert_eq!(Fen::new(5).to_string(), "¥0.05");
        assert_eq!(Fen::new(123_456).to_string(), "¥1,234.56");
        assert_eq!(Fen::new(100_000_000).to_string(), "¥1,000,000.00");
        assert_eq!(Fen::new(-1050).to_string(), "-¥10.50");
        assert_eq!(Fen::new(i64::MIN).to_string(), "-¥92,233,720,368,547,758.08");
    }

    #[test]
    fn parses_yuan_as_typed() {
        assert_eq!(Fen::parse_yuan("1234.56"), Ok(Fen::new(123_456)));
        assert_eq!(Fen::parse_yuan("¥1,234.5"), Ok(Fen::new(123_450)));
        assert_eq!(Fen::parse_yuan("１２３４．５６"), Ok(Fen::new(123_456)));
        assert_eq!(Fen::parse_yuan("7"), Ok(Fen::new(700)));
        assert_eq!(Fen::parse_yuan(""), Err(ValidationError::Required));
        assert_eq!(Fen::parse_yuan("1.234"), Err(ValidationError::BadFormat));
        assert_eq!(Fen::parse_yuan("-5"), Err(ValidationError::BadFormat));
        assert_eq!(Fen::parse_yuan(".5"), Err(ValidationError::BadFormat));
        assert_eq!(Fen::parse_yuan("9999999999999999"), Err(ValidationError::AmountOutOfRange));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = Fen::parse_yuan(&s);
        }
        #[test]
        fn display_then_parse_round_trips(fen in 0i64..=Fen::MAX.fen()) {
            prop_assert_eq!(Fen::parse_yuan(&Fen::new(fen).to_string()), Ok(Fen::new(fen)));
        }
    }
}
