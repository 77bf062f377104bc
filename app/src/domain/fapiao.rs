use super::{ValidationError, coded_enum};
use serde::{Deserialize, Serialize};

coded_enum! {
    /// 增值税普通发票 or 增值税专用发票.
    FapiaoType {
        /// 增值税普通发票: any buyer, taxpayer ID optional.
        General => "general",
        /// 增值税专用发票: enterprises only, full registration details required.
        Special => "special",
    }
}

coded_enum! {
    /// How the fapiao exists: 数电票 (fully digitalised, delivered as files) or on paper.
    Medium {
        Electronic => "electronic",
        Paper => "paper",
    }
}

coded_enum! {
    /// How the fapiao reaches the customer.
    DeliveryMethod {
        /// 韵达快递, paid by the vendor.
        Yunda => "yunda",
        /// 顺丰到付: SF Express, freight collect.
        SfFreightCollect => "sf_freight_collect",
        /// 上海分公司自取.
        Pickup => "pickup",
        /// E-fapiao files sent to the given addresses.
        Email => "email",
    }
}

impl DeliveryMethod {
    /// The delivery methods a medium allows: paper goes by courier or pickup, e-fapiao by email.
    pub fn allowed_for(medium: Medium) -> &'static [DeliveryMethod] {
        match medium {
            Medium::Paper => &[Self::Yunda, Self::SfFreightCollect, Self::Pickup],
            Medium::Electronic => &[Self::Email],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_refused() {
        for t in FapiaoType::ALL {
            assert_eq!(FapiaoType::parse(t.code()), Ok(*t));
        }
        for d in DeliveryMethod::ALL {
            assert_eq!(DeliveryMethod::parse(d.code()), Ok(*d));
        }
        assert_eq!(Medium::parse("fax"), Err(ValidationError::UnknownValue));
        assert_eq!(Medium::parse(""), Err(ValidationError::Required));
    }

    #[test]
    fn paper_is_never_emailed_and_electronic_never_couriered() {
        assert!(!DeliveryMethod::allowed_for(Medium::Paper).contains(&DeliveryMethod::Email));
        assert_eq!(DeliveryMethod::allowed_for(Medium::Electronic), &[DeliveryMethod::Email]);
    }
}
