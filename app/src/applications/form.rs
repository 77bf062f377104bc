//! The application form as typed (`ApplicationForm`, also the saved draft) and its one set of
//! rules. The browser runs `check_step` for instant feedback; the server runs the same
//! functions and decides. `validate` turns a complete form into `ValidApplication`.

use super::steps::Step;
use crate::domain::{
    BankAccount, BuyerType, DeliveryEmails, DeliveryMethod, EmailAddress, FapiaoTitle, FapiaoType, GbkText, Medium,
    Mobile, PhoneNumber, PostalCode, ResidentId, TaxpayerId, ValidationError, gbk_len,
};
use crate::error::FieldErrors;
use serde::{Deserialize, Serialize};

/// Everything the customer types, as text, exactly as typed: a draft can hold invalid values
/// (nothing typed is ever thrown away). Field names are the form's input names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationForm {
    pub buyer_type: String,
    pub fapiao_type: String,
    pub medium: String,
    pub title: String,
    pub taxpayer_id: String,
    pub registered_address: String,
    pub registered_phone: String,
    pub bank_name: String,
    pub bank_account: String,
    pub save_title: bool,
    /// 备注: what the customer asks to be printed in the remark box (a purchase order number).
    pub remark: String,
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

/// `ApplicationForm::to_fields`: the form as (input name, value) pairs.
pub type FormFields = Vec<(String, String)>;

/// The most characters each field takes, shared by the inputs' `maxlength` and by the server,
/// which refuses a longer value before it stores anything (a draft holds invalid text, but not
/// without bound). Formatted fields leave room for the spaces and dashes people type.
pub mod limits {
    pub const TITLE: usize = crate::domain::FapiaoTitle::MAX_BYTES;
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

    /// What the issuing platform takes, in GBK bytes (a Chinese character is 2). Source: the
    /// 开票接口 of 诺诺开放平台 (https://open.jss.com.cn/#/api-doc/common-api?id=100607):
    /// `buyerAddress` + `buyerTel` together at most 100, `buyerAccount` (开户行及账号, printed
    /// as one line) at most 100.
    pub const ADDRESS_AND_PHONE_BYTES: usize = 100;
    pub const BANK_AND_ACCOUNT_BYTES: usize = 100;
    /// The 备注 box, in GBK bytes (100 Chinese characters). Kept within what the invoicing
    /// channels take for the remark of a 数电票; the exact figure of each channel could not be
    /// checked here, so this errs on the short side: a remark accepted here is never cut.
    pub const REMARK_BYTES: usize = 200;
}

/// The buyer printed on the fapiao.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Buyer {
    pub buyer_type: BuyerType,
    pub title: FapiaoTitle,
    pub tax_id: Option<BuyerTaxId>,
    /// Registered address, phone, bank and account: on a 专用发票 only; all four required on
    /// paper, each optional on a 数电专票.
    pub registration: Registration,
}

/// The buyer's identification number on the fapiao (购买方纳税人识别号).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BuyerTaxId {
    /// An enterprise's or unit's taxpayer ID (a USCC, or an older registration number).
    Taxpayer(TaxpayerId),
    /// A natural person's resident ID number.
    Resident(ResidentId),
}

impl AsRef<str> for BuyerTaxId {
    fn as_ref(&self) -> &str {
        match self {
            Self::Taxpayer(id) => id.as_ref(),
            Self::Resident(id) => id.as_ref(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub address: Option<GbkText>,
    pub phone: Option<PhoneNumber>,
    pub bank_name: Option<GbkText>,
    pub bank_account: Option<BankAccount>,
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
    pub buyer_type: BuyerType,
    pub fapiao_type: FapiaoType,
    pub medium: Medium,
    pub buyer: Buyer,
    pub delivery: Delivery,
    pub save_title: bool,
    pub save_address: bool,
    /// 备注 to print, if any.
    pub remark: Option<GbkText>,
}

impl ApplicationForm {
    /// A first application's form: an enterprise's 数电普票, what most buyers of a cloud
    /// subscription ask for in 2026. Paper stays one click away, never the default.
    pub fn fresh() -> Self {
        Self {
            buyer_type: BuyerType::Enterprise.code().to_owned(),
            fapiao_type: FapiaoType::General.code().to_owned(),
            medium: Medium::Electronic.code().to_owned(),
            ..Self::default()
        }
    }

    /// The form as (input name, value) pairs, booleans as `true`/`false`: how it reaches a step's
    /// island. Every struct in an island's props brings a derived serde reader of its own into
    /// the island's Wasm, and this struct's was the largest function of steps 2 and 3 (11 kB
    /// before optimisation); pairs are read by the reader those islands already have for saved
    /// entries and region options (README, "Light pages"). `from_fields` reads them back.
    pub fn to_fields(&self) -> FormFields {
        let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(self) else { return Vec::new() };
        fields
            .into_iter()
            .map(|(name, value)| match value {
                serde_json::Value::String(text) => (name, text),
                other => (name, other.to_string()),
            })
            .collect()
    }

    /// The form of `to_fields`' pairs; a name it does not know is ignored.
    pub fn from_fields(fields: FormFields) -> Self {
        let mut form = Self::default();
        for (name, value) in fields {
            let text = match name.as_str() {
                "save_title" => {
                    form.save_title = value == "true";
                    continue;
                }
                "save_address" => {
                    form.save_address = value == "true";
                    continue;
                }
                "buyer_type" => &mut form.buyer_type,
                "fapiao_type" => &mut form.fapiao_type,
                "medium" => &mut form.medium,
                "title" => &mut form.title,
                "taxpayer_id" => &mut form.taxpayer_id,
                "registered_address" => &mut form.registered_address,
                "registered_phone" => &mut form.registered_phone,
                "bank_name" => &mut form.bank_name,
                "bank_account" => &mut form.bank_account,
                "remark" => &mut form.remark,
                "delivery_method" => &mut form.delivery_method,
                "recipient" => &mut form.recipient,
                "mobile" => &mut form.mobile,
                "province" => &mut form.province,
                "city" => &mut form.city,
                "district" => &mut form.district,
                "street" => &mut form.street,
                "postal_code" => &mut form.postal_code,
                "delivery_emails" => &mut form.delivery_emails,
                _ => continue,
            };
            *text = value;
        }
        form
    }

    /// The fields longer than their limit (`limits`), each with its `TooLong` error.
    pub fn oversized(&self) -> FieldErrors {
        use limits::*;
        let fields: [(&str, &str, usize); 19] = [
            ("buyer_type", &self.buyer_type, CHOICE),
            ("fapiao_type", &self.fapiao_type, CHOICE),
            ("medium", &self.medium, CHOICE),
            ("title", &self.title, TITLE),
            ("taxpayer_id", &self.taxpayer_id, TAXPAYER_ID),
            ("registered_address", &self.registered_address, REGISTERED_ADDRESS),
            ("registered_phone", &self.registered_phone, REGISTERED_PHONE),
            ("bank_name", &self.bank_name, BANK_NAME),
            ("bank_account", &self.bank_account, BANK_ACCOUNT),
            ("remark", &self.remark, REMARK_BYTES),
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
                self.buyer_type = typed.buyer_type;
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
                self.remark = typed.remark;
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

    pub fn buyer_type(&self) -> Option<BuyerType> {
        BuyerType::parse(&self.buyer_type).ok()
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

    /// Whether the registered address, phone, bank and account must all be given: on a paper
    /// 专票 only. A 数电专票 needs only the name and the tax ID; the others are optional.
    pub fn registration_required(&self) -> bool {
        self.is_special() && self.medium() == Some(Medium::Paper)
    }

    /// Whether the taxpayer ID field must be filled for this buyer and type.
    pub fn taxpayer_id_required(&self) -> bool {
        match (self.buyer_type(), self.fapiao_type()) {
            (Some(buyer), Some(fapiao_type)) => buyer.needs_taxpayer_id(fapiao_type),
            _ => false,
        }
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
                let buyer = BuyerType::parse(&self.buyer_type);
                check("buyer_type", buyer.clone().map(drop));
                let fapiao_type = FapiaoType::parse(&self.fapiao_type).and_then(|t| match buyer {
                    Ok(buyer) if t == FapiaoType::Special && !buyer.may_receive_special() => {
                        Err(ValidationError::SpecialNotForIndividuals)
                    }
                    _ => Ok(t),
                });
                check("fapiao_type", fapiao_type.map(drop));
                check("medium", Medium::parse(&self.medium).map(drop));
            }
            Step::Title => {
                check("title", FapiaoTitle::parse(&self.title).map(drop));
                let required = self.taxpayer_id_required();
                let id_check = if self.buyer_type() == Some(BuyerType::Individual) {
                    checks::resident_id(&self.taxpayer_id)
                } else {
                    checks::taxpayer_id(&self.taxpayer_id, required)
                };
                check("taxpayer_id", id_check);
                check("remark", checks::remark(&self.remark));
                if self.is_special() {
                    let required = self.registration_required();
                    check("registered_address", checks::registered_address(&self.registered_address, required));
                    check("registered_phone", checks::optional(&self.registered_phone, required, PhoneNumber::parse));
                    check("bank_name", checks::bank_name(&self.bank_name, required));
                    check("bank_account", checks::optional(&self.bank_account, required, BankAccount::parse));
                    // The platform prints address and phone on one line, bank and account on
                    // another, each at most 100 GBK bytes.
                    let over = |a: &str, b: &str, max: usize| {
                        let used = gbk_len(a.trim()) + gbk_len(b.trim());
                        (used > max)
                            .then(|| ValidationError::TooManyBytes { max: max.saturating_sub(gbk_len(b.trim())) })
                    };
                    if let Some(error) =
                        over(&self.registered_address, &self.registered_phone, limits::ADDRESS_AND_PHONE_BYTES)
                    {
                        errors.entry("registered_address".to_owned()).or_insert(error);
                    }
                    if let Some(error) = over(&self.bank_name, &self.bank_account, limits::BANK_AND_ACCOUNT_BYTES) {
                        errors.entry("bank_name".to_owned()).or_insert(error);
                    }
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
        let buyer_type = BuyerType::parse(&self.buyer_type).map_err(fixed(Step::Type))?;
        let fapiao_type = FapiaoType::parse(&self.fapiao_type).map_err(fixed(Step::Type))?;
        let medium = Medium::parse(&self.medium).map_err(fixed(Step::Type))?;
        let title = FapiaoTitle::parse(&self.title).map_err(fixed(Step::Title))?;
        let tax_id = match self.taxpayer_id.trim() {
            "" => None,
            typed if buyer_type == BuyerType::Individual => {
                Some(BuyerTaxId::Resident(ResidentId::parse(typed).map_err(fixed(Step::Title))?))
            }
            typed => Some(BuyerTaxId::Taxpayer(TaxpayerId::parse(typed).map_err(fixed(Step::Title))?)),
        };
        // `check_step` passed, so every typed registration field parses.
        let registration = if fapiao_type == FapiaoType::Special {
            let text = |v: &str, max: usize| GbkText::parse(v, max).ok();
            Registration {
                address: text(&self.registered_address, limits::REGISTERED_ADDRESS),
                phone: PhoneNumber::parse(&self.registered_phone).ok(),
                bank_name: text(&self.bank_name, limits::BANK_NAME),
                bank_account: BankAccount::parse(&self.bank_account).ok(),
            }
        } else {
            Registration::default()
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
            buyer_type,
            fapiao_type,
            medium,
            buyer: Buyer { buyer_type, title, tax_id, registration },
            delivery,
            save_title: self.save_title,
            save_address: self.save_address && self.needs_address(),
            remark: GbkText::parse_bytes(&self.remark, limits::REMARK_BYTES).ok(),
        })
    }
}

/// Field checks in the shape the form's inputs use for instant feedback (`TextField::check`).
pub mod checks {
    use super::limits;
    use crate::domain::{
        BankAccount, DeliveryEmails, FapiaoTitle, GbkText, Mobile, PhoneNumber, PostalCode, ResidentId, TaxpayerId,
        ValidationError,
    };

    /// A field that may stay empty unless `required`; what is typed is always checked.
    pub fn optional<T>(
        value: &str,
        required: bool,
        parse: impl Fn(&str) -> Result<T, ValidationError>,
    ) -> Result<(), ValidationError> {
        if value.trim().is_empty() && !required {
            return Ok(());
        }
        parse(value).map(drop)
    }

    /// An enterprise's (or a unit's) taxpayer ID: required when `required`.
    pub fn taxpayer_id(value: &str, required: bool) -> Result<(), ValidationError> {
        optional(value, required, TaxpayerId::parse)
    }
    /// A natural person gives no number, or a resident ID number.
    pub fn resident_id(value: &str) -> Result<(), ValidationError> {
        optional(value, false, ResidentId::parse)
    }
    /// The 备注: optional; printable in GBK and within `limits::REMARK_BYTES`.
    pub fn remark(value: &str) -> Result<(), ValidationError> {
        optional(value, false, |v| GbkText::parse_bytes(v, limits::REMARK_BYTES))
    }
    pub fn remark_field(v: &str) -> Option<ValidationError> {
        remark(v).err()
    }
    pub fn registered_address(value: &str, required: bool) -> Result<(), ValidationError> {
        optional(value, required, |v| GbkText::parse(v, limits::REGISTERED_ADDRESS))
    }
    pub fn bank_name(value: &str, required: bool) -> Result<(), ValidationError> {
        optional(value, required, |v| GbkText::parse(v, limits::BANK_NAME))
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
    pub fn resident_id_field(v: &str) -> Option<ValidationError> {
        resident_id(v).err()
    }
    pub fn registered_address_field(v: &str) -> Option<ValidationError> {
        registered_address(v, true).err()
    }
    pub fn registered_address_optional_field(v: &str) -> Option<ValidationError> {
        registered_address(v, false).err()
    }
    pub fn registered_phone_field(v: &str) -> Option<ValidationError> {
        PhoneNumber::parse(v).err()
    }
    pub fn registered_phone_optional_field(v: &str) -> Option<ValidationError> {
        optional(v, false, PhoneNumber::parse).err()
    }
    pub fn bank_name_field(v: &str) -> Option<ValidationError> {
        bank_name(v, true).err()
    }
    pub fn bank_name_optional_field(v: &str) -> Option<ValidationError> {
        bank_name(v, false).err()
    }
    pub fn bank_account_field(v: &str) -> Option<ValidationError> {
        BankAccount::parse(v).err()
    }
    pub fn bank_account_optional_field(v: &str) -> Option<ValidationError> {
        optional(v, false, BankAccount::parse).err()
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

    #[test]
    fn the_form_reaches_an_island_as_pairs_and_reads_back_the_same() {
        let mut form = special_paper_sf();
        form.save_title = true;
        form.save_address = true;
        form.remark = "PO-2026-118".into();
        form.delivery_emails = "finance@lanyun.example.cn".into();
        let fields = form.to_fields();
        assert!(fields.contains(&("title".to_owned(), "蓝云科技（上海）有限公司".to_owned())));
        assert!(fields.contains(&("save_title".to_owned(), "true".to_owned())));
        assert_eq!(ApplicationForm::from_fields(fields), form);
        // Every field is read back, not only those this form fills: each one set to a distinct value.
        let mut every = ApplicationForm::default();
        let mut n = 0;
        let fields: FormFields = every
            .to_fields()
            .into_iter()
            .map(|(name, value)| {
                n += 1;
                let value = if value == "false" { "true".to_owned() } else { format!("value {n}") };
                (name, value)
            })
            .collect();
        every = ApplicationForm::from_fields(fields.clone());
        assert_eq!(every.to_fields(), fields);
        assert_eq!(ApplicationForm::from_fields(vec![("unknown".into(), "x".into())]), ApplicationForm::default());
    }

    fn general_electronic() -> ApplicationForm {
        ApplicationForm {
            buyer_type: "individual".into(),
            fapiao_type: "general".into(),
            medium: "electronic".into(),
            title: "李雷".into(),
            delivery_emails: "li.lei@example.cn".into(),
            ..Default::default()
        }
    }

    fn special_paper_sf() -> ApplicationForm {
        ApplicationForm {
            buyer_type: "enterprise".into(),
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
        assert_eq!(valid.buyer.registration, Registration::default());
        assert_eq!(valid.buyer.tax_id, None);
        assert!(matches!(valid.delivery, Delivery::Email(ref e) if e.addresses().len() == 1));
    }

    #[test]
    fn a_special_paper_application_carries_registration_and_address() {
        let valid = special_paper_sf().validate().unwrap();
        assert!(matches!(valid.buyer.tax_id, Some(BuyerTaxId::Taxpayer(TaxpayerId::Uscc(_)))));
        assert_eq!(valid.buyer.registration.bank_account.unwrap().as_ref(), "6222021001123456");
        assert_eq!(valid.buyer.title.as_ref(), "蓝云科技（上海）有限公司", "full-width brackets kept");
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
    fn a_person_gives_no_number_or_a_resident_id() {
        assert!(general_electronic().check_step(Step::Title).is_empty());
        let typed = ApplicationForm { taxpayer_id: "11010519491231002X".into(), ..general_electronic() };
        assert!(matches!(typed.validate().unwrap().buyer.tax_id, Some(BuyerTaxId::Resident(_))));
        let wrong = ApplicationForm { taxpayer_id: "110105194912310021".into(), ..general_electronic() };
        assert_eq!(wrong.check_step(Step::Title)["taxpayer_id"], ValidationError::BadCheckCharacter);
        let uscc = ApplicationForm { taxpayer_id: "91110108769914581E".into(), ..general_electronic() };
        assert_eq!(uscc.check_step(Step::Title)["taxpayer_id"], ValidationError::BadFormat, "not a person's number");
    }

    #[test]
    fn an_enterprise_needs_its_tax_id_also_on_a_general_fapiao() {
        let form = ApplicationForm { buyer_type: "enterprise".into(), ..general_electronic() };
        assert_eq!(form.check_step(Step::Title)["taxpayer_id"], ValidationError::Required);
        let unit = ApplicationForm { buyer_type: "non_enterprise_unit".into(), ..general_electronic() };
        assert!(unit.check_step(Step::Title).is_empty(), "a unit's 普票 may go without");
        let unit_special = ApplicationForm { fapiao_type: "special".into(), medium: "electronic".into(), ..unit };
        assert_eq!(unit_special.check_step(Step::Title)["taxpayer_id"], ValidationError::Required);
    }

    #[test]
    fn a_person_cannot_have_a_special_fapiao() {
        let form = ApplicationForm { fapiao_type: "special".into(), ..general_electronic() };
        assert_eq!(form.check_step(Step::Type)["fapiao_type"], ValidationError::SpecialNotForIndividuals);
    }

    #[test]
    fn an_electronic_special_fapiao_needs_only_name_and_tax_id() {
        let form = ApplicationForm {
            medium: "electronic".into(),
            registered_address: String::new(),
            registered_phone: String::new(),
            bank_name: String::new(),
            bank_account: String::new(),
            delivery_emails: "cw@lanyun.cn".into(),
            ..special_paper_sf()
        };
        assert!(form.check_step(Step::Title).is_empty());
        let valid = form.validate().unwrap();
        assert_eq!(valid.buyer.registration, Registration::default());
        let typed_wrong = ApplicationForm { bank_account: "12AB".into(), ..form };
        assert_eq!(typed_wrong.check_step(Step::Title)["bank_account"], ValidationError::DigitsOnly);
    }

    #[test]
    fn address_and_phone_share_one_hundred_gbk_bytes() {
        // 44 Chinese characters (88 bytes) + "021-12345678" (12 bytes) = 100: fits.
        let fits = ApplicationForm { registered_address: "浦".repeat(44), ..special_paper_sf() };
        assert!(fits.check_step(Step::Title).is_empty());
        let over = ApplicationForm { registered_address: "浦".repeat(45), ..special_paper_sf() };
        assert_eq!(over.check_step(Step::Title)["registered_address"], ValidationError::TooManyBytes { max: 88 });
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
        assert_eq!(errors.len(), 3);
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
        let form = ApplicationForm { title: "蓝云科技（上海）有限公司".into(), ..general_electronic() };
        assert!(!form.payer_name_differs("蓝云科技(上海)有限公司"));
        assert!(!form.payer_name_differs("蓝云科技（上海）有限公司"));
        assert!(form.payer_name_differs("蓝云科技有限公司"));
        assert!(!ApplicationForm::default().payer_name_differs("anyone"), "no title yet, no warning");
    }
}
