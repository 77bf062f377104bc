use super::{GbkText, ValidationError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The buyer name printed on the fapiao (抬头): a person's or an enterprise's name, kept
/// exactly as typed (full-width brackets included), GBK-encodable, at most 100 GBK bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FapiaoTitle(GbkText);

impl FapiaoTitle {
    /// 购方名称: 100, as the issuing platform's API documents it (诺诺开放平台, 开票接口
    /// `buyerName`, https://open.jss.com.cn/#/api-doc/common-api?id=100607), counted in GBK
    /// bytes as the tax-control systems count them.
    pub const MAX_BYTES: usize = 100;

    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        GbkText::parse_bytes(input, Self::MAX_BYTES).map(Self)
    }

    /// Whether a bill's payer name matches this title. Refunds and certificate purchases need
    /// them equal, so the form warns (never blocks) when they differ. Full-width/half-width
    /// and spaces do not count as differences (`GbkText::comparable`).
    pub fn matches_payer(&self, payer_name: &str) -> bool {
        self.0.comparable() == super::comparable(payer_name)
    }

    /// The form to compare two titles in (a saved title is the same title however typed).
    pub fn comparable(&self) -> String {
        self.0.comparable()
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
        assert_eq!(FapiaoTitle::parse(&"公".repeat(51)), Err(ValidationError::TooManyBytes { max: 100 }));
        assert_eq!(FapiaoTitle::parse(&"公".repeat(101)), Err(ValidationError::TooLong { max: 100 }));
    }

    #[test]
    fn payer_comparison_ignores_width_and_spaces_only() {
        let title = FapiaoTitle::parse("蓝云科技（上海）有限公司").unwrap();
        assert_eq!(title.as_ref(), "蓝云科技（上海）有限公司", "kept as typed");
        assert!(title.matches_payer(" 蓝云科技(上海)有限公司 "));
        assert!(!title.matches_payer("蓝云科技有限公司"));
    }
}
