//! The province/city/district chain of an address: the options of the cascading selects, and
//! whether the chosen codes form a real chain. Shared by the application form and the address
//! book.

use crate::applications::DivisionOptions;
use crate::applications::form::ApplicationForm;
use crate::backend::divisions;
use crate::domain::ValidationError;
use crate::error::FieldErrors;

/// The problems only the server can see: whether the division codes form a real chain.
pub fn check_divisions(form: &ApplicationForm, errors: &mut FieldErrors) {
    if !form.needs_address() || ["province", "city", "district"].iter().any(|f| errors.contains_key(*f)) {
        return;
    }
    let (p, c, d) = (form.province.trim(), form.city.trim(), form.district.trim());
    if divisions::cities(p).is_empty() {
        errors.insert("province".into(), ValidationError::NotOffered);
    } else if divisions::districts(p, c).is_empty() {
        errors.insert("city".into(), ValidationError::NotOffered);
    } else if divisions::full_name(p, c, d).is_none() {
        errors.insert("district".into(), ValidationError::NotOffered);
    }
}

/// The options of the three selects for the chosen province and city.
pub fn division_options(province: &str, city: &str) -> DivisionOptions {
    let pairs = |list: &[divisions::Division]| list.iter().map(|d| (d.code.clone(), d.name.clone())).collect();
    DivisionOptions {
        provinces: pairs(divisions::provinces()),
        cities: pairs(divisions::cities(province.trim())),
        districts: pairs(divisions::districts(province.trim(), city.trim())),
    }
}
