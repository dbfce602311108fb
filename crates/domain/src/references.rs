//! Payment references (BIL-9): the Swiss QR reference (27 digits, recursive modulo 10) for CHF
//! and the ISO 11649 creditor reference (`RF` + 2 check digits, modulo 97) for EUR.

const MOD10_TABLE: [u32; 10] = [0, 9, 4, 6, 8, 2, 7, 1, 3, 5];

/// The recursive modulo-10 check digit of a string of digits (`None` when not all digits).
pub fn mod10_recursive(digits: &str) -> Option<u32> {
    let mut carry = 0u32;
    for c in digits.chars() {
        let d = c.to_digit(10)?;
        carry = MOD10_TABLE[((carry + d) % 10) as usize];
    }
    Some((10 - carry) % 10)
}

/// The QR reference for a key: 26 digits (zero-padded key) and the check digit.
pub fn qr_reference(key: u64) -> String {
    let body = format!("{key:026}");
    let check = mod10_recursive(&body).unwrap_or(0);
    format!("{body}{check}")
}

/// Whether `r` (spaces allowed) is a valid 27-digit QR reference.
pub fn is_valid_qr_reference(r: &str) -> bool {
    let r: String = r.chars().filter(|c| *c != ' ').collect();
    r.len() == 27
        && r.chars().all(|c| c.is_ascii_digit())
        && mod10_recursive(&r[..26]) == r[26..].chars().next().and_then(|c| c.to_digit(10))
}

/// `a`..`z`/`A`..`Z` → 10..35, digits as they are; the rest is refused.
fn numeric(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.chars() {
        match c {
            '0'..='9' => out.push(c),
            'A'..='Z' | 'a'..='z' => {
                out.push_str(&(c.to_ascii_uppercase() as u32 - 'A' as u32 + 10).to_string());
            }
            _ => return None,
        }
    }
    Some(out)
}

/// The remainder modulo 97 of a long decimal string.
fn mod97(digits: &str) -> Option<u32> {
    digits
        .chars()
        .try_fold(0u32, |acc, c| c.to_digit(10).map(|d| (acc * 10 + d) % 97))
}

/// The ISO 11649 creditor reference for an alphanumeric body of 1 to 21 characters.
pub fn creditor_reference(body: &str) -> Option<String> {
    if body.is_empty() || body.len() > 21 {
        return None;
    }
    let n = numeric(&format!("{body}RF00"))?;
    let check = 98 - mod97(&n)?;
    Some(format!("RF{check:02}{}", body.to_ascii_uppercase()))
}

/// Whether `r` (spaces allowed) is a valid creditor reference.
pub fn is_valid_creditor_reference(r: &str) -> bool {
    let r: String = r.chars().filter(|c| *c != ' ').collect();
    if r.len() < 5 || r.len() > 25 || !r.starts_with("RF") {
        return false;
    }
    let moved = format!("{}{}", &r[4..], &r[..4]);
    numeric(&moved).and_then(|n| mod97(&n)) == Some(1)
}

/// Printed form: QR references as 2 digits then blocks of 5, creditor references in blocks of 4.
pub fn grouped(r: &str) -> String {
    let chunks: Vec<String> = if r.starts_with("RF") {
        r.as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect()
    } else if r.len() == 27 {
        let mut v = vec![r[..2].to_owned()];
        v.extend(
            r.as_bytes()[2..]
                .chunks(5)
                .map(|c| String::from_utf8_lossy(c).into_owned()),
        );
        v
    } else {
        vec![r.to_owned()]
    };
    chunks.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bil_9_qr_reference_check_digit_matches_the_published_example() {
        // The example of the Swiss implementation guidelines: 21 00000 00003 13947 14300 09017.
        assert_eq!(mod10_recursive("21000000000313947143000901"), Some(7));
        assert!(is_valid_qr_reference("21 00000 00003 13947 14300 09017"));
        assert!(!is_valid_qr_reference("21 00000 00003 13947 14300 09018"));
        assert_eq!(qr_reference(1).len(), 27);
        assert_eq!(
            grouped("210000000003139471430009017"),
            "21 00000 00003 13947 14300 09017"
        );
    }

    #[test]
    fn bil_9_creditor_reference_matches_iso_11649_example() {
        // ISO 11649's example: RF18 5390 0754 7034.
        assert_eq!(
            creditor_reference("539007547034").as_deref(),
            Some("RF18539007547034")
        );
        assert!(is_valid_creditor_reference("RF18 5390 0754 7034"));
        assert!(!is_valid_creditor_reference("RF19 5390 0754 7034"));
        assert_eq!(grouped("RF18539007547034"), "RF18 5390 0754 7034");
        assert_eq!(creditor_reference(""), None);
    }

    proptest! {
        #[test]
        fn bil_9_every_generated_reference_is_valid(key in 0u64..u64::MAX / 2) {
            prop_assert!(is_valid_qr_reference(&qr_reference(key)));
            let rf = creditor_reference(&format!("{key}")).unwrap();
            prop_assert!(is_valid_creditor_reference(&rf));
        }

        #[test]
        fn bil_9_a_changed_digit_is_caught(key in 0u64..1_000_000_000, pos in 0usize..26, delta in 1u32..10) {
            let r = qr_reference(key);
            let mut b = r.clone().into_bytes();
            let d = u32::from(b[pos] - b'0');
            b[pos] = b'0' + ((d + delta) % 10) as u8;
            prop_assert!(!is_valid_qr_reference(&String::from_utf8(b).unwrap()));
        }
    }
}
