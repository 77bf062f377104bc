use super::{GbkText, ValidationError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The buyer name printed on the fapiao (抬头): a person's or an enterprise's name,
/// GBK-encodable, at most 100 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FapiaoTitle(GbkText);

impl FapiaoTitle {
    pub const MAX_LEN: usize = 100;

    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        GbkText::parse(input, Self::MAX_LEN).map(Self)
    }

    /// Whether a bill's payer name matches this title. Refunds and certificate purchases need
    /// them equal, so the form warns (never blocks) when they differ. Full-width/half-width
    /// and surrounding spaces do not count as differences.
    pub fn matches_payer(&self, payer_name: &str) -> bool {
        GbkText::parse(payer_name, usize::MAX).is_ok_and(|payer| payer.as_ref() == self.0.as_ref())
    }
}

impl AsRef<str> for FapiaoTitle {
    fn as_ref(&self) -> &str {
        self.0.as_ref()
    }
}
impl fmt::Display for FapiaoTitle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_and_enterprise_titles() {
        assert!(FapiaoTitle::parse("张三").is_ok());
        assert!(FapiaoTitle::parse("北京世纪互联宽带数据中心有限公司").is_ok());
        assert_eq!(FapiaoTitle::parse(""), Err(ValidationError::Required));
        assert_eq!(FapiaoTitle::parse(&"公".repeat(101)), Err(ValidationError::TooLong { max: 100 }));
    }

    #[test]
    fn payer_comparison_ignores_width_and_spaces_only() {
        let title = FapiaoTitle::parse("蓝云科技(上海)有限公司").unwrap();
        assert!(title.matches_payer(" 蓝云科技(上海)有限公司 "));
        assert!(!title.matches_payer("蓝云科技有限公司"));
    }
}
