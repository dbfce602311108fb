//! The Swiss QR-bill payment part's data (BIL-3): the text the QR code holds, per the Swiss
//! Implementation Guidelines (version 0200, structured addresses only since SPS 2025, extended
//! Latin character set). The layout on the page is the PDF renderer's business.

use crate::references::{is_valid_creditor_reference, is_valid_qr_reference};

/// A structured address (`S`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Address {
    pub name: String,
    pub street: String,
    pub building_number: String,
    pub postal_code: String,
    pub town: String,
    /// ISO 3166 alpha-2.
    pub country: String,
}

/// The lengths the standard allows a structured address's fields (name, street, building
/// number, postal code, town).
const ADDRESS_LIMITS: [usize; 5] = [70, 70, 16, 16, 35];

impl Address {
    /// The address shortened to the lengths the standard allows, as the style guide asks: a
    /// 71-character company name is cut at 70, not dropped (a debtor that does not fit would
    /// otherwise leave "Payable by" blank).
    pub fn fitted(&self) -> Address {
        let cut = |v: &str, max: usize| {
            v.trim()
                .chars()
                .take(max)
                .collect::<String>()
                .trim_end()
                .to_owned()
        };
        Address {
            name: cut(&self.name, ADDRESS_LIMITS[0]),
            street: cut(&self.street, ADDRESS_LIMITS[1]),
            building_number: cut(&self.building_number, ADDRESS_LIMITS[2]),
            postal_code: cut(&self.postal_code, ADDRESS_LIMITS[3]),
            town: cut(&self.town, ADDRESS_LIMITS[4]),
            country: self.country.trim().to_owned(),
        }
    }
}

/// The payment reference and its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// 27-digit QR reference; needs a QR-IBAN.
    Qrr(String),
    /// ISO 11649 creditor reference; needs an ordinary IBAN.
    Scor(String),
    None,
}

impl Reference {
    fn kind(&self) -> &'static str {
        match self {
            Reference::Qrr(_) => "QRR",
            Reference::Scor(_) => "SCOR",
            Reference::None => "NON",
        }
    }

    fn text(&self) -> &str {
        match self {
            Reference::Qrr(r) | Reference::Scor(r) => r,
            Reference::None => "",
        }
    }
}

/// The data of one payment part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrBill {
    /// IBAN or QR-IBAN (spaces allowed, removed in the payload).
    pub account: String,
    pub creditor: Address,
    /// Minor units; `None` leaves the amount open.
    pub amount_minor: Option<i64>,
    /// `CHF` or `EUR`.
    pub currency: String,
    pub debtor: Option<Address>,
    pub reference: Reference,
    /// Unstructured message (at most 140 characters).
    pub message: String,
}

/// Why a payment part cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrBillError {
    #[error("the account is not a Swiss or Liechtenstein IBAN")]
    BadAccount,
    #[error("a QR reference needs a QR-IBAN and a QR-IBAN needs a QR reference")]
    ReferenceAccountMismatch,
    #[error("the reference is not valid")]
    BadReference,
    #[error("the currency must be CHF or EUR")]
    BadCurrency,
    #[error("the amount must lie between 0.01 and 999,999,999.99")]
    BadAmount,
    #[error("{0} is missing or too long")]
    BadField(&'static str),
    #[error("{0} holds a character outside the Swiss Payment Standards character set")]
    BadCharacter(&'static str),
}

/// SPS 2025 extended Latin: Basic Latin, Latin-1 Supplement, Latin Extended-A, plus Ș ș Ț ț
/// and €.
pub fn allowed_char(c: char) -> bool {
    matches!(c as u32, 0x20..=0x7E | 0xA0..=0x17F | 0x218..=0x21B | 0x20AC)
}

/// Whether `iban` (spaces allowed) is a QR-IBAN: a CH/LI IBAN whose institution id
/// (positions 5–9) lies in 30000–31999.
pub fn is_qr_iban(iban: &str) -> bool {
    let s: String = iban.chars().filter(|c| !c.is_whitespace()).collect();
    is_swiss_iban(&s)
        && s[4..9]
            .parse::<u32>()
            .is_ok_and(|iid| (30000..=31999).contains(&iid))
}

/// A 21-character CH or LI IBAN with a right check (ISO 13616, mod 97).
pub fn is_swiss_iban(iban: &str) -> bool {
    let s: String = iban.chars().filter(|c| !c.is_whitespace()).collect();
    s.len() == 21 && (s.starts_with("CH") || s.starts_with("LI")) && is_valid_iban(&s)
}

/// Any country's IBAN (spaces allowed): two letters, two check digits, up to 30 letters or
/// digits, and a right check (ISO 13616, mod 97).
pub fn is_valid_iban(iban: &str) -> bool {
    let s: String = iban.chars().filter(|c| !c.is_whitespace()).collect();
    if !(15..=34).contains(&s.len())
        || !s.is_ascii()
        || !s[..2].bytes().all(|b| b.is_ascii_uppercase())
        || !s[2..4].bytes().all(|b| b.is_ascii_digit())
    {
        return false;
    }
    let moved = format!("{}{}", &s[4..], &s[..4]);
    let mut rem = 0u32;
    for c in moved.chars() {
        let v = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => c as u32 - 'A' as u32 + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

fn check(field: &'static str, value: &str, max: usize, required: bool) -> Result<(), QrBillError> {
    if (required && value.trim().is_empty()) || value.chars().count() > max {
        return Err(QrBillError::BadField(field));
    }
    if !value.chars().all(allowed_char) {
        return Err(QrBillError::BadCharacter(field));
    }
    Ok(())
}

fn check_address(who: &'static str, a: &Address) -> Result<(), QrBillError> {
    let [name, street, building, postal, town] = ADDRESS_LIMITS;
    check(who, &a.name, name, true)?;
    check(who, &a.street, street, false)?;
    check(who, &a.building_number, building, false)?;
    check(who, &a.postal_code, postal, true)?;
    check(who, &a.town, town, true)?;
    if a.country.len() != 2 || !a.country.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(QrBillError::BadField(who));
    }
    Ok(())
}

fn push_address(lines: &mut Vec<String>, a: Option<&Address>) {
    match a {
        Some(a) => {
            lines.push("S".to_owned());
            for v in [
                &a.name,
                &a.street,
                &a.building_number,
                &a.postal_code,
                &a.town,
                &a.country,
            ] {
                lines.push(v.trim().to_owned());
            }
        }
        None => lines.extend(std::iter::repeat_n(String::new(), 7)),
    }
}

impl QrBill {
    /// The QR code's text: 31 lines separated by CR LF, ending with `EPD`.
    pub fn payload(&self) -> Result<String, QrBillError> {
        let account: String = self.account.chars().filter(|c| !c.is_whitespace()).collect();
        if !is_swiss_iban(&account) {
            return Err(QrBillError::BadAccount);
        }
        let qr_iban = is_qr_iban(&account);
        match &self.reference {
            Reference::Qrr(r) if !is_valid_qr_reference(r) => return Err(QrBillError::BadReference),
            Reference::Scor(r) if !is_valid_creditor_reference(r) => {
                return Err(QrBillError::BadReference);
            }
            _ => {}
        }
        if qr_iban != matches!(self.reference, Reference::Qrr(_)) {
            return Err(QrBillError::ReferenceAccountMismatch);
        }
        if !matches!(self.currency.as_str(), "CHF" | "EUR") {
            return Err(QrBillError::BadCurrency);
        }
        if let Some(a) = self.amount_minor
            && !(1..=99_999_999_999).contains(&a)
        {
            return Err(QrBillError::BadAmount);
        }
        check_address("creditor", &self.creditor)?;
        if let Some(d) = &self.debtor {
            check_address("debtor", d)?;
        }
        check("message", &self.message, 140, false)?;
        let mut lines: Vec<String> = vec!["SPC".into(), "0200".into(), "1".into(), account];
        push_address(&mut lines, Some(&self.creditor));
        push_address(&mut lines, None);
        lines.push(
            self.amount_minor
                .map(|a| format!("{}.{:02}", a / 100, a % 100))
                .unwrap_or_default(),
        );
        lines.push(self.currency.clone());
        push_address(&mut lines, self.debtor.as_ref());
        lines.push(self.reference.kind().to_owned());
        lines.push(self.reference.text().replace(' ', ""));
        lines.push(self.message.trim().to_owned());
        lines.push("EPD".to_owned());
        Ok(lines.join("\r\n"))
    }
}

/// The account printed in blocks of four (`CH44 3199 9123 0008 8901 2`).
pub fn grouped_iban(iban: &str) -> String {
    let s: String = iban.chars().filter(|c| !c.is_whitespace()).collect();
    s.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::references::{creditor_reference, qr_reference};

    fn creditor() -> Address {
        Address {
            name: "Kontor Hosting AG".into(),
            street: "Bahnhofstrasse".into(),
            building_number: "1".into(),
            postal_code: "8001".into(),
            town: "Zürich".into(),
            country: "CH".into(),
        }
    }

    fn bill() -> QrBill {
        QrBill {
            account: "CH44 3199 9123 0008 8901 2".into(),
            creditor: creditor(),
            amount_minor: Some(123_450),
            currency: "CHF".into(),
            debtor: Some(Address {
                name: "Łukasz Dvořák".into(),
                street: "Rue du Marché".into(),
                building_number: "12a".into(),
                postal_code: "1204".into(),
                town: "Genève".into(),
                country: "CH".into(),
            }),
            reference: Reference::Qrr(qr_reference(42)),
            message: "Invoice 2027-000001".into(),
        }
    }

    #[test]
    fn bil_3_addresses_are_cut_to_the_standards_lengths_not_dropped() {
        let long = Address {
            name: "N".repeat(71),
            street: format!("{} ", "S".repeat(75)),
            building_number: "1".repeat(20),
            postal_code: "8001".into(),
            town: "T".repeat(40),
            country: "CH".into(),
        };
        let f = long.fitted();
        assert_eq!(f.name.chars().count(), 70);
        assert_eq!(f.street.chars().count(), 70);
        assert_eq!(f.building_number.chars().count(), 16);
        assert_eq!(f.town.chars().count(), 35);
        assert!(check_address("debtor", &f).is_ok());
        assert!(check_address("debtor", &long).is_err());
        assert_eq!(
            Address {
                name: "Gebrüder Ä".into(),
                ..long.clone()
            }
            .fitted()
            .name,
            "Gebrüder Ä"
        );
    }

    #[test]
    fn bil_3_payload_has_the_31_lines_in_order() {
        let p = bill().payload().unwrap();
        let lines: Vec<&str> = p.split("\r\n").collect();
        assert_eq!(lines.len(), 31);
        assert_eq!(&lines[..4], &["SPC", "0200", "1", "CH4431999123000889012"]);
        assert_eq!(
            &lines[4..11],
            &[
                "S",
                "Kontor Hosting AG",
                "Bahnhofstrasse",
                "1",
                "8001",
                "Zürich",
                "CH"
            ]
        );
        assert!(lines[11..18].iter().all(|l| l.is_empty()));
        assert_eq!(lines[18], "1234.50");
        assert_eq!(lines[19], "CHF");
        assert_eq!(lines[20], "S");
        assert_eq!(lines[21], "Łukasz Dvořák");
        assert_eq!(lines[27], "QRR");
        assert_eq!(lines[28], qr_reference(42));
        assert_eq!(lines[30], "EPD");
    }

    #[test]
    fn bil_3_qr_reference_needs_a_qr_iban_and_back() {
        let mut b = bill();
        b.account = "CH9300762011623852957".into();
        assert_eq!(b.payload(), Err(QrBillError::ReferenceAccountMismatch));
        b.reference = Reference::Scor(creditor_reference("42").unwrap());
        assert!(b.payload().is_ok());
        b.account = "CH4431999123000889012".into();
        assert_eq!(b.payload(), Err(QrBillError::ReferenceAccountMismatch));
    }

    #[test]
    fn bil_3_refuses_bad_input() {
        let mut b = bill();
        b.reference = Reference::Qrr("210000000003139471430009018".into());
        assert_eq!(b.payload(), Err(QrBillError::BadReference));
        let mut b = bill();
        b.debtor.as_mut().unwrap().name = "名前".into();
        assert_eq!(b.payload(), Err(QrBillError::BadCharacter("debtor")));
        let mut b = bill();
        b.amount_minor = Some(0);
        assert_eq!(b.payload(), Err(QrBillError::BadAmount));
        let mut b = bill();
        b.currency = "USD".into();
        assert_eq!(b.payload(), Err(QrBillError::BadCurrency));
        let mut b = bill();
        b.account = "CH4431999123000889013".into();
        assert_eq!(b.payload(), Err(QrBillError::BadAccount));
    }

    #[test]
    fn bil_3_qr_iban_is_recognised_by_institution_id() {
        assert!(is_qr_iban("CH44 3199 9123 0008 8901 2"));
        assert!(!is_qr_iban("CH9300762011623852957"));
        assert!(is_swiss_iban("CH9300762011623852957"));
        assert_eq!(
            grouped_iban("CH4431999123000889012"),
            "CH44 3199 9123 0008 8901 2"
        );
    }
}
