//! Amounts and days as each language writes them (MSG-2, issue 18 item 7), and amounts typed
//! the way the language writes them.
//!
//! The country of an amount is its currency's: a Swiss franc amount is written the Swiss way
//! in every language (`CHF 2’139.34`: the code first, an apostrophe between thousands, a
//! point before the cents), a euro amount the way the language's euro countries write it
//! (`2.139,34 €` in German, Italian and Spanish, `2 139,34 €` in French, `€2,139.34` in
//! English). Days are written out with the month's name (`1 décembre 2026`).

use time::{Date, Month};

use crate::Language;
use crate::money::{AmountError, parse_minor};

const NBSP: char = '\u{a0}';
const NARROW_NBSP: char = '\u{202f}';

/// The whole part with `sep` between groups of three digits (`2139` → `2’139`); Spanish
/// leaves a four-digit number whole (`1234`, but `12.345`).
fn grouped(whole: u64, sep: char, min_grouping: u64) -> String {
    let digits = whole.to_string();
    if whole < min_grouping {
        return digits;
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// The number of an amount without its currency, as `format_money` writes it (`2’139.34`
/// for francs, `2.139,34` for euros in German): for the columns of a document whose
/// currency is said once.
pub fn format_amount(minor: i64, currency: &str, lang: Language) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    let (whole, cents) = (abs / 100, abs % 100);
    if currency == "CHF" {
        return format!("{sign}{}.{cents:02}", grouped(whole, '’', 1000));
    }
    match lang {
        Language::En => format!("{sign}{}.{cents:02}", grouped(whole, ',', 1000)),
        Language::Fr => format!("{sign}{},{cents:02}", grouped(whole, NARROW_NBSP, 1000)),
        Language::Es => format!("{sign}{},{cents:02}", grouped(whole, '.', 10_000)),
        Language::De | Language::It => format!("{sign}{},{cents:02}", grouped(whole, '.', 1000)),
    }
}

/// An amount in minor units for people reading `lang`: `CHF 2’139.34`, `2.139,34 €`.
pub fn format_money(minor: i64, currency: &str, lang: Language) -> String {
    let number = format_amount(minor, currency, lang);
    match (currency, lang) {
        ("CHF", _) => format!("CHF {number}"),
        ("EUR", Language::En) => match number.strip_prefix('-') {
            Some(n) => format!("-€{n}"),
            None => format!("€{number}"),
        },
        (_, Language::En) => format!("{currency} {number}"),
        ("EUR", _) => format!("{number}{NBSP}€"),
        _ => format!("{number}{NBSP}{currency}"),
    }
}

const MONTHS: [[&str; 12]; 5] = [
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
];

fn month_name(month: Month, lang: Language) -> &'static str {
    let row = match lang {
        Language::Fr => 0,
        Language::De => 1,
        Language::En => 2,
        Language::It => 3,
        Language::Es => 4,
    };
    MONTHS[row][usize::from(u8::from(month)) - 1]
}

/// A day written out: `1 December 2026`, `1. Dezember 2026`, `1 décembre 2026`,
/// `1 dicembre 2026`, `1 de diciembre de 2026`.
pub fn format_day(date: Date, lang: Language) -> String {
    let (d, m, y) = (date.day(), month_name(date.month(), lang), date.year());
    match lang {
        Language::De => format!("{d}. {m} {y}"),
        Language::Es => format!("{d} de {m} de {y}"),
        Language::En | Language::Fr | Language::It => format!("{d} {m} {y}"),
    }
}

/// A moment to the minute in UTC: `1 December 2026, 14:05 UTC` (`… à 14:05 UTC` in French).
pub fn format_moment(at: time::OffsetDateTime, lang: Language) -> String {
    let day = format_day(at.date(), lang);
    let joint = if lang == Language::Fr { " à" } else { "," };
    format!("{day}{joint} {:02}:{:02} UTC", at.hour(), at.minute())
}

/// Whether `lang` writes a decimal comma (`12,50`).
pub fn writes_decimal_comma(lang: Language) -> bool {
    lang != Language::En
}

/// Checks that the separators of a whole part group thousands (`2.139`, `12’345`) and answers
/// the digits alone.
fn ungroup(whole: &str, sep: char) -> Result<String, AmountError> {
    let mut groups = whole.split(sep);
    let first = groups.next().unwrap_or_default();
    if first.is_empty() || first.len() > 3 && whole.contains(sep) {
        return Err(AmountError::Malformed);
    }
    let mut digits = first.to_owned();
    for g in groups {
        if g.len() != 3 {
            return Err(AmountError::Malformed);
        }
        digits.push_str(g);
    }
    Ok(digits)
}

/// An amount typed by a person reading `lang` into minor units: `50`, `50.5`, `1’234.50`,
/// `1 234,50` — a decimal comma where the language writes one (`12,50` in German, refused in
/// English, where the comma only groups thousands: `1,234.50`). Spaces and apostrophes
/// between thousands are dropped; anything else ambiguous is refused rather than guessed.
pub fn parse_typed_amount(typed: &str, lang: Language) -> Result<i64, AmountError> {
    let t: String = typed
        .trim()
        .chars()
        .filter(|c| !matches!(*c, ' ' | NBSP | NARROW_NBSP | '’' | '\''))
        .collect();
    if writes_decimal_comma(lang) && t.contains(',') {
        let (whole, cents) = t.split_once(',').unwrap_or((&t, ""));
        if cents.contains([',', '.']) {
            return Err(AmountError::Malformed);
        }
        let whole = ungroup(whole, '.')?;
        return parse_minor(&format!("{whole}.{cents}"));
    }
    if t.contains(',') {
        let (whole, cents) = t
            .split_once('.')
            .map_or((t.as_str(), None), |(w, c)| (w, Some(c)));
        let whole = ungroup(whole, ',')?;
        return parse_minor(&match cents {
            Some(c) => format!("{whole}.{c}"),
            None => whole,
        });
    }
    parse_minor(&t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn issue_18_amounts_as_each_language_writes_them() {
        assert_eq!(format_money(213_934, "CHF", Language::De), "CHF 2’139.34");
        assert_eq!(format_money(213_934, "CHF", Language::Fr), "CHF 2’139.34");
        assert_eq!(format_money(34_720, "CHF", Language::En), "CHF 347.20");
        assert_eq!(format_money(-500, "CHF", Language::It), "CHF -5.00");
        assert_eq!(format_money(123_456_789, "CHF", Language::En), "CHF 1’234’567.89");
        assert_eq!(format_money(213_934, "EUR", Language::De), "2.139,34\u{a0}€");
        assert_eq!(
            format_money(213_934, "EUR", Language::Fr),
            "2\u{202f}139,34\u{a0}€"
        );
        assert_eq!(format_money(213_934, "EUR", Language::Es), "2139,34\u{a0}€");
        assert_eq!(format_money(1_213_934, "EUR", Language::Es), "12.139,34\u{a0}€");
        assert_eq!(format_money(213_934, "EUR", Language::It), "2.139,34\u{a0}€");
        assert_eq!(format_money(213_934, "EUR", Language::En), "€2,139.34");
        assert_eq!(format_amount(213_934, "EUR", Language::De), "2.139,34");
        assert_eq!(format_amount(213_934, "CHF", Language::Fr), "2’139.34");
    }

    #[test]
    fn issue_18_days_written_out() {
        let d = date!(2026 - 12 - 01);
        assert_eq!(format_day(d, Language::Fr), "1 décembre 2026");
        assert_eq!(format_day(d, Language::De), "1. Dezember 2026");
        assert_eq!(format_day(d, Language::En), "1 December 2026");
        assert_eq!(format_day(d, Language::It), "1 dicembre 2026");
        assert_eq!(format_day(d, Language::Es), "1 de diciembre de 2026");
        let at = datetime!(2026-03-09 14:05 UTC);
        assert_eq!(format_moment(at, Language::Fr), "9 mars 2026 à 14:05 UTC");
        assert_eq!(format_moment(at, Language::De), "9. März 2026, 14:05 UTC");
    }

    #[test]
    fn issue_18_a_decimal_comma_where_the_language_writes_one() {
        assert_eq!(parse_typed_amount("12,50", Language::De), Ok(1250));
        assert_eq!(parse_typed_amount("1.234,5", Language::Es), Ok(123_450));
        assert_eq!(parse_typed_amount("1 234,50", Language::Fr), Ok(123_450));
        assert_eq!(parse_typed_amount("1’234.50", Language::De), Ok(123_450));
        assert_eq!(parse_typed_amount(" 50 ", Language::It), Ok(5000));
        assert_eq!(parse_typed_amount("12.50", Language::Fr), Ok(1250));
        assert_eq!(parse_typed_amount("1,234.50", Language::En), Ok(123_450));
        assert_eq!(parse_typed_amount("1,234", Language::En), Ok(123_400));
        assert!(
            parse_typed_amount("12,50", Language::En).is_err(),
            "English groups with commas"
        );
        assert!(parse_typed_amount("1.2.3", Language::De).is_err());
        assert!(parse_typed_amount("12,5,0", Language::De).is_err());
        assert!(
            parse_typed_amount("12.34,5", Language::De).is_err(),
            "a group of two"
        );
        assert!(
            parse_typed_amount("1234.567", Language::De).is_err(),
            "three decimals"
        );
        assert!(parse_typed_amount("-5", Language::De).is_err());
        assert!(parse_typed_amount("", Language::De).is_err());
    }
}
