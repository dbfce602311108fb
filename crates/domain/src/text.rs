//! Text a person types into a one-line field (names, addresses, token names): characters that
//! change how text shows or where it breaks without being seen are refused — control
//! characters, bidirectional embeddings, overrides and isolates (which can make
//! `gpj.exe` show as `exe.jpg`), and line and paragraph separators.

/// Whether `c` is invisible formatting that has no place in a one-line field.
pub fn is_hidden_format(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}'
        )
}

/// A one-line field's text: no control, direction or line-break character.
pub fn is_plain_line(s: &str) -> bool {
    !s.chars().any(is_hidden_format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sec_input_hidden_format_characters_are_refused_in_one_line_fields() {
        assert!(is_plain_line("Zürich Bahnhofstrasse 1 – Müller & Søn"));
        assert!(is_plain_line("محمد"), "right-to-left letters themselves are fine");
        for bad in [
            "a\rb",
            "a\nb",
            "a\tb",
            "a\u{7f}b",
            "a\u{85}b",
            "gpj\u{202E}exe",
            "a\u{2066}b",
            "a\u{2028}b",
            "a\u{2029}b",
            "a\u{200F}b",
        ] {
            assert!(!is_plain_line(bad), "{bad:?}");
        }
    }
}
