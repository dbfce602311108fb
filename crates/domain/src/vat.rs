//! VAT numbers (ORG-9, issue 18 item 8): each EU country's format as the EU's VIES lists it,
//! and Switzerland's (and Liechtenstein's) UID with its VAT suffix. The number must carry the
//! prefix of the organization's own country (Greece writes `EL`); a number of another EU
//! country is refused as such. Countries outside the EU and Switzerland have formats of their
//! own: four to fourteen letters and digits are accepted there.

/// Why a VAT number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VatProblem {
    /// Not the country's format.
    Format,
    /// The prefix of another country than the organization's.
    OtherCountry,
}

/// The prefix and the formats after it: `#` a digit, `@` a letter, `?` either, any other
/// character itself.
const FORMATS: [(&str, &str, &[&str]); 28] = [
    ("AT", "AT", &["U########"]),
    ("BE", "BE", &["##########"]),
    ("BG", "BG", &["#########", "##########"]),
    ("CY", "CY", &["########@"]),
    ("CZ", "CZ", &["########", "#########", "##########"]),
    ("DE", "DE", &["#########"]),
    ("DK", "DK", &["########"]),
    ("EE", "EE", &["#########"]),
    ("GR", "EL", &["#########"]),
    ("ES", "ES", &["?#######?"]),
    ("FI", "FI", &["########"]),
    ("FR", "FR", &["??#########"]),
    ("HR", "HR", &["###########"]),
    ("HU", "HU", &["########"]),
    ("IE", "IE", &["#######@", "#######@@", "#?#####@"]),
    ("IT", "IT", &["###########"]),
    ("LT", "LT", &["#########", "############"]),
    ("LU", "LU", &["########"]),
    ("LV", "LV", &["###########"]),
    ("MT", "MT", &["########"]),
    ("NL", "NL", &["#########B##"]),
    ("PL", "PL", &["##########"]),
    ("PT", "PT", &["#########"]),
    (
        "RO",
        "RO",
        &[
            "##",
            "###",
            "####",
            "#####",
            "######",
            "#######",
            "########",
            "#########",
            "##########",
        ],
    ),
    ("SE", "SE", &["##########01"]),
    ("SI", "SI", &["########"]),
    ("SK", "SK", &["##########"]),
    (
        "CH",
        "CHE",
        &["#########", "#########MWST", "#########TVA", "#########IVA"],
    ),
];

fn matches(format: &str, text: &str) -> bool {
    format.len() == text.len()
        && format.bytes().zip(text.bytes()).all(|(f, c)| match f {
            b'#' => c.is_ascii_digit(),
            b'@' => c.is_ascii_uppercase(),
            b'?' => c.is_ascii_digit() || c.is_ascii_uppercase(),
            lit => lit == c,
        })
}

/// The number as written without spaces, dots and dashes, in capitals (`CHE-123.456.789 MWST`
/// → `CHE123456789MWST`).
pub fn compact(number: &str) -> String {
    number
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase()
}

/// Checks `number` against the format of `country` (ISO 3166 alpha-2; Liechtenstein uses
/// Switzerland's).
pub fn check(country: &str, number: &str) -> Result<(), VatProblem> {
    let c = compact(number);
    let country = if country == "LI" { "CH" } else { country };
    let Some((_, prefix, formats)) = FORMATS.iter().find(|(code, _, _)| *code == country) else {
        return if (4..=14).contains(&c.len()) {
            Ok(())
        } else {
            Err(VatProblem::Format)
        };
    };
    match c.strip_prefix(prefix) {
        Some(rest) if formats.iter().any(|f| matches(f, rest)) => Ok(()),
        None if FORMATS.iter().any(|(_, p, _)| c.starts_with(p)) => Err(VatProblem::OtherCountry),
        _ => Err(VatProblem::Format),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_18_vat_numbers_in_each_country_s_format_with_its_own_prefix() {
        for (country, number) in [
            ("CH", "CHE-123.456.789 MWST"),
            ("CH", "CHE123456789"),
            ("LI", "CHE-123.456.789 MWST"),
            ("DE", "DE 123 456 789"),
            ("AT", "ATU12345678"),
            ("FR", "FR 12 345678901"),
            ("FR", "FRXY345678901"),
            ("IT", "IT12345678901"),
            ("ES", "ESX1234567Z"),
            ("GR", "EL123456789"),
            ("NL", "NL123456789B01"),
            ("IE", "IE1234567WA"),
            ("SE", "SE123456789001"),
            ("NO", "NO123456789MVA"),
        ] {
            assert_eq!(check(country, number), Ok(()), "{country} {number}");
        }
        assert_eq!(check("CH", "CHE-123.456"), Err(VatProblem::Format));
        assert_eq!(check("DE", "123456789"), Err(VatProblem::Format), "no prefix");
        assert_eq!(check("DE", "DE12345678"), Err(VatProblem::Format), "eight digits");
        assert_eq!(check("DE", "FR12345678901"), Err(VatProblem::OtherCountry));
        assert_eq!(
            check("AT", "AT12345678"),
            Err(VatProblem::Format),
            "the U is part of it"
        );
        assert_eq!(
            check("GR", "GR123456789"),
            Err(VatProblem::Format),
            "Greece writes EL"
        );
        assert_eq!(check("CH", "DE123456789"), Err(VatProblem::OtherCountry));
        assert_eq!(check("NL", "NL123456789A01"), Err(VatProblem::Format));
    }
}
