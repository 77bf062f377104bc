/// Turns full-width ASCII forms (what a Chinese input method types: `１２３`, `ＡＢＣ`, the
/// ideographic space) into their ASCII twins, and trims. Applied before every parse so a
/// customer is never refused for the width of a digit.
pub(crate) fn halfwidth_trimmed(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Removes the separators people type inside numbers: spaces and hyphens.
pub(crate) fn without_separators(input: &str) -> String {
    halfwidth_trimmed(input).chars().filter(|c| !c.is_whitespace() && *c != '-').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_and_letters_become_ascii() {
        assert_eq!(halfwidth_trimmed("　１２３ＡＢｃ "), "123ABc");
    }

    #[test]
    fn separators_are_dropped() {
        assert_eq!(without_separators(" 138-0013 8000 "), "13800138000");
    }
}
