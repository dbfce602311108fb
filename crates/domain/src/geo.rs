//! Countries by their names in each language and the IANA time zones (issue 18 item 8), for
//! the console's lists. The names come from the Unicode CLDR (`data/countries.tsv`), the
//! zones from the tz database (`data/time_zones.txt`, `Area/Location` names and `UTC`).

use crate::Language;

const COUNTRY_NAMES: &str = include_str!("../data/countries.tsv");
const ZONES: &str = include_str!("../data/time_zones.txt");

fn column(lang: Language) -> usize {
    match lang {
        Language::En => 1,
        Language::Fr => 2,
        Language::De => 3,
        Language::It => 4,
        Language::Es => 5,
    }
}

fn rows() -> impl Iterator<Item = Vec<&'static str>> {
    COUNTRY_NAMES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split('\t').collect())
}

/// The name of country `code` in `lang` (`CH` → `Schweiz`), or the code when unknown.
pub fn country_name(code: &str, lang: Language) -> String {
    rows()
        .find(|r| r[0] == code)
        .map_or_else(|| code.to_owned(), |r| r[column(lang)].to_owned())
}

/// A name folded for sorting: accents off, lower case (`Österreich` sorts with `O`).
fn sort_key(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'À'..='Å' | 'à'..='å' => 'a',
            'Ç' | 'ç' => 'c',
            'È'..='Ë' | 'è'..='ë' => 'e',
            'Ì'..='Ï' | 'ì'..='ï' => 'i',
            'Ñ' | 'ñ' => 'n',
            'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' => 'o',
            'Ù'..='Ü' | 'ù'..='ü' => 'u',
            'Ý' | 'ý' | 'ÿ' => 'y',
            other => other.to_ascii_lowercase(),
        })
        .collect()
}

/// Every country Kontor accepts as (code, name in `lang`), in the order of the names.
pub fn countries(lang: Language) -> Vec<(&'static str, &'static str)> {
    let col = column(lang);
    let mut all: Vec<(&str, &str)> = rows().map(|r| (r[0], r[col])).collect();
    all.sort_by_cached_key(|(_, name)| sort_key(name));
    all
}

/// The IANA time zones Kontor accepts, `UTC` first.
pub fn time_zones() -> impl Iterator<Item = &'static str> {
    ZONES.lines().filter(|l| !l.starts_with('#') && !l.is_empty())
}

/// Whether `zone` is one of them.
pub fn is_time_zone(zone: &str) -> bool {
    time_zones().any(|z| z == zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_18_countries_by_their_names_in_each_language() {
        assert_eq!(country_name("CH", Language::De), "Schweiz");
        assert_eq!(country_name("CH", Language::Fr), "Suisse");
        assert_eq!(country_name("DE", Language::It), "Germania");
        assert_eq!(country_name("GB", Language::Es), "Reino Unido");
        let de = countries(Language::De);
        assert_eq!(de.len(), 249, "every accepted code has its names");
        let at = de.iter().position(|c| c.0 == "AT").unwrap();
        let om = de.iter().position(|c| c.0 == "OM").unwrap();
        assert!(om < at, "Oman before Österreich: accents do not sort last");
        for (code, _) in &de {
            assert!(crate::Country::parse(code).is_some(), "{code}");
        }
    }

    #[test]
    fn issue_18_time_zones_from_the_tz_database() {
        assert!(is_time_zone("Europe/Zurich"));
        assert!(is_time_zone("UTC"));
        assert!(is_time_zone("America/Argentina/Buenos_Aires"));
        assert!(!is_time_zone("Europe/Nowhere"));
        assert!(!is_time_zone("../etc/passwd"));
        assert_eq!(time_zones().next(), Some("UTC"));
    }
}
