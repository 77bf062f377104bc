//! What the books' pages and their service share: an entry as the form sends it and as the
//! page lists it, and the rule a title is checked by.

use crate::applications::form::ApplicationForm;
use crate::applications::steps::Step;
use crate::domain::{BuyerType, FapiaoType, Medium};
use crate::error::FieldErrors;
use serde::{Deserialize, Serialize};

/// The most entries each book holds.
pub const BOOK_LIMIT: usize = 50;

/// A title as the book's form sends it. Field names are the form's input names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TitleInput {
    pub buyer_type: String,
    pub title: String,
    pub taxpayer_id: String,
    pub registered_address: String,
    pub registered_phone: String,
    pub bank_name: String,
    pub bank_account: String,
}

impl TitleInput {
    /// Whether any of the registration details (for a 专用发票) is given.
    pub fn has_registration(&self) -> bool {
        [&self.registered_address, &self.registered_phone, &self.bank_name, &self.bank_account]
            .iter()
            .any(|v| !v.trim().is_empty())
    }

    /// The type of fapiao the title is kept for: 专用发票 when registration details are given.
    pub fn fapiao_type(&self) -> FapiaoType {
        if self.has_registration() { FapiaoType::Special } else { FapiaoType::General }
    }

    /// The title as step 2 of the application form would hold it (a 数电票, so the
    /// registration details are optional and checked only when given).
    pub fn as_form(&self) -> ApplicationForm {
        ApplicationForm {
            buyer_type: self.buyer_type.trim().to_owned(),
            fapiao_type: self.fapiao_type().code().to_owned(),
            medium: Medium::Electronic.code().to_owned(),
            title: self.title.clone(),
            taxpayer_id: self.taxpayer_id.clone(),
            registered_address: self.registered_address.clone(),
            registered_phone: self.registered_phone.clone(),
            bank_name: self.bank_name.clone(),
            bank_account: self.bank_account.clone(),
            ..ApplicationForm::default()
        }
    }

    /// The problems of the entry, by field name: the form's limits and its step-2 rules, and a
    /// buyer type from the list. Empty when it can be saved.
    pub fn check(&self) -> FieldErrors {
        let form = self.as_form();
        let mut errors = form.oversized();
        if let Err(error) = BuyerType::parse(&form.buyer_type) {
            errors.entry("buyer_type".to_owned()).or_insert(error);
        }
        for (field, error) in form.check_step(Step::Title) {
            errors.entry(field).or_insert(error);
        }
        // A natural person has no registration details to print (never a 专用发票).
        if form.buyer_type() == Some(BuyerType::Individual) && self.has_registration() {
            errors
                .entry("registered_address".to_owned())
                .or_insert(crate::domain::ValidationError::SpecialNotForIndividuals);
        }
        errors
    }
}

/// A title of the book, as its page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TitleEntry {
    pub id: i32,
    pub input: TitleInput,
    pub is_default: bool,
}

/// An address of the book, as its page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressEntry {
    pub id: i32,
    pub recipient: String,
    pub mobile: String,
    /// `上海市 市辖区 浦东新区 张江路 88 号`.
    pub address: String,
    pub postal_code: String,
    pub is_default: bool,
}

/// An address as the book's form sends it (division codes, as the application form holds
/// them). Field names are the form's input names and the application form's fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AddressInput {
    pub recipient: String,
    pub mobile: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub street: String,
    pub postal_code: String,
}

/// The fields of an address, as the application form names them.
pub const ADDRESS_FIELDS: [&str; 7] = ["recipient", "mobile", "province", "city", "district", "street", "postal_code"];

impl AddressInput {
    /// The address as step 3 of the application form would hold it (a paper fapiao by courier).
    pub fn as_form(&self) -> ApplicationForm {
        ApplicationForm {
            buyer_type: BuyerType::Enterprise.code().to_owned(),
            fapiao_type: FapiaoType::General.code().to_owned(),
            medium: Medium::Paper.code().to_owned(),
            delivery_method: crate::domain::DeliveryMethod::Yunda.code().to_owned(),
            recipient: self.recipient.clone(),
            mobile: self.mobile.clone(),
            province: self.province.clone(),
            city: self.city.clone(),
            district: self.district.clone(),
            street: self.street.clone(),
            postal_code: self.postal_code.clone(),
            ..ApplicationForm::default()
        }
    }

    /// The problems of the entry, by field name: the form's limits and its step-3 rules for an
    /// address (the division codes' chain is checked by the server). Empty when it can be saved.
    pub fn check(&self) -> FieldErrors {
        let form = self.as_form();
        let mut errors: FieldErrors =
            form.oversized().into_iter().filter(|(field, _)| ADDRESS_FIELDS.contains(&field.as_str())).collect();
        for (field, error) in form.check_step(Step::Delivery) {
            if ADDRESS_FIELDS.contains(&field.as_str()) {
                errors.entry(field).or_insert(error);
            }
        }
        errors
    }
}

/// The form of an address of the book: the entry (empty when new) and its selects' options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressEditor {
    pub id: Option<i32>,
    pub input: AddressInput,
    pub divisions: crate::applications::DivisionOptions,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ValidationError;

    fn entry(buyer_type: &str, title: &str, taxpayer_id: &str) -> TitleInput {
        TitleInput {
            buyer_type: buyer_type.into(),
            title: title.into(),
            taxpayer_id: taxpayer_id.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_title_is_checked_by_the_application_forms_rules() {
        assert!(entry("enterprise", "蓝云科技（上海）有限公司", "91330106673959654P").check().is_empty());
        assert!(entry("individual", "李雷", "").check().is_empty());
        let errors = entry("enterprise", "蓝云科技（上海）有限公司", "").check();
        assert_eq!(errors.get("taxpayer_id"), Some(&ValidationError::Required), "an enterprise's tax ID");
        let errors = entry("enterprise", "", "91330106673959654X").check();
        assert!(errors.contains_key("title") && errors.contains_key("taxpayer_id"), "{errors:?}");
        assert!(entry("someone", "x", "").check().contains_key("buyer_type"));
        let mut person = entry("individual", "李雷", "");
        person.bank_name = "招商银行".into();
        assert!(person.check().contains_key("registered_address"), "no 专票 details for a person");
        let mut long = entry("enterprise", &"长".repeat(201), "91330106673959654P");
        long.bank_account = "1".repeat(100);
        let errors = long.check();
        assert!(matches!(errors.get("title"), Some(ValidationError::TooLong { .. })), "{errors:?}");
    }

    #[test]
    fn registration_details_make_it_a_special_fapiaos_title() {
        let mut with_bank = entry("enterprise", "蓝云科技（上海）有限公司", "91330106673959654P");
        assert_eq!(with_bank.fapiao_type(), FapiaoType::General);
        with_bank.bank_name = "招商银行上海张江支行".into();
        with_bank.bank_account = "6222021001123456".into();
        assert_eq!(with_bank.fapiao_type(), FapiaoType::Special);
        assert!(with_bank.check().is_empty(), "{:?}", with_bank.check());
    }
}
