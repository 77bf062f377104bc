use super::{ValidationError, coded_enum};
use serde::{Deserialize, Serialize};

coded_enum! {
    /// Who the buyer on the fapiao is. It decides which taxpayer ID the form asks for and
    /// whether a 专用发票 is possible.
    BuyerType {
        /// 企业 (also 个体工商户): its 纳税人识别号 is required on every fapiao (国家税务总局公告
        /// 2017年第16号, in force since 2017-07-01).
        Enterprise => "enterprise",
        /// 非企业性单位: government bodies, public institutions, associations. Tax ID optional on a
        /// 普票, required on a 专票.
        NonEnterpriseUnit => "non_enterprise_unit",
        /// 个人 (natural person): no tax ID, or a resident ID number; never a 专票.
        Individual => "individual",
    }
}

impl BuyerType {
    /// Whether this buyer may receive a 增值税专用发票.
    pub fn may_receive_special(self) -> bool {
        self != Self::Individual
    }

    /// Whether the taxpayer ID is required for a fapiao of `fapiao_type`.
    pub fn needs_taxpayer_id(self, fapiao_type: FapiaoType) -> bool {
        match self {
            Self::Enterprise => true,
            Self::NonEnterpriseUnit => fapiao_type == FapiaoType::Special,
            Self::Individual => false,
        }
    }
}

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
    fn who_needs_a_tax_id_and_who_may_have_a_special_fapiao() {
        use BuyerType::*;
        assert!(Enterprise.needs_taxpayer_id(FapiaoType::General), "STA 2017 No. 16");
        assert!(!NonEnterpriseUnit.needs_taxpayer_id(FapiaoType::General));
        assert!(NonEnterpriseUnit.needs_taxpayer_id(FapiaoType::Special));
        assert!(!Individual.needs_taxpayer_id(FapiaoType::General));
        assert!(!Individual.may_receive_special());
        assert!(Enterprise.may_receive_special() && NonEnterpriseUnit.may_receive_special());
    }

    #[test]
    fn paper_is_never_emailed_and_electronic_never_couriered() {
        assert!(!DeliveryMethod::allowed_for(Medium::Paper).contains(&DeliveryMethod::Email));
        assert_eq!(DeliveryMethod::allowed_for(Medium::Electronic), &[DeliveryMethod::Email]);
    }
}
