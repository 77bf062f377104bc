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

/// A VAT rate in whole percent, as printed in the 税率 column (6 % for 信息技术服务, the
/// cloud services this product bills; 13, 9, 5, 3, 1 and 0 exist for other goods).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TaxRate(u8);

impl TaxRate {
    /// 现代服务—信息技术服务: 6 % (财税〔2016〕36号, 附件1 第十五条).
    pub const INFORMATION_TECHNOLOGY_SERVICES: TaxRate = TaxRate(6);

    /// A rate of 0–100 percent.
    pub fn new(percent: u8) -> Result<Self, ValidationError> {
        if percent > 100 { Err(ValidationError::AmountOutOfRange) } else { Ok(Self(percent)) }
    }

    pub const fn percent(self) -> u8 {
        self.0
    }
}

impl Default for TaxRate {
    fn default() -> Self {
        Self::INFORMATION_TECHNOLOGY_SERVICES
    }
}

impl fmt::Display for TaxRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0)
    }
}

/// 价税合计, 税率 and 税额 of one amount: what every fapiao, bill and export shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxedAmount {
    /// 价税合计: the bill's amount, tax included.
    pub total: Fen,
    pub rate: TaxRate,
    /// 税额.
    pub tax: Fen,
}

impl TaxedAmount {
    /// Splits a tax-included total the way the issuing platform does for a line priced with
    /// tax (含税): 税额 = total × rate / (1 + rate), rounded half away from zero (四舍五入) to
    /// the fen; 金额 (without tax) is the rest, so 金额 + 税额 = 价税合计 always holds. A red
    /// fapiao's negative total gives the exact negative of the blue one's tax.
    pub fn from_total(total: Fen, rate: TaxRate) -> Self {
        let numerator = i128::from(total.fen()) * i128::from(rate.percent());
        let denominator = 100 + i128::from(rate.percent());
        let magnitude = (2 * numerator.abs() + denominator) / (2 * denominator);
        let tax = if numerator < 0 { -magnitude } else { magnitude };
        // |tax| ≤ |total|, so the conversion back cannot fail.
        Self { total, rate, tax: Fen(i64::try_from(tax).unwrap_or(0)) }
    }

    /// 金额: the amount without tax.
    pub fn net(self) -> Fen {
        Fen(self.total.0 - self.tax.0)
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

    #[test]
    fn tax_is_rounded_to_the_fen_half_away_from_zero() {
        let six = TaxRate::default();
        let tax = |fen, rate| TaxedAmount::from_total(Fen::new(fen), rate).tax.fen();
        assert_eq!(tax(10_600, six), 600, "¥106.00 at 6 %: exactly ¥6.00");
        assert_eq!(tax(10_000, six), 566, "566.04 fen");
        assert_eq!(tax(100, six), 6, "5.66 fen");
        assert_eq!(tax(9, six), 1, "0.509 fen");
        assert_eq!(tax(8, six), 0, "0.453 fen");
        // Exactly half a fen (1 fen at 100 %) rounds away from zero, also for a red fapiao.
        let hundred = TaxRate::new(100).unwrap();
        assert_eq!(tax(1, hundred), 1);
        assert_eq!(tax(-1, hundred), -1);
        assert_eq!(tax(1_299_900, TaxRate::new(0).unwrap()), 0);
        let split = TaxedAmount::from_total(Fen::new(1_299_900), six);
        assert_eq!((split.net(), split.tax), (Fen::new(1_226_321), Fen::new(73_579)));
        assert_eq!(TaxRate::new(101), Err(ValidationError::AmountOutOfRange));
        assert_eq!(six.to_string(), "6%");
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = Fen::parse_yuan(&s);
        }

        /// Net + tax is the total; the tax is within half a fen of the exact value; a red
        /// fapiao is the exact negative of the blue one.
        #[test]
        fn tax_split_is_exact_to_half_a_fen(total in 0i64..=Fen::MAX.fen(), percent in 0u8..=100) {
            let rate = TaxRate::new(percent).unwrap();
            let blue = TaxedAmount::from_total(Fen::new(total), rate);
            prop_assert_eq!(blue.net().fen() + blue.tax.fen(), total);
            let exact_times_2d = 2 * i128::from(total) * i128::from(percent);
            let d = 100 + i128::from(percent);
            prop_assert!((i128::from(blue.tax.fen()) * 2 * d - exact_times_2d).abs() <= d);
            let red = TaxedAmount::from_total(Fen::new(-total), rate);
            prop_assert_eq!(red.tax.fen(), -blue.tax.fen());
        }
        #[test]
        fn display_then_parse_round_trips(fen in 0i64..=Fen::MAX.fen()) {
            prop_assert_eq!(Fen::parse_yuan(&Fen::new(fen).to_string()), Ok(Fen::new(fen)));
        }
    }
}
