//! Prices (PRC-2 to PRC-5): degressive tiers for web and mail hosting, partner discounts stacked
//! before them, proration of upgrades by days, VAT per country, and period arithmetic.

use std::collections::HashMap;

use time::{Date, Month, OffsetDateTime};

use crate::money::{Percent, less_percent, mul_div_half_up, percent_of};

/// The families that degressive pricing counts (PRC-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    WebHosting,
    MailHosting,
}

impl Family {
    /// The family of a product type code, when it has one.
    pub fn of(product_type: &str) -> Option<Family> {
        match product_type {
            "web_hosting" => Some(Family::WebHosting),
            "mail_service" => Some(Family::MailHosting),
            _ => None,
        }
    }
}

/// Degressive tiers: from `min` products held, `off` comes off the unit price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tiers(Vec<(u32, Percent)>);

impl Default for Tiers {
    /// PRC-2 defaults: 1–4: 0 %, 5–9: 5 %, 10–19: 10 %, 20–29: 20 %, 30 and more: 25 %.
    fn default() -> Tiers {
        Tiers(vec![
            (1, Percent::ZERO),
            (5, Percent::whole(5)),
            (10, Percent::whole(10)),
            (20, Percent::whole(20)),
            (30, Percent::whole(25)),
        ])
    }
}

impl Tiers {
    /// Tiers from `(from count, percent off)` pairs, in any order.
    pub fn new(mut tiers: Vec<(u32, Percent)>) -> Tiers {
        tiers.sort_by_key(|t| t.0);
        Tiers(tiers)
    }

    /// The percentage for an organization that holds `count` products of the family.
    pub fn for_count(&self, count: u32) -> Percent {
        self.0
            .iter()
            .rev()
            .find(|(min, _)| count >= *min)
            .map_or(Percent::ZERO, |t| t.1)
    }

    /// The steps, lowest count first.
    pub fn steps(&self) -> &[(u32, Percent)] {
        &self.0
    }
}

/// One item's price, step by step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitPrice {
    /// Catalogue price for the period.
    pub list: i64,
    pub partner: Percent,
    /// After the partner discount (rounded, PRC-1).
    pub after_partner: i64,
    pub degressive: Percent,
    /// What the customer pays for the item, excluding VAT.
    pub unit: i64,
}

/// PRC-3: the partner discount comes off the list price, then the degressive percentage comes
/// off what is left; each step rounds half-up to the minor unit.
pub fn unit_price(list: i64, partner: Percent, degressive: Percent) -> UnitPrice {
    let after_partner = less_percent(list, partner);
    UnitPrice {
        list,
        partner,
        after_partner,
        degressive,
        unit: less_percent(after_partner, degressive),
    }
}

/// One line of an order to price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemToPrice {
    pub list: i64,
    pub family: Option<Family>,
}

/// PRC-2: every item of a family gets the tier for the number the organization will hold once
/// the order is active (`held` + the items of that family in the order).
pub fn price_items<S: std::hash::BuildHasher>(
    items: &[ItemToPrice],
    held: &HashMap<Family, u32, S>,
    partner: Percent,
    tiers: &Tiers,
) -> Vec<UnitPrice> {
    let mut ordered: HashMap<Family, u32> = HashMap::new();
    for f in items.iter().filter_map(|i| i.family) {
        *ordered.entry(f).or_default() += 1;
    }
    items
        .iter()
        .map(|i| {
            let degressive = i.family.map_or(Percent::ZERO, |f| {
                let total = held.get(&f).copied().unwrap_or(0) + ordered.get(&f).copied().unwrap_or(0);
                tiers.for_count(total)
            });
            unit_price(i.list, partner, degressive)
        })
        .collect()
}

/// PRC-2: renewals take the tier of the number the organization holds at renewal time (the
/// renewed products are among them).
pub fn price_renewals<S: std::hash::BuildHasher>(
    items: &[ItemToPrice],
    held: &HashMap<Family, u32, S>,
    partner: Percent,
    tiers: &Tiers,
) -> Vec<UnitPrice> {
    items
        .iter()
        .map(|i| {
            let degressive = i.family.map_or(Percent::ZERO, |f| {
                tiers.for_count(held.get(&f).copied().unwrap_or(0))
            });
            unit_price(i.list, partner, degressive)
        })
        .collect()
}

/// PRC-5: the share of `amount` for the `days_left` of a period of `days_in_period` days,
/// rounded half-up.
pub fn prorate(amount: i64, days_left: i64, days_in_period: i64) -> i64 {
    if days_in_period <= 0 {
        return 0;
    }
    mul_div_half_up(amount, days_left.clamp(0, days_in_period), days_in_period)
}

/// Whole days from `from` to `to` that are still to run, counting a started day.
pub fn days_between(from: OffsetDateTime, to: OffsetDateTime) -> i64 {
    let secs = (to - from).whole_seconds();
    if secs <= 0 { 0 } else { (secs + 86_399) / 86_400 }
}

/// The same day `months` later; a day past the end of the target month becomes its last day
/// (31 January + 1 month = 28 or 29 February).
pub fn add_months(t: OffsetDateTime, months: u32) -> OffsetDateTime {
    shift_months(t, months as i32)
}

/// [`add_months`] backwards too: the start of a period that ends at `t` is `shift_months(t, -n)`.
pub fn shift_months(t: OffsetDateTime, months: i32) -> OffsetDateTime {
    let d = t.date();
    let total = d.year() * 12 + (i32::from(u8::from(d.month())) - 1) + months;
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12));
    let month = Month::try_from(month0 as u8 + 1).unwrap_or(Month::January);
    let day = d.day().min(month.length(year));
    let date = Date::from_calendar_date(year, month, day).unwrap_or(d);
    t.replace_date(date)
}

/// VAT of an invoice (PRC-4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vat {
    pub rate: Percent,
    /// "export / reverse charge" applies (companies abroad with a VAT number).
    pub reverse_charge: bool,
}

/// PRC-4: the VAT rate of each country where the provider charges VAT (from configuration;
/// by default CH and LI at 8.1 %).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatRates(Vec<(String, Percent)>);

impl Default for VatRates {
    fn default() -> VatRates {
        VatRates(vec![
            ("CH".to_owned(), Percent(810)),
            ("LI".to_owned(), Percent(810)),
        ])
    }
}

impl VatRates {
    /// `CC:percent` pairs, e.g. `CH:8.1,LI:8.1,DE:19`; `None` when a pair is malformed, a
    /// country is not two capital letters, a rate is above 100 % or a country comes twice.
    pub fn parse(s: &str) -> Option<VatRates> {
        let mut pairs: Vec<(String, Percent)> = Vec::new();
        for pair in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (cc, rate) = pair.split_once(':')?;
            let cc = cc.trim();
            let rate = Percent::parse(rate.trim())?;
            if cc.len() != 2 || !cc.bytes().all(|b| b.is_ascii_uppercase()) || rate.0 > 10_000 {
                return None;
            }
            if pairs.iter().any(|(c, _)| c == cc) {
                return None;
            }
            pairs.push((cc.to_owned(), rate));
        }
        Some(VatRates(pairs))
    }

    /// The rate charged in `country`, if the provider charges VAT there.
    pub fn rate(&self, country: &str) -> Option<Percent> {
        self.0.iter().find(|(c, _)| c == country).map(|(_, r)| *r)
    }

    pub fn pairs(&self) -> &[(String, Percent)] {
        &self.0
    }
}

/// PRC-4: countries with a configured rate pay it; other countries 0 %, with the
/// reverse-charge mention for companies that have a VAT number.
pub fn vat_for(country: &str, company_with_vat_number: bool, rates: &VatRates) -> Vat {
    if let Some(rate) = rates.rate(country) {
        Vat {
            rate,
            reverse_charge: false,
        }
    } else {
        Vat {
            rate: Percent::ZERO,
            reverse_charge: company_with_vat_number,
        }
    }
}

/// The VAT on a subtotal, rounded half-up once on the total (PRC-1).
pub fn vat_amount(subtotal: i64, vat: Vat) -> i64 {
    percent_of(subtotal, vat.rate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    #[test]
    fn prc_2_renewals_use_the_number_held_at_renewal_time() {
        let held: HashMap<Family, u32> = [(Family::WebHosting, 5)].into_iter().collect();
        let item = ItemToPrice {
            list: 10_000,
            family: Some(Family::WebHosting),
        };
        let p = price_renewals(&[item, item], &held, Percent::ZERO, &Tiers::default());
        assert_eq!(p[0].degressive, Percent::whole(5));
        assert_eq!(p[1].unit, 9_500);
        let none = price_renewals(&[item], &HashMap::new(), Percent::ZERO, &Tiers::default());
        assert_eq!(none[0].unit, 10_000);
    }

    #[test]
    fn prc_3_reference_case_chf_and_eur() {
        let p = unit_price(34_720, Percent::whole(20), Tiers::default().for_count(35));
        assert_eq!((p.after_partner, p.unit), (27_776, 20_832));
        let p = unit_price(20_125, Percent::whole(20), Tiers::default().for_count(35));
        assert_eq!((p.after_partner, p.unit), (16_100, 12_075));
    }

    #[test]
    fn prc_2_default_tiers() {
        let t = Tiers::default();
        let got: Vec<i64> = [0, 1, 4, 5, 9, 10, 19, 20, 29, 30, 1000]
            .iter()
            .map(|n| t.for_count(*n).0 / 100)
            .collect();
        assert_eq!(got, vec![0, 0, 0, 5, 5, 10, 10, 20, 20, 25, 25]);
    }

    #[test]
    fn prc_2_every_item_of_the_family_gets_the_tier_of_held_plus_ordered() {
        let items = vec![
            ItemToPrice {
                list: 10_000,
                family: Some(Family::WebHosting)
            };
            3
        ];
        let mail = ItemToPrice {
            list: 10_000,
            family: Some(Family::MailHosting),
        };
        let domain = ItemToPrice {
            list: 10_000,
            family: None,
        };
        let mut all = items.clone();
        all.extend([mail, domain]);
        let held = HashMap::from([(Family::WebHosting, 2u32), (Family::MailHosting, 4u32)]);
        let prices = price_items(&all, &held, Percent::ZERO, &Tiers::default());
        // 2 held + 3 ordered = 5 web hostings → 5 %; 4 + 1 mail → 5 %; domains never.
        assert!(prices[..3].iter().all(|p| p.unit == 9_500));
        assert_eq!(prices[3].unit, 9_500);
        assert_eq!(prices[4].unit, 10_000);
    }

    #[test]
    fn prc_5_proration_by_days() {
        assert_eq!(prorate(36_500, 100, 365), 10_000);
        assert_eq!(prorate(1_000, 1, 3), 333);
        assert_eq!(prorate(2_000, 1, 3), 667);
        assert_eq!(prorate(1_000, 400, 365), 1_000);
        assert_eq!(
            days_between(datetime!(2026-01-01 0:00 UTC), datetime!(2026-01-02 0:00:01 UTC)),
            2
        );
    }

    #[test]
    fn prd_3_periods_end_on_the_same_day_or_the_month_end() {
        assert_eq!(
            add_months(datetime!(2026-01-31 10:00 UTC), 1),
            datetime!(2026-02-28 10:00 UTC)
        );
        assert_eq!(
            add_months(datetime!(2027-02-28 10:00 UTC), 12),
            datetime!(2028-02-28 10:00 UTC)
        );
        assert_eq!(
            add_months(datetime!(2026-11-22 0:00 UTC), 36),
            datetime!(2029-11-22 0:00 UTC)
        );
        assert_eq!(
            add_months(datetime!(2026-12-15 0:00 UTC), 1),
            datetime!(2027-01-15 0:00 UTC)
        );
    }

    #[test]
    fn prc_4_vat_by_country() {
        let rates = VatRates::default();
        let rate = Percent(810);
        assert_eq!(vat_for("CH", true, &rates).rate, rate);
        assert_eq!(
            vat_for("DE", true, &rates),
            Vat {
                rate: Percent::ZERO,
                reverse_charge: true
            }
        );
        assert!(!vat_for("FR", false, &rates).reverse_charge);
        assert_eq!(vat_amount(20_832, vat_for("LI", false, &rates)), 1_687);
        let with_de = VatRates::parse("CH:8.1, LI:8.1, DE:19").unwrap();
        assert_eq!(
            vat_for("DE", true, &with_de),
            Vat {
                rate: Percent(1900),
                reverse_charge: false
            }
        );
        for bad in ["CH", "CH:x", "ch:8", "CH:8,CH:9", "CH:101", "CHE:8"] {
            assert!(VatRates::parse(bad).is_none(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn prc_3_stacked_discounts_never_exceed_the_list_price(
            list in 0i64..10_000_000, partner in 0i64..=10_000, count in 0u32..100
        ) {
            let d = Tiers::default().for_count(count);
            let p = unit_price(list, Percent(partner), d);
            prop_assert!(p.unit <= p.after_partner && p.after_partner <= p.list && p.unit >= 0);
        }

        #[test]
        fn prc_2_more_held_never_costs_more(list in 0i64..10_000_000, held in 0u32..60, more in 0u32..60) {
            let t = Tiers::default();
            let a = unit_price(list, Percent::ZERO, t.for_count(held)).unit;
            let b = unit_price(list, Percent::ZERO, t.for_count(held + more)).unit;
            prop_assert!(b <= a);
        }

        #[test]
        fn prc_5_prorated_share_is_between_zero_and_the_whole(
            amount in 0i64..10_000_000, left in -10i64..800, days in 1i64..800
        ) {
            let p = prorate(amount, left, days);
            prop_assert!(p >= 0 && p <= amount);
        }
    }
}
