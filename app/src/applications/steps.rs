//! The steps of the fapiao application form, in order, and the form fields each one owns.
//! This is the one place to read or change the shape of the flow: the page, the draft merge
//! and the validation all follow this list. Step titles and hints are in the i18n files under
//! `apply.steps`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    /// Buyer type; 增值税普通发票 / 专用发票; 数电票 or paper.
    Type,
    /// 抬头 and buyer details.
    Title,
    /// How the fapiao reaches the customer.
    Delivery,
    /// Everything once more, then confirm.
    Review,
}

impl Step {
    pub const ALL: [Step; 4] = [Step::Type, Step::Title, Step::Delivery, Step::Review];

    /// 1-based, as shown ("Step 2 of 4") and used in the URL (`/bills/{order}/apply/2`).
    pub fn number(self) -> u8 {
        Self::ALL.iter().position(|s| *s == self).map_or(1, |i| i as u8 + 1)
    }

    pub fn from_number(number: u8) -> Option<Step> {
        Self::ALL.get(usize::from(number).checked_sub(1)?).copied()
    }

    pub fn next(self) -> Option<Step> {
        Self::from_number(self.number() + 1)
    }

    pub fn previous(self) -> Option<Step> {
        Self::from_number(self.number().checked_sub(1)?)
    }

    /// The form fields typed on this step (names of `ApplicationForm`'s fields). Saving a
    /// step replaces exactly these in the draft, so an unticked checkbox is saved as unticked.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Step::Type => &["buyer_type", "fapiao_type", "medium"],
            Step::Title => &[
                "title",
                "taxpayer_id",
                "registered_address",
                "registered_phone",
                "bank_name",
                "bank_account",
                "save_title",
                "remark",
            ],
            Step::Delivery => &[
                "delivery_method",
                "recipient",
                "mobile",
                "province",
                "city",
                "district",
                "street",
                "postal_code",
                "save_address",
                "delivery_emails",
            ],
            Step::Review => &[],
        }
    }

    /// The step a field is typed on, to send the customer back to it.
    pub fn of_field(field: &str) -> Option<Step> {
        Self::ALL.into_iter().find(|step| step.fields().contains(&field))
    }

    pub fn path(self, order_number: &str) -> String {
        crate::urls::apply_step(order_number, self.number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_numbered_from_one_in_order() {
        assert_eq!(Step::ALL.map(Step::number), [1, 2, 3, 4]);
        assert_eq!(Step::from_number(0), None);
        assert_eq!(Step::from_number(5), None);
        assert_eq!(Step::Type.previous(), None);
        assert_eq!(Step::Delivery.next(), Some(Step::Review));
        assert_eq!(Step::Title.path("MO-1"), "/bills/MO-1/apply/2");
    }

    #[test]
    fn every_field_belongs_to_exactly_one_step() {
        let all: Vec<_> = Step::ALL.iter().flat_map(|s| s.fields()).collect();
        let mut unique = all.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(all.len(), unique.len());
        assert_eq!(Step::of_field("mobile"), Some(Step::Delivery));
    }
}
