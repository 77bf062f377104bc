use serde::Serialize;

/// Why a value was refused. One enum for every parser, so the user-facing text for each
/// reason lives in one place (the i18n files, via `ui::validation_message`).
///
/// On the wire as serde derives it (`"Required"`, `{"TooLong":{"max":100}}`,
/// `{"NotGbk":"𠀀"}`); read back by the hand-written reader in `wire`, not a derived one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub enum ValidationError {
    #[error("this field is required")]
    Required,
    #[error("at most {max} characters")]
    TooLong { max: usize },
    /// Longer than the tax platform takes, counted in GBK bytes (a Chinese character is 2).
    #[error("at most {max} bytes in GBK")]
    TooManyBytes { max: usize },
    /// A 专用发票 for a natural person: only enterprises and non-enterprise units get one.
    #[error("a special VAT fapiao is not issued to a natural person")]
    SpecialNotForIndividuals,
    /// Staff typed an amount other than the bill's: a fapiao is for exactly what was paid.
    #[error("the fapiao amount must be the bill's amount, {bill}")]
    NotTheBillAmount { bill: String },
    #[error("the date is in the future")]
    DateInFuture,
    /// An issue date before the bill was paid.
    #[error("the date is before the payment on {paid}")]
    DateBeforePayment { paid: String },
    /// The courier differs from the one the customer chose, and no reason was given.
    #[error("the customer chose another courier; give the reason")]
    CourierDiffers,
    #[error("at least {min} characters")]
    TooShort { min: usize },
    #[error("digits only")]
    DigitsOnly,
    #[error("at most {max} entries")]
    TooMany { max: usize },
    #[error("the file is larger than {max_bytes} bytes")]
    FileTooLarge { max_bytes: u64 },
    #[error("only PDF, OFD and XML files are accepted")]
    FileType,
    #[error("already used")]
    AlreadyUsed,
    #[error("not on the list offered")]
    NotOffered,
    #[error("invalid format")]
    BadFormat,
    #[error("the check character does not match")]
    BadCheckCharacter,
    #[error("the character {0:?} cannot be printed on a fapiao")]
    NotGbk(char),
    #[error("this password is too common")]
    CommonPassword,
    #[error("amount out of range")]
    AmountOutOfRange,
    #[error("unknown value")]
    UnknownValue,
    #[error("the two passwords differ")]
    PasswordsDiffer,
    #[error("no paid order has this number")]
    OrderNotFound,
    #[error("the current password is not right")]
    WrongPassword,
    #[error("line {line} is not in the expected form")]
    BadLine { line: usize },
    /// "Apply for the ticked bills" with none ticked.
    #[error("no bill is ticked")]
    NoBillsSelected,
    /// Bills of several customers, currencies or tax rates cannot share one fapiao.
    #[error("the bills differ in customer, currency or tax rate")]
    BillsNotAlike,
    /// The bills together exceed what one fapiao may show.
    #[error("together more than {limit}, the most one fapiao may show")]
    OverFapiaoLimit { limit: String },
    /// The bill was refunded, or an active application holds it.
    #[error("the bill {order} is refunded or already applied for")]
    BillNotFree { order: String },
    /// A split into fewer than 2 or more than `max` parts.
    #[error("from 2 to {max} amounts")]
    PartCount { max: usize },
    /// A split whose parts do not add up to the bill.
    #[error("the parts sum to {parts}, the bill is {bill}")]
    PartsDoNotSum { bill: String, parts: String },
}

/// `ValidationError` read from its wire form by hand. A derived `Deserialize` has one visitor
/// per struct variant, and serde_json instantiates its struct reader once per visitor: eleven
/// copies in the code every island page downloads, since every island reads a refusal (14 kB
/// before optimisation, 1.2 kB compressed; docs/ARCHITECTURE.md). Here one visitor reads the
/// fields of every struct variant.
mod wire {
    use super::ValidationError;
    use serde::de::{self, Deserialize, Deserializer, EnumAccess, IgnoredAny, MapAccess, VariantAccess, Visitor};
    use std::fmt;

    /// Every variant's name, as the derived `Serialize` writes it.
    pub(super) const VARIANTS: &[&str] = &[
        "Required",
        "TooLong",
        "TooManyBytes",
        "SpecialNotForIndividuals",
        "NotTheBillAmount",
        "DateInFuture",
        "DateBeforePayment",
        "CourierDiffers",
        "TooShort",
        "DigitsOnly",
        "TooMany",
        "FileTooLarge",
        "FileType",
        "AlreadyUsed",
        "NotOffered",
        "BadFormat",
        "BadCheckCharacter",
        "NotGbk",
        "CommonPassword",
        "AmountOutOfRange",
        "UnknownValue",
        "PasswordsDiffer",
        "OrderNotFound",
        "WrongPassword",
        "BadLine",
        "NoBillsSelected",
        "BillsNotAlike",
        "OverFapiaoLimit",
        "BillNotFree",
        "PartCount",
        "PartsDoNotSum",
    ];

    /// The fields of every struct variant, each read where present.
    const FIELDS: &[&str] = &["max", "min", "max_bytes", "line", "bill", "paid", "limit", "order", "parts"];

    #[derive(Default)]
    struct Fields {
        max: Option<u64>,
        min: Option<u64>,
        max_bytes: Option<u64>,
        line: Option<u64>,
        bill: Option<String>,
        paid: Option<String>,
        limit: Option<String>,
        order: Option<String>,
        parts: Option<String>,
    }

    fn required<T, E: de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
        value.ok_or_else(|| E::missing_field(name))
    }

    fn size<E: de::Error>(value: Option<u64>, name: &'static str) -> Result<usize, E> {
        usize::try_from(required(value, name)?).map_err(|_| E::custom(format_args!("{name} out of range")))
    }

    impl<'de> Deserialize<'de> for ValidationError {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_enum("ValidationError", VARIANTS, ErrorVisitor)
        }
    }

    struct ErrorVisitor;

    impl<'de> Visitor<'de> for ErrorVisitor {
        type Value = ValidationError;

        fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
            formatter.write_str("enum ValidationError")
        }

        fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
            use ValidationError as E;
            let (name, variant): (String, _) = data.variant()?;
            let unit = match name.as_str() {
                "Required" => Some(E::Required),
                "SpecialNotForIndividuals" => Some(E::SpecialNotForIndividuals),
                "DateInFuture" => Some(E::DateInFuture),
                "CourierDiffers" => Some(E::CourierDiffers),
                "DigitsOnly" => Some(E::DigitsOnly),
                "FileType" => Some(E::FileType),
                "AlreadyUsed" => Some(E::AlreadyUsed),
                "NotOffered" => Some(E::NotOffered),
                "BadFormat" => Some(E::BadFormat),
                "BadCheckCharacter" => Some(E::BadCheckCharacter),
                "CommonPassword" => Some(E::CommonPassword),
                "AmountOutOfRange" => Some(E::AmountOutOfRange),
                "UnknownValue" => Some(E::UnknownValue),
                "PasswordsDiffer" => Some(E::PasswordsDiffer),
                "OrderNotFound" => Some(E::OrderNotFound),
                "WrongPassword" => Some(E::WrongPassword),
                "NoBillsSelected" => Some(E::NoBillsSelected),
                "BillsNotAlike" => Some(E::BillsNotAlike),
                _ => None,
            };
            if let Some(error) = unit {
                variant.unit_variant()?;
                return Ok(error);
            }
            if name == "NotGbk" {
                return variant.newtype_variant().map(E::NotGbk);
            }
            if !VARIANTS.contains(&name.as_str()) {
                return Err(de::Error::unknown_variant(&name, VARIANTS));
            }
            let f = variant.struct_variant(FIELDS, FieldsVisitor)?;
            Ok(match name.as_str() {
                "TooLong" => E::TooLong { max: size(f.max, "max")? },
                "TooManyBytes" => E::TooManyBytes { max: size(f.max, "max")? },
                "TooShort" => E::TooShort { min: size(f.min, "min")? },
                "TooMany" => E::TooMany { max: size(f.max, "max")? },
                "PartCount" => E::PartCount { max: size(f.max, "max")? },
                "BadLine" => E::BadLine { line: size(f.line, "line")? },
                "FileTooLarge" => E::FileTooLarge { max_bytes: required(f.max_bytes, "max_bytes")? },
                "NotTheBillAmount" => E::NotTheBillAmount { bill: required(f.bill, "bill")? },
                "DateBeforePayment" => E::DateBeforePayment { paid: required(f.paid, "paid")? },
                "OverFapiaoLimit" => E::OverFapiaoLimit { limit: required(f.limit, "limit")? },
                "BillNotFree" => E::BillNotFree { order: required(f.order, "order")? },
                "PartsDoNotSum" => {
                    E::PartsDoNotSum { bill: required(f.bill, "bill")?, parts: required(f.parts, "parts")? }
                }
                _ => return Err(de::Error::unknown_variant(&name, VARIANTS)),
            })
        }
    }

    struct FieldsVisitor;

    impl<'de> Visitor<'de> for FieldsVisitor {
        type Value = Fields;

        fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
            formatter.write_str("the fields of a ValidationError")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
            let mut f = Fields::default();
            while let Some(key) = map.next_key::<String>()? {
                match key.as_str() {
                    "max" => f.max = Some(map.next_value()?),
                    "min" => f.min = Some(map.next_value()?),
                    "max_bytes" => f.max_bytes = Some(map.next_value()?),
                    "line" => f.line = Some(map.next_value()?),
                    "bill" => f.bill = Some(map.next_value()?),
                    "paid" => f.paid = Some(map.next_value()?),
                    "limit" => f.limit = Some(map.next_value()?),
                    "order" => f.order = Some(map.next_value()?),
                    "parts" => f.parts = Some(map.next_value()?),
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok(f)
        }
    }
}

/// How many variants the hand-written reader knows (for the test that every one reads back).
#[cfg(test)]
fn wire_variant_count() -> usize {
    wire::VARIANTS.len()
}

/// One of each variant, for the tests of everything every variant must have (its wire form
/// here, its text in both languages in `ui`). The match below has no wildcard: a new variant
/// does not compile until it is added here too.
#[cfg(test)]
pub(crate) fn every_variant() -> Vec<ValidationError> {
    use ValidationError as E;
    let all = vec![
        E::Required,
        E::TooLong { max: 100 },
        E::TooManyBytes { max: 80 },
        E::SpecialNotForIndividuals,
        E::NotTheBillAmount { bill: "¥1,000.00".into() },
        E::DateInFuture,
        E::DateBeforePayment { paid: "2026-11-01".into() },
        E::CourierDiffers,
        E::TooShort { min: 8 },
        E::DigitsOnly,
        E::TooMany { max: 3 },
        E::FileTooLarge { max_bytes: 10 * 1024 * 1024 },
        E::FileType,
        E::AlreadyUsed,
        E::NotOffered,
        E::BadFormat,
        E::BadCheckCharacter,
        E::NotGbk('𠀀'),
        E::CommonPassword,
        E::AmountOutOfRange,
        E::UnknownValue,
        E::PasswordsDiffer,
        E::OrderNotFound,
        E::WrongPassword,
        E::BadLine { line: 7 },
        E::NoBillsSelected,
        E::BillsNotAlike,
        E::OverFapiaoLimit { limit: "¥10,000,000.00".into() },
        E::BillNotFree { order: "MO-20261001-03".into() },
        E::PartCount { max: 20 },
        E::PartsDoNotSum { bill: "¥2.00".into(), parts: "¥1.00".into() },
    ];
    for error in &all {
        match error {
            E::Required
            | E::TooLong { .. }
            | E::TooManyBytes { .. }
            | E::SpecialNotForIndividuals
            | E::NotTheBillAmount { .. }
            | E::DateInFuture
            | E::DateBeforePayment { .. }
            | E::CourierDiffers
            | E::TooShort { .. }
            | E::DigitsOnly
            | E::TooMany { .. }
            | E::FileTooLarge { .. }
            | E::FileType
            | E::AlreadyUsed
            | E::NotOffered
            | E::BadFormat
            | E::BadCheckCharacter
            | E::NotGbk(_)
            | E::CommonPassword
            | E::AmountOutOfRange
            | E::UnknownValue
            | E::PasswordsDiffer
            | E::OrderNotFound
            | E::WrongPassword
            | E::BadLine { .. }
            | E::NoBillsSelected
            | E::BillsNotAlike
            | E::OverFapiaoLimit { .. }
            | E::BillNotFree { .. }
            | E::PartCount { .. }
            | E::PartsDoNotSum { .. } => {}
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::{ValidationError as E, every_variant};

    #[test]
    fn every_variant_reads_back_from_its_wire_form() {
        let all = every_variant();
        assert_eq!(all.len(), super::wire_variant_count());
        for error in all {
            let json = serde_json::to_string(&error).unwrap();
            assert_eq!(serde_json::from_str::<E>(&json).unwrap(), error, "{json}");
        }
    }

    #[test]
    fn the_wire_form_is_serdes_external_tagging() {
        let read = |json: &str| serde_json::from_str::<E>(json);
        assert_eq!(read(r#""Required""#).unwrap(), E::Required);
        assert_eq!(read(r#"{"TooLong":{"max":100}}"#).unwrap(), E::TooLong { max: 100 });
        assert_eq!(read(r#"{"NotGbk":"𠀀"}"#).unwrap(), E::NotGbk('𠀀'));
        // Fields in any order, unknown ones skipped, as a derived reader does.
        let parts = r#"{"PartsDoNotSum":{"parts":"¥1.00","extra":[1,{"a":2.5}],"bill":"¥2.00"}}"#;
        assert_eq!(read(parts).unwrap(), E::PartsDoNotSum { bill: "¥2.00".into(), parts: "¥1.00".into() });
    }

    #[test]
    fn a_malformed_refusal_is_an_error_not_a_panic() {
        let read = |json: &str| serde_json::from_str::<E>(json);
        for json in [
            r#""NoSuchReason""#,
            r#"{"NoSuchReason":{"max":1}}"#,
            r#"{"TooLong":{}}"#,
            r#"{"TooLong":{"max":-1}}"#,
            r#"{"TooLong":{"max":"100"}}"#,
            r#"{"Required":{"max":1}}"#,
            r#"{"NotGbk":"ab"}"#,
            r#""TooLong""#,
            "42",
        ] {
            assert!(read(json).is_err(), "{json}");
        }
    }
}
