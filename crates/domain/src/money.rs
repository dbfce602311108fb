//! Money (PRC-1): exact amounts in minor units (centimes) with their currency, decimal strings
//! with two places at the edges, and percentages in basis points applied with half-up rounding
//! at the steps the rules name — never floating point.

use std::fmt;

use crate::Currency;

/// An amount in minor units (1/100) of a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

/// Why a decimal amount was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("an amount is digits with at most two decimals, e.g. 208.32")]
    Malformed,
    #[error("the amount is too large")]
    TooLarge,
}

/// Largest amount accepted anywhere (one billion), far below `i64` overflow in any sum.
pub const MAX_MINOR: i64 = 100_000_000_000;

/// Parses `"208.32"`, `"208.3"`, `"208"` into minor units. No sign, no exponent, no thousands
/// separators, at most two decimals.
pub fn parse_minor(s: &str) -> Result<i64, AmountError> {
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, f),
        None => (s, ""),
    };
    let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || !digits(whole)
        || !digits(frac)
        || frac.len() > 2
        || (s.contains('.') && frac.is_empty())
    {
        return Err(AmountError::Malformed);
    }
    if whole.len() > 12 {
        return Err(AmountError::TooLarge);
    }
    let whole: i64 = whole.parse().map_err(|_| AmountError::Malformed)?;
    let frac: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().map_err(|_| AmountError::Malformed)? * 10,
        _ => frac.parse().map_err(|_| AmountError::Malformed)?,
    };
    let minor = whole * 100 + frac;
    if minor > MAX_MINOR {
        return Err(AmountError::TooLarge);
    }
    Ok(minor)
}

/// `20832` → `"208.32"`, `-5` → `"-0.05"`.
pub fn format_minor(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    pub fn zero(currency: Currency) -> Money {
        Money { minor: 0, currency }
    }

    /// The decimal string with two places.
    pub fn amount(&self) -> String {
        format_minor(self.minor)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency.as_str(), self.amount())
    }
}

/// A percentage in basis points: `2500` is 25 %, `810` is 8.10 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Percent(pub i64);

impl Percent {
    pub const ZERO: Percent = Percent(0);

    /// Whole percent.
    pub fn whole(p: i64) -> Percent {
        Percent(p * 100)
    }

    /// `"25"`, `"8.1"`, `"12.50"` → basis points; 0 to 100 %.
    pub fn parse(s: &str) -> Option<Percent> {
        let bp = parse_minor(s).ok()?;
        (bp <= 10_000).then_some(Percent(bp))
    }

    /// `"25"`, `"8.1"` — the shortest decimal form.
    pub fn to_decimal(self) -> String {
        if self.0 == 0 {
            return "0".to_owned();
        }
        let s = format_minor(self.0);
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// `a × n / d` rounded half-up to an integer (for non-negative `a`, `n` and positive `d`;
/// negative `a` rounds half away from zero). Uses 128-bit intermediates, so no overflow.
pub fn mul_div_half_up(amount: i64, numerator: i64, denominator: i64) -> i64 {
    debug_assert!(denominator > 0);
    let product = i128::from(amount) * i128::from(numerator);
    let den = i128::from(denominator);
    let quotient = (product.abs() * 2 + den) / (2 * den);
    (if product < 0 { -quotient } else { quotient }) as i64
}

/// The share `p` of `minor`, rounded half-up to the minor unit.
pub fn percent_of(minor: i64, p: Percent) -> i64 {
    mul_div_half_up(minor, p.0, 10_000)
}

/// `minor` less `p`, rounded half-up to the minor unit (one PRC step).
pub fn less_percent(minor: i64, p: Percent) -> i64 {
    mul_div_half_up(minor, 10_000 - p.0, 10_000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn prc_1_amounts_parse_and_print_with_two_places() {
        assert_eq!(parse_minor("208.32"), Ok(20_832));
        assert_eq!(parse_minor("208.3"), Ok(20_830));
        assert_eq!(parse_minor("208"), Ok(20_800));
        assert_eq!(parse_minor("0.10"), Ok(10));
        for bad in ["", "1.", ".5", "1.234", "-1", "1e3", "1,00", " 1", "abc"] {
            assert_eq!(parse_minor(bad), Err(AmountError::Malformed), "{bad}");
        }
        assert_eq!(parse_minor("9999999999999"), Err(AmountError::TooLarge));
        assert_eq!(format_minor(20_832), "208.32");
        assert_eq!(format_minor(5), "0.05");
        assert_eq!(format_minor(-5), "-0.05");
        assert_eq!(Percent::parse("8.1"), Some(Percent(810)));
        assert_eq!(Percent(810).to_decimal(), "8.1");
        assert_eq!(Percent(2500).to_decimal(), "25");
        assert_eq!(Percent(0).to_decimal(), "0");
        assert_eq!(Percent::parse("100.01"), None);
    }

    #[test]
    fn prc_1_percent_steps_round_half_up() {
        // 0.125 → 0.13, 0.124 → 0.12
        assert_eq!(percent_of(125, Percent(1000)), 13);
        assert_eq!(percent_of(124, Percent(1000)), 12);
        assert_eq!(less_percent(34_720, Percent(2000)), 27_776);
        assert_eq!(mul_div_half_up(-25, 1, 10), -3);
    }

    proptest! {
        #[test]
        fn prc_1_amounts_round_trip(minor in 0i64..MAX_MINOR) {
            prop_assert_eq!(parse_minor(&format_minor(minor)), Ok(minor));
        }

        #[test]
        fn prc_1_discount_and_rest_add_up(minor in 0i64..MAX_MINOR, bp in 0i64..=10_000) {
            let rest = less_percent(minor, Percent(bp));
            prop_assert!(rest >= 0 && rest <= minor);
            // Off by at most one centime from the exact share, in either direction.
            let share = percent_of(minor, Percent(bp));
            prop_assert!((rest + share - minor).abs() <= 1);
        }
    }
}
