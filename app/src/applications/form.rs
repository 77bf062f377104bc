//! The application form as typed (`ApplicationForm`, also the saved draft) and its one set of
//! rules. The browser runs `check_step` for instant feedback; the server runs the same
//! functions and decides. `validate` turns a complete form into `ValidApplication`.

use super::steps::Step;
use crate::domain::{
    BankAccount, DeliveryEmails, DeliveryMethod, EmailAddress, FapiaoTitle, FapiaoType, GbkText, Medium, Mobile,
    PhoneNumber, PostalCode, TaxpayerId, ValidationError,
};
use crate::error::FieldErrors;
use serde::{Deserialize, Serialize};

/// Everything the customer types, as text, exactly as typed: a draft can hold invalid values
/// (nothing typed is ever thrown away). Field names are the form's input names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationForm {
    pub fapiao_type: String,
    pub medium: String,
    pub title: String,
    pub taxpayer_id: String,
    pub registered_address: String,
    pub registered_phone: String,
    pub bank_name: String,
    pub bank_account: String,
    pub save_title: bool,
    pub delivery_method: String,
    pub recipient: String,
    pub mobile: String,
    /// GB/T 2260 codes: 2-digit province, 4-digit city, 6-digit district.
    pub province: String,
    pub city: String,
    pub district: String,
    pub street: String,
    pub postal_code: String,
    pub save_address: bool,
    pub delivery_emails: String,
}

/// The most characters each field takes, shared by the inputs' `maxlength` and by the server,
/// which refuses a longer value before it stores anything (a draft holds invalid text, but not
/// without bound). Formatted fields leave room for the spaces and dashes people type.
pub mod limits {
    pub const TITLE: usize = crate::domain::FapiaoTitle::MAX_LEN;
    pub const TAXPAYER_ID: usize = 24;
    pub const REGISTERED_ADDRESS: usize = 100;
    pub const REGISTERED_PHONE: usize = 30;
    pub const BANK_NAME: usize = 60;
    pub const BANK_ACCOUNT: usize = 40;
    pub const RECIPIENT: usize = 30;
    pub const MOBILE: usize = 20;
    pub const DIVISION_CODE: usize = 6;
    pub const STREET: usize = 120;
    pub const POSTAL_CODE: usize = 6;
    pub const DELIVERY_EMAILS: usize = 800;
    /// A choice (type, medium, delivery method): a short code.
    pub const CHOICE: usize = 32;
}

/// The buyer printed on the fapiao.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Buyer {
    pub title: FapiaoTitle,
    pub taxpayer_id: Option<TaxpayerId>,
    /// Registered address, phone, bank and account: required on a 专用发票, absent on a 普票.
    pub registration: Option<Registration>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub address: GbkText,
    pub phone: PhoneNumber,
    pub bank_name: GbkText,
    pub bank_account: BankAccount,
}

/// Where a courier takes a paper fapiao.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostalAddress {
    pub province: String,
    pub city: String,
    pub district: String,
    pub street: GbkText,
    pub postal_code: PostalCode,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delivery {
    /// 数电票: files sent to these addresses.
    Email(DeliveryEmails),
    /// Paper by Yunda or SF freight collect.
    Courier { method: DeliveryMethod, recipient: GbkText, mobile: Mobile, address: PostalAddress },
    /// Paper, collected at the Shanghai branch by this contact.
    Pickup { recipient: GbkText, mobile: Mobile },
}

/// A complete, valid application, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidApplication {
    pub fapiao_type: FapiaoType,
    pub medium: Medium,
    pub buyer: Buyer,
    pub delivery: Delivery,
    pub save_title: bool,
    pub save_address: bool,
}

impl ApplicationForm {
    /// The fields longer than their limit (`limits`), each with its `TooLong` error.
    pub fn oversized(&self) -> FieldErrors {
        use limits::*;
        let fields: [(&str, &str, usize); 17] = [
            ("fapiao_type", &self.fapiao_type, CHOICE),
            ("medium", &self.medium, CHOICE),
            ("title", &self.title, TITLE),
            ("taxpayer_id", &self.taxpayer_id, TAXPAYER_ID),
            ("registered_address", &self.registered_address, REGISTERED_ADDRESS),
            ("registered_phone", &self.registered_phone, REGISTERED_PHONE),
            ("bank_name", &self.bank_name, BANK_NAME),
            ("bank_account", &self.bank_account, BANK_ACCOUNT),
            ("delivery_method", &self.delivery_method, CHOICE),
            ("recipient", &self.recipient, RECIPIENT),
            ("mobile", &self.mobile, MOBILE),
            ("province", &self.province, DIVISION_CODE),
            ("city", &self.city, DIVISION_CODE),
            ("district", &self.district, DIVISION_CODE),
            ("street", &self.street, STREET),
            ("postal_code", &self.postal_code, POSTAL_CODE),
            ("delivery_emails", &self.delivery_emails, DELIVERY_EMAILS),
        ];
        fields
            .into_iter()
            .filter(|(_, value, max)| value.chars().count() > *max)
            .map(|(name, _, max)| (name.to_owned(), ValidationError::TooLong { max }))
            .collect()
    }

    /// Replaces the fields `step` owns with those of `typed` (see `Step::fields`).
    pub fn take_step(&mut self, step: Step, typed: ApplicationForm) {
        match step {
            Step::Type => {
                self.fapiao_type = typed.fapiao_type;
                self.medium = typed.medium;
            }
            Step::Title => {
                self.title = typed.title;
                self.taxpayer_id = typed.taxpayer_id;
                self.registered_address = typed.registered_address;
                self.registered_phone = typed.registered_phone;
                self.bank_name = typed.bank_name;
                self.bank_account = typed.bank_account;
                self.save_title = typed.save_title;
            }
            Step::Delivery => {
                self.delivery_method = typed.delivery_method;
                self.recipient = typed.recipient;
                self.mobile = typed.mobile;
                self.province = typed.province;
                self.city = typed.city;
                self.district = typed.district;
                self.street = typed.street;
                self.postal_code = typed.postal_code;
                self.save_address = typed.save_address;
                self.delivery_emails = typed.delivery_emails;
            }
            Step::Review => {}
        }
    }

    pub fn fapiao_type(&self) -> Option<FapiaoType> {
        FapiaoType::parse(&self.fapiao_type).ok()
    }

    pub fn medium(&self) -> Option<Medium> {
        Medium::parse(&self.medium).ok()
    }

    pub fn is_special(&self) -> bool {
        self.fapiao_type() == Some(FapiaoType::Special)
    }

    /// Whether the chosen delivery needs a postal address (paper by courier).
    pub fn needs_address(&self) -> bool {
        self.medium() == Some(Medium::Paper)
            && matches!(
                DeliveryMethod::parse(&self.delivery_method),
                Ok(DeliveryMethod::Yunda | DeliveryMethod::SfFreightCollect)
            )
    }

    /// Whether the title differs from the bill's payer name (a warning, never a refusal).
    pub fn payer_name_differs(&self, payer_name: &str) -> bool {
        FapiaoTitle::parse(&self.title).is_ok_and(|title| !title.matches_payer(payer_name))
    }

    /// The problems of the fields on `step`, by field name. Empty when the step is complete.
    pub fn check_step(&self, step: Step) -> FieldErrors {
        let mut errors = FieldErrors::new();
        let mut check = |field: &str, result: Result<(), ValidationError>| {
            if let Err(error) = result {
                errors.insert(field.to_owned(), error);
            }
        };
        match step {
            Step::Type => {
                check("fapiao_type", FapiaoType::parse(&self.fapiao_type).map(drop));
                check("medium", Medium::parse(&self.medium).map(drop));
            }
            Step::Title => {
                check("title", FapiaoTitle::parse(&self.title).map(drop));
                let special = self.is_special();
                check("taxpayer_id", checks::taxpayer_id(&self.taxpayer_id, special));
                if special {
                    check("registered_address", checks::registered_address(&self.registered_address));
                    check("registered_phone", PhoneNumber::parse(&self.registered_phone).map(drop));
                    check("bank_name", checks::bank_name(&self.bank_name));
                    check("bank_account", BankAccount::parse(&self.bank_account).map(drop));
                }
            }
            Step::Delivery => match self.medium() {
                Some(Medium::Electronic) => {
                    check("delivery_emails", DeliveryEmails::parse(&self.delivery_emails).map(drop));
                }
                Some(Medium::Paper) => {
                    let method = DeliveryMethod::parse(&self.delivery_method).and_then(|m| {
                        if DeliveryMethod::allowed_for(Medium::Paper).contains(&m) {
                            Ok(m)
                        } else {
                            Err(ValidationError::UnknownValue)
                        }
                    });
                    check("delivery_method", method.map(drop));
                    check("recipient", checks::recipient(&self.recipient));
                    check("mobile", Mobile::parse(&self.mobile).map(drop));
                    if self.needs_address() {
                        check("province", checks::division_code(&self.province, 2));
                        check("city", checks::division_code(&self.city, 4));
                        check("district", checks::division_code(&self.district, 6));
                        check("street", checks::street(&self.street));
                        check("postal_code", PostalCode::parse(&self.postal_code).map(drop));
                    }
                }
                // The medium is chosen on step 1; without it this step cannot be checked.
                None => check("medium", Err(ValidationError::Required)),
            },
            Step::Review => {}
        }
        errors
    }

    /// The first step with a problem and its problems, or the valid application.
    pub fn validate(&self) -> Result<ValidApplication, (Step, FieldErrors)> {
        for step in Step::ALL {
            let errors = self.check_step(step);
            if !errors.is_empty() {
                return Err((step, errors));
            }
        }
        let fixed = |step: Step| move |_| (step, FieldErrors::new());
        let fapiao_type = FapiaoType::parse(&self.fapiao_type).map_err(fixed(Step::Type))?;
        let medium = Medium::parse(&self.medium).map_err(fixed(Step::Type))?;
        let title = FapiaoTitle::parse(&self.title).map_err(fixed(Step::Title))?;
        let taxpayer_id = match self.taxpayer_id.trim() {
            "" => None,
            typed => Some(TaxpayerId::parse(typed).map_err(fixed(Step::Title))?),
        };
        let registration = if fapiao_type == FapiaoType::Special {
            Some(Registration {
                address: GbkText::parse(&self.registered_address, limits::REGISTERED_ADDRESS)
                    .map_err(fixed(Step::Title))?,
                phone: PhoneNumber::parse(&self.registered_phone).map_err(fixed(Step::Title))?,
                bank_name: GbkText::parse(&self.bank_name, limits::BANK_NAME).map_err(fixed(Step::Title))?,
                bank_account: BankAccount::parse(&self.bank_account).map_err(fixed(Step::Title))?,
            })
        } else {
            None
        };
        let delivery = match medium {
            Medium::Electronic => {
                Delivery::Email(DeliveryEmails::parse(&self.delivery_emails).map_err(fixed(Step::Delivery))?)
            }
            Medium::Paper => {
                let method = DeliveryMethod::parse(&self.delivery_method).map_err(fixed(Step::Delivery))?;
                let recipient = GbkText::parse(&self.recipient, limits::RECIPIENT).map_err(fixed(Step::Delivery))?;
                let mobile = Mobile::parse(&self.mobile).map_err(fixed(Step::Delivery))?;
                if method == DeliveryMethod::Pickup {
                    Delivery::Pickup { recipient, mobile }
                } else {
                    let address = PostalAddress {
                        province: self.province.trim().to_owned(),
                        city: self.city.trim().to_owned(),
                        district: self.district.trim().to_owned(),
                        street: GbkText::parse(&self.street, limits::STREET).map_err(fixed(Step::Delivery))?,
                        postal_code: PostalCode::parse(&self.postal_code).map_err(fixed(Step::Delivery))?,
                    };
                    Delivery::Courier { method, recipient, mobile, address }
                }
            }
        };
        Ok(ValidApplication {
            fapiao_type,
            medium,
            buyer: Buyer { title, taxpayer_id, registration },
            delivery,
            save_title: self.save_title,
            save_address: self.save_address && self.needs_address(),
        })
    }
}

/// Field checks in the shape the form's inputs use for instant feedback (`TextField::check`).
pub mod checks {
    use super::limits;
    use crate::domain::{
        BankAccount, DeliveryEmails, FapiaoTitle, GbkText, Mobile, PhoneNumber, PostalCode, TaxpayerId, ValidationError,
    };

    /// Optional on a 普票 (checked when typed), required on a 专票.
    pub fn taxpayer_id(value: &str, required: bool) -> Result<(), ValidationError> {
        if value.trim().is_empty() && !required {
            return Ok(());
        }
        TaxpayerId::parse(value).map(drop)
    }
    pub fn registered_address(value: &str) -> Result<(), ValidationError> {
        GbkText::parse(value, limits::REGISTERED_ADDRESS).map(drop)
    }
    pub fn bank_name(value: &str) -> Result<(), ValidationError> {
        GbkText::parse(value, limits::BANK_NAME).map(drop)
    }
    pub fn recipient(value: &str) -> Result<(), ValidationError> {
        GbkText::parse(value, limits::RECIPIENT).map(drop)
    }
    pub fn street(value: &str) -> Result<(), ValidationError> {
        GbkText::parse(value, limits::STREET).map(drop)
    }
    /// A GB/T 2260 code of the given length. Whether it exists is the server's to say: the
    /// division list is not shipped to the browser.
    pub fn division_code(value: &str, len: usize) -> Result<(), ValidationError> {
        match value.trim() {
            "" => Err(ValidationError::Required),
            code if code.len() == len && code.bytes().all(|b| b.is_ascii_digit()) => Ok(()),
            _ => Err(ValidationError::NotOffered),
        }
    }

    // The same, as `TextField` takes them.
    pub fn title_field(v: &str) -> Option<ValidationError> {
        FapiaoTitle::parse(v).err()
    }
    pub fn taxpayer_id_optional_field(v: &str) -> Option<ValidationError> {
        taxpayer_id(v, false).err()
    }
    pub fn taxpayer_id_required_field(v: &str) -> Option<ValidationError> {
        taxpayer_id(v, true).err()
    }
    pub fn registered_address_field(v: &str) -> Option<ValidationError> {
        registered_address(v).err()
    }
    pub fn registered_phone_field(v: &str) -> Option<ValidationError> {
        PhoneNumber::parse(v).err()
    }
    pub fn bank_name_field(v: &str) -> Option<ValidationError> {
        bank_name(v).err()
    }
    pub fn bank_account_field(v: &str) -> Option<ValidationError> {
        BankAccount::parse(v).err()
    }
    pub fn recipient_field(v: &str) -> Option<ValidationError> {
        recipient(v).err()
    }
    pub fn mobile_field(v: &str) -> Option<ValidationError> {
        Mobile::parse(v).err()
    }
    pub fn street_field(v: &str) -> Option<ValidationError> {
        street(v).err()
    }
    pub fn postal_code_field(v: &str) -> Option<ValidationError> {
        PostalCode::parse(v).err()
    }
    pub fn delivery_emails_field(v: &str) -> Option<ValidationError> {
        DeliveryEmails::parse(v).err()
    }
}

/// The delivery addresses as stored (`a@x.cn, b@x.cn`), for an application row.
pub fn emails_text(emails: &[EmailAddress]) -> String {
    emails.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn general_electronic() -> ApplicationForm {
        ApplicationForm {
            fapiao_type: "general".into(),
            medium: "electronic".into(),
            title: "李雷".into(),
            delivery_emails: "li.lei@example.cn".into(),
            ..Default::default()
        }
    }

    fn special_paper_sf() -> ApplicationForm {
        ApplicationForm {
            fapiao_type: "special".into(),
            medium: "paper".into(),
            title: "蓝云科技（上海）有限公司".into(),
            taxpayer_id: "91330106673959654P".into(),
            registered_address: "上海市浦东新区张江路 88 号".into(),
            registered_phone: "021-12345678".into(),
            bank_name: "招商银行上海张江支行".into(),
            bank_account: "6222 0210 0112 3456".into(),
            delivery_method: "sf_freight_collect".into(),
            recipient: "韩梅梅".into(),
            mobile: "138 1234 5678".into(),
            province: "31".into(),
            city: "3101".into(),
            district: "310115".into(),
            street: "张江路 88 号 3 楼".into(),
            postal_code: "201203".into(),
            save_address: true,
            ..Default::default()
        }
    }

    #[test]
    fn a_general_electronic_application_needs_a_title_and_an_email_only() {
        let valid = general_electronic().validate().unwrap();
        assert_eq!(valid.buyer.registration, None);
        assert_eq!(valid.buyer.taxpayer_id, None);
        assert!(matches!(valid.delivery, Delivery::Email(ref e) if e.addresses().len() == 1));
    }

    #[test]
    fn a_special_paper_application_carries_registration_and_address() {
        let valid = special_paper_sf().validate().unwrap();
        assert!(matches!(valid.buyer.taxpayer_id, Some(TaxpayerId::Uscc(_))));
        assert_eq!(valid.buyer.registration.unwrap().bank_account.as_ref(), "6222021001123456");
        assert!(valid.save_address);
        match valid.delivery {
            Delivery::Courier { method, mobile, .. } => {
                assert_eq!(method, DeliveryMethod::SfFreightCollect);
                assert_eq!(mobile.as_ref(), "13812345678");
            }
            other => panic!("expected courier delivery, got {other:?}"),
        }
    }

    #[test]
    fn a_special_fapiao_requires_every_registration_field_and_a_valid_uscc() {
        let form = ApplicationForm {
            taxpayer_id: "91330106673959654Q".into(),
            registered_address: String::new(),
            bank_account: "6222-ABC".into(),
            ..special_paper_sf()
        };
        let (step, errors) = form.validate().unwrap_err();
        assert_eq!(step, Step::Title);
        assert_eq!(errors["taxpayer_id"], ValidationError::BadCheckCharacter);
        assert_eq!(errors["registered_address"], ValidationError::Required);
        assert_eq!(errors["bank_account"], ValidationError::DigitsOnly);
    }

    #[test]
    fn a_general_fapiao_takes_an_optional_taxpayer_id_but_checks_one_that_is_typed() {
        assert!(general_electronic().check_step(Step::Title).is_empty());
        let typed = ApplicationForm { taxpayer_id: "91110108769914581E".into(), ..general_electronic() };
        assert!(typed.check_step(Step::Title).is_empty());
        let wrong = ApplicationForm { taxpayer_id: "91110108769914581F".into(), ..general_electronic() };
        assert_eq!(wrong.check_step(Step::Title)["taxpayer_id"], ValidationError::BadCheckCharacter);
    }

    #[test]
    fn pickup_needs_a_contact_but_no_address() {
        let form = ApplicationForm {
            delivery_method: "pickup".into(),
            province: String::new(),
            street: String::new(),
            postal_code: "bad".into(),
            ..special_paper_sf()
        };
        let valid = form.validate().unwrap();
        assert!(matches!(valid.delivery, Delivery::Pickup { .. }));
        assert!(!valid.save_address, "there is no address to save");
    }

    #[test]
    fn paper_cannot_be_emailed_and_text_must_be_gbk() {
        let form = ApplicationForm { delivery_method: "email".into(), ..special_paper_sf() };
        assert_eq!(form.check_step(Step::Delivery)["delivery_method"], ValidationError::UnknownValue);
        let form = ApplicationForm { title: "𠀀科技".into(), ..general_electronic() };
        assert_eq!(form.check_step(Step::Title)["title"], ValidationError::NotGbk('𠀀'));
    }

    #[test]
    fn an_empty_form_fails_on_the_first_step() {
        let (step, errors) = ApplicationForm::default().validate().unwrap_err();
        assert_eq!(step, Step::Type);
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn saving_a_step_replaces_only_that_steps_fields() {
        let mut draft = special_paper_sf();
        draft.take_step(Step::Title, ApplicationForm { title: "新抬头".into(), ..Default::default() });
        assert_eq!(draft.title, "新抬头");
        assert_eq!(draft.taxpayer_id, "", "a cleared field is saved as cleared");
        assert_eq!(draft.mobile, "138 1234 5678", "other steps are untouched");
        assert!(draft.save_address);
    }

    #[test]
    fn the_payer_name_warning() {
        let form = ApplicationForm { title: "蓝云科技(上海)有限公司".into(), ..general_electronic() };
        assert!(!form.payer_name_differs("蓝云科技（上海）有限公司"));
        assert!(form.payer_name_differs("蓝云科技有限公司"));
        assert!(!ApplicationForm::default().payer_name_differs("anyone"), "no title yet, no warning");
    }
}
