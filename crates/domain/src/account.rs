//! Account values: e-mail addresses, languages, countries and currencies (ACC-1, ACC-10) and
//! the password policy (ACC-3).

use serde::{Deserialize, Serialize};

/// A syntactically valid e-mail address, lower-cased so that one address is one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Accepts `local@domain.tld` with no spaces, at most 254 characters.
    pub fn parse(raw: &str) -> Option<Email> {
        let s = raw.trim().to_lowercase();
        if s.len() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return None;
        }
        let (local, domain) = s.split_once('@')?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.contains('@')
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        let local_ok = !local.is_empty() && local.len() <= 64 && !local.contains(['<', '>', '"']);
        (domain_ok && local_ok).then_some(Email(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The five languages Kontor speaks (MSG-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Fr,
    De,
    #[default]
    En,
    It,
    Es,
}

impl Language {
    pub const ALL: [Language; 5] = [
        Language::Fr,
        Language::De,
        Language::En,
        Language::It,
        Language::Es,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Language::Fr => "fr",
            Language::De => "de",
            Language::En => "en",
            Language::It => "it",
            Language::Es => "es",
        }
    }

    pub fn parse(s: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// The language's own name, for language pickers.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::Fr => "Français",
            Language::De => "Deutsch",
            Language::En => "English",
            Language::It => "Italiano",
            Language::Es => "Español",
        }
    }

    /// Picks the first supported language of an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Language> {
        let mut candidates: Vec<(f32, Language)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                let primary = tag.split('-').next()?.to_ascii_lowercase();
                Some((q, Language::parse(&primary)?))
            })
            .collect();
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
        candidates.first().map(|c| c.1)
    }
}

/// Billing currencies (ACC-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    #[serde(rename = "CHF")]
    Chf,
    #[serde(rename = "EUR")]
    Eur,
}

impl Currency {
    pub fn as_str(self) -> &'static str {
        match self {
            Currency::Chf => "CHF",
            Currency::Eur => "EUR",
        }
    }

    pub fn parse(s: &str) -> Option<Currency> {
        match s {
            "CHF" => Some(Currency::Chf),
            "EUR" => Some(Currency::Eur),
            _ => None,
        }
    }

    /// ACC-1: CH and LI bill in CHF, every other country in EUR.
    pub fn default_for(country: &Country) -> Currency {
        match country.as_str() {
            "CH" | "LI" => Currency::Chf,
            _ => Currency::Eur,
        }
    }
}

/// An ISO 3166-1 alpha-2 country code, upper case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Country(String);

/// The ISO 3166-1 alpha-2 codes Kontor accepts.
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI \
BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ \
DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ \
GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN \
KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS \
MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT \
PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF \
TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

impl Country {
    pub fn parse(raw: &str) -> Option<Country> {
        let s = raw.trim().to_ascii_uppercase();
        (s.len() == 2 && COUNTRIES.split(' ').any(|c| c == s)).then_some(Country(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether an organization is a person or a company (ORG-9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OrgKind {
    Person,
    Company,
}

impl OrgKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Person => "person",
            OrgKind::Company => "company",
        }
    }

    pub fn parse(s: &str) -> Option<OrgKind> {
        match s {
            "person" => Some(OrgKind::Person),
            "company" => Some(OrgKind::Company),
            _ => None,
        }
    }
}

/// Why a password was refused (ACC-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort {
        min: usize,
    },
    TooLong {
        max: usize,
    },
    EqualsEmail,
    TooCommon,
    /// Only white space.
    Blank,
}

impl PasswordProblem {
    /// The stable field error code.
    pub fn code(self) -> &'static str {
        match self {
            PasswordProblem::TooShort { .. } => "password_too_short",
            PasswordProblem::TooLong { .. } => "password_too_long",
            PasswordProblem::EqualsEmail => "password_equals_email",
            PasswordProblem::TooCommon => "password_too_common",
            PasswordProblem::Blank => "password_blank",
        }
    }
}

/// The password rules of ACC-3; the minimum length is an operator default.
#[derive(Debug, Clone, Copy)]
pub struct PasswordPolicy {
    pub min_length: usize,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy { min_length: 10 }
    }
}

/// A small built-in list of the most common passwords (ACC-3), lower case.
const COMMON_PASSWORDS: &[&str] = &[
    "1234567890",
    "12345678910",
    "123456789a",
    "1q2w3e4r5t",
    "1qaz2wsx3edc",
    "0123456789",
    "0987654321",
    "1111111111",
    "qwertyuiop",
    "qwertzuiop",
    "azertyuiop",
    "password12",
    "password123",
    "password1234",
    "passwort123",
    "motdepasse",
    "motdepasse123",
    "contraseña",
    "contrasena123",
    "iloveyou12",
    "sunshine12",
    "princess12",
    "football12",
    "baseball12",
    "welcome123",
    "welcome1234",
    "letmein123",
    "admin12345",
    "administrator",
    "changeme123",
    "qwerty1234",
    "qwerty12345",
    "qwerty123456",
    "abc1234567",
    "abcdefghij",
    "aaaaaaaaaa",
    "trustno1234",
    "dragon1234",
    "monkey1234",
    "superman12",
    "starwars12",
    "whatever12",
    "michael123",
    "jennifer12",
    "hallo12345",
    "passw0rd123",
    "p@ssw0rd123",
    "p@ssword123",
    "zaq12wsxcde",
    "asdfghjkl1",
    "asdfghjkl;",
    "zxcvbnm123",
    "1234qwerasdf",
    "q1w2e3r4t5",
    "kontor12345",
    "password!1",
    "password01",
    "summer2026",
    "winter2026",
    "spring2026",
    "autumn2026",
    "12341234123",
    "1234512345",
    "7777777777",
    "9999999999",
    "0000000000",
];

impl PasswordPolicy {
    /// Checks a candidate password for an account with login `email`.
    pub fn check(&self, password: &str, email: &str) -> Result<(), PasswordProblem> {
        let chars = password.chars().count();
        if password.trim().is_empty() && chars > 0 {
            return Err(PasswordProblem::Blank);
        }
        if chars < self.min_length {
            return Err(PasswordProblem::TooShort { min: self.min_length });
        }
        // Argon2 accepts long input, but a bound stops hashing megabytes on request.
        if password.len() > 1024 {
            return Err(PasswordProblem::TooLong { max: 1024 });
        }
        let lower = password.to_lowercase();
        if lower == email.trim().to_lowercase() {
            return Err(PasswordProblem::EqualsEmail);
        }
        if COMMON_PASSWORDS.contains(&lower.as_str()) {
            return Err(PasswordProblem::TooCommon);
        }
        Ok(())
    }
}

/// ACC-6: a support code is an 8-digit number without a leading zero, from a random `u32`.
pub fn support_code_from(random: u32) -> String {
    (10_000_000 + random % 90_000_000).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn acc_1_currency_follows_country() {
        assert_eq!(
            Currency::default_for(&Country::parse("ch").unwrap()),
            Currency::Chf
        );
        assert_eq!(
            Currency::default_for(&Country::parse("LI").unwrap()),
            Currency::Chf
        );
        assert_eq!(
            Currency::default_for(&Country::parse("FR").unwrap()),
            Currency::Eur
        );
        assert_eq!(
            Currency::default_for(&Country::parse("DE").unwrap()),
            Currency::Eur
        );
        assert!(Country::parse("XX").is_none());
    }

    #[test]
    fn acc_3_password_rules() {
        let p = PasswordPolicy::default();
        assert_eq!(
            p.check("short", "a@b.ch"),
            Err(PasswordProblem::TooShort { min: 10 })
        );
        assert_eq!(
            p.check("Anna@Example.ch", "anna@example.ch"),
            Err(PasswordProblem::EqualsEmail)
        );
        assert_eq!(p.check("Password123", "a@b.ch"), Err(PasswordProblem::TooCommon));
        assert_eq!(p.check("correct horse battery", "a@b.ch"), Ok(()));
    }

    #[test]
    fn acc_10_languages_parse_and_negotiate() {
        for l in Language::ALL {
            assert_eq!(Language::parse(l.as_str()), Some(l));
        }
        assert_eq!(
            Language::from_accept_language("ja, de-CH;q=0.8, fr;q=0.9"),
            Some(Language::Fr)
        );
        assert_eq!(Language::from_accept_language("ja"), None);
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse(" Anna@Example.CH ").unwrap().as_str(),
            "anna@example.ch"
        );
        for bad in [
            "", "anna", "anna@", "@x.ch", "a b@x.ch", "a@x", "a@.ch", "a@x..ch",
        ] {
            assert!(Email::parse(bad).is_none(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn acc_6_support_code_is_always_eight_digits(r in any::<u32>()) {
            let code = support_code_from(r);
            prop_assert_eq!(code.len(), 8);
            prop_assert!(code.chars().all(|c| c.is_ascii_digit()));
            prop_assert!(!code.starts_with('0'));
        }
    }
}
