//! Renewal and dunning calendars (REN-2, REN-3, REN-6, REN-7, DUN-1): which attempt, notice or
//! reminder step is due at an instant. Everything is measured from the product's expiry or the
//! invoice's due date, so a job that runs late still finds the step it missed, and a job that
//! runs twice finds the same step (the caller keeps a mark per step so it acts once).

use time::{Date, Duration, OffsetDateTime, Time};

const DAY: i64 = 86_400;

/// REN-2/REN-3: the first automatic-renewal attempt, in days before expiry; automatic renewal
/// cannot be switched on later than this.
pub const FIRST_ATTEMPT_DAYS: i64 = 14;

/// The days before expiry on which something happens (attempts, notices), largest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaysBefore(Vec<i64>);

impl DaysBefore {
    /// Sorted largest first, duplicates and non-positive days dropped.
    pub fn new(mut days: Vec<i64>) -> DaysBefore {
        days.retain(|d| *d > 0);
        days.sort_unstable_by(|a, b| b.cmp(a));
        days.dedup();
        DaysBefore(days)
    }

    /// REN-2 default: the first attempt at 14 days, retries at 10, 7, 3 and 1.
    pub fn attempts() -> DaysBefore {
        DaysBefore::new(vec![FIRST_ATTEMPT_DAYS, 10, 7, 3, 1])
    }

    /// REN-7 default: notices at 60, 30, 14, 7 and 1 days.
    pub fn notices() -> DaysBefore {
        DaysBefore::new(vec![60, 30, 14, 7, 1])
    }

    pub fn days(&self) -> &[i64] {
        &self.0
    }

    /// The expiries each step is due for at `now`, one band a step: step `d` covers the
    /// expiries in `(now + next smaller step, now + d]` (days). A product is in the band of
    /// exactly one step — the latest whose instant has passed (a property test checks it), so a job that reads products by
    /// band finds each one under its due step.
    pub fn bands(&self, now: i64) -> Vec<StepBand> {
        self.0
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let next = self.0.get(i + 1).copied().unwrap_or(0);
                StepBand {
                    days_before: *d,
                    from: now + next * DAY,
                    until: now + d * DAY,
                }
            })
            .collect()
    }

    /// The instant of step `d`.
    pub fn instant(expires_at: i64, d: i64) -> i64 {
        expires_at - d * DAY
    }

    /// Parses `"14,10,7,3,1"`.
    pub fn parse(s: &str) -> Option<DaysBefore> {
        let days = s
            .split(',')
            .map(|p| p.trim().parse::<i64>().ok().filter(|d| (1..=366).contains(d)))
            .collect::<Option<Vec<_>>>()?;
        (!days.is_empty()).then(|| DaysBefore::new(days))
    }
}

/// The expiries one step is due for: `from < expires_at <= until` (Unix seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepBand {
    pub days_before: i64,
    pub from: i64,
    pub until: i64,
}

/// REN-3: whether automatic renewal may be switched on for a product expiring at `expires_at`.
pub fn auto_renew_allowed(expires_at: i64, now: i64) -> bool {
    expires_at > 0 && expires_at - now >= FIRST_ATTEMPT_DAYS * DAY
}

/// REN-6: the end of the grace period of a product that expired at `expires_at`.
pub fn grace_end(expires_at: i64, grace_days: i64) -> i64 {
    expires_at + grace_days * DAY
}

/// What happens at expiry to a product nobody paid (REN-5, REN-6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtExpiry {
    /// Renewal warranty: renewed and invoiced; service goes on.
    RenewAndInvoice,
    /// Suspended until paid or until the grace period ends.
    Suspend,
}

pub fn at_expiry(renewal_warranty: bool, product_type: &str) -> AtExpiry {
    if renewal_warranty && warranty_available(product_type) {
        AtExpiry::RenewAndInvoice
    } else {
        AtExpiry::Suspend
    }
}

/// REN-5: renewal warranty exists for every product but NAS.
pub fn warranty_available(product_type: &str) -> bool {
    product_type != "nas"
}

/// DUN-1: a step of the reminder schedule of an unpaid invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DunningStep {
    Reminder1 = 1,
    Reminder2 = 2,
    Suspension = 3,
    Termination = 4,
}

impl DunningStep {
    pub const ALL: [DunningStep; 4] = [
        DunningStep::Reminder1,
        DunningStep::Reminder2,
        DunningStep::Suspension,
        DunningStep::Termination,
    ];

    pub fn level(self) -> i64 {
        self as i64
    }

    pub fn from_level(level: i64) -> Option<DunningStep> {
        DunningStep::ALL.into_iter().find(|s| s.level() == level)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DunningStep::Reminder1 => "reminder_1",
            DunningStep::Reminder2 => "reminder_2",
            DunningStep::Suspension => "suspension",
            DunningStep::Termination => "termination",
        }
    }
}

/// DUN-1: the days after the due date on which each step happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DunningSchedule {
    pub reminder_1: i64,
    pub reminder_2: i64,
    pub suspension: i64,
    pub termination: i64,
}

impl Default for DunningSchedule {
    fn default() -> Self {
        DunningSchedule {
            reminder_1: 3,
            reminder_2: 10,
            suspension: 20,
            termination: 45,
        }
    }
}

impl DunningSchedule {
    /// Days must grow step by step.
    pub fn new(reminder_1: i64, reminder_2: i64, suspension: i64, termination: i64) -> Option<Self> {
        (0 < reminder_1 && reminder_1 < reminder_2 && reminder_2 < suspension && suspension < termination)
            .then_some(DunningSchedule {
                reminder_1,
                reminder_2,
                suspension,
                termination,
            })
    }

    pub fn days_of(&self, step: DunningStep) -> i64 {
        match step {
            DunningStep::Reminder1 => self.reminder_1,
            DunningStep::Reminder2 => self.reminder_2,
            DunningStep::Suspension => self.suspension,
            DunningStep::Termination => self.termination,
        }
    }

    /// The step an invoice due on `due` has reached at `now`: step N happens at 00:00 UTC of
    /// `due + days(N)`.
    pub fn reached(&self, due: Date, now: OffsetDateTime) -> Option<DunningStep> {
        DunningStep::ALL
            .into_iter()
            .filter(|s| now >= self.instant(due, *s))
            .max()
    }

    pub fn instant(&self, due: Date, step: DunningStep) -> OffsetDateTime {
        (due + Duration::days(self.days_of(step)))
            .with_time(Time::MIDNIGHT)
            .assume_utc()
    }

    /// Parses `"3,10,20,45"`.
    pub fn parse(text: &str) -> Option<DunningSchedule> {
        let days: Vec<i64> = text
            .split(',')
            .map(|part| part.trim().parse().ok())
            .collect::<Option<Vec<_>>>()?;
        match days.as_slice() {
            [r1, r2, suspension, termination] => DunningSchedule::new(*r1, *r2, *suspension, *termination),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;

    const EXP: i64 = 1_800_000_000;

    /// The specification of REN-2/REN-7 the jobs' bands must meet: the step due at `now` for a product expiring at `expires_at` (Unix seconds): the latest
    /// step whose instant (`expires_at − d days`) has passed, while the product has not expired
    /// yet. Steps missed because the job did not run are not caught up one by one: only the
    /// latest counts.
    fn due_step(steps: &DaysBefore, expires_at: i64, now: i64) -> Option<i64> {
        if now >= expires_at {
            return None;
        }
        steps
            .0
            .iter()
            .copied()
            .filter(|d| now >= expires_at - d * DAY)
            .min()
    }

    /// The step the jobs find a product under at `now`: the band its expiry falls in.
    fn found(steps: &DaysBefore, expires_at: i64, now: i64) -> Option<i64> {
        steps
            .bands(now)
            .iter()
            .find(|b| b.from < expires_at && expires_at <= b.until)
            .map(|b| b.days_before)
    }

    #[test]
    fn ren_2_first_attempt_at_14_days_then_the_retries() {
        let s = DaysBefore::attempts();
        assert_eq!(found(&s, EXP, EXP - 15 * DAY), None);
        assert_eq!(found(&s, EXP, EXP - 14 * DAY - 1), None);
        assert_eq!(found(&s, EXP, EXP - 14 * DAY), Some(14));
        assert_eq!(found(&s, EXP, EXP - 11 * DAY), Some(14));
        assert_eq!(found(&s, EXP, EXP - 10 * DAY), Some(10));
        assert_eq!(found(&s, EXP, EXP - 7 * DAY), Some(7));
        assert_eq!(found(&s, EXP, EXP - 3 * DAY + 5), Some(3));
        assert_eq!(found(&s, EXP, EXP - 60), Some(1));
        assert_eq!(found(&s, EXP, EXP), None);
    }

    #[test]
    fn ren_7_notice_days_parse_and_sort() {
        assert_eq!(DaysBefore::parse("1, 60,7,30,14"), Some(DaysBefore::notices()));
        assert_eq!(DaysBefore::parse("3,x"), None);
        assert_eq!(DaysBefore::parse(""), None);
        assert_eq!(found(&DaysBefore::notices(), EXP, EXP - 45 * DAY), Some(60));
    }

    #[test]
    fn ren_3_auto_renew_allowed_from_14_days_only() {
        assert!(auto_renew_allowed(EXP, EXP - 20 * DAY));
        assert!(auto_renew_allowed(EXP, EXP - 14 * DAY));
        assert!(!auto_renew_allowed(EXP, EXP - 13 * DAY));
        assert!(!auto_renew_allowed(0, 0));
    }

    #[test]
    fn ren_5_warranty_renews_except_nas() {
        assert_eq!(at_expiry(true, "web_hosting"), AtExpiry::RenewAndInvoice);
        assert_eq!(at_expiry(true, "nas"), AtExpiry::Suspend);
        assert_eq!(at_expiry(false, "domain"), AtExpiry::Suspend);
        assert_eq!(grace_end(EXP, 30), EXP + 30 * DAY);
    }

    #[test]
    fn dun_1_steps_on_the_configured_days() {
        let s = DunningSchedule::default();
        let due = date!(2027 - 01 - 15);
        assert_eq!(s.reached(due, datetime!(2027-01-17 23:59 UTC)), None);
        assert_eq!(
            s.reached(due, datetime!(2027-01-18 00:00 UTC)),
            Some(DunningStep::Reminder1)
        );
        assert_eq!(
            s.reached(due, datetime!(2027-01-25 08:00 UTC)),
            Some(DunningStep::Reminder2)
        );
        assert_eq!(
            s.reached(due, datetime!(2027-02-04 00:00 UTC)),
            Some(DunningStep::Suspension)
        );
        assert_eq!(
            s.reached(due, datetime!(2027-03-01 00:00 UTC)),
            Some(DunningStep::Termination)
        );
        assert_eq!(DunningSchedule::parse("3,10,20,45"), Some(s));
        assert_eq!(DunningSchedule::parse("3,3,20,45"), None);
        assert_eq!(DunningStep::from_level(3), Some(DunningStep::Suspension));
    }

    proptest::proptest! {
        /// REN-2, REN-7: the jobs read products by band; each product is found under exactly
        /// the step `due_step` says is due, and under none when no step is.
        #[test]
        fn ren_2_bands_find_each_product_under_its_due_step(
            before in 0i64..(70 * DAY),
            now in 1_700_000_000i64..1_900_000_000,
            custom in proptest::collection::vec(1i64..90, 1..6),
        ) {
            let expires_at = now + before;
            for steps in [DaysBefore::attempts(), DaysBefore::notices(), DaysBefore::new(custom.clone())] {
                let found: Vec<i64> = steps
                    .bands(now)
                    .iter()
                    .filter(|b| b.from < expires_at && expires_at <= b.until)
                    .map(|b| b.days_before)
                    .collect();
                let due = due_step(&steps, expires_at, now);
                proptest::prop_assert_eq!(found, due.into_iter().collect::<Vec<_>>());
            }
        }
    }
}
