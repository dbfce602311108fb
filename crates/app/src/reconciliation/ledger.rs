//! BIL-6: the staff entries of the prepaid account (billing, admin staff) — an `adjustment`
//! of either sign with its reason, and a `refund` of balance to the customer's bank account,
//! which leaves in the next pain.001 file with the unmatched transfers marked for refund. Each
//! entry names the staff member, is audited, and is told to the billing contacts by e-mail.
//! A form carries a request key: submitted twice, or twenty times at once, it posts once.

use kontor_domain::AuditAction;
use kontor_domain::money::{MAX_MINOR, format_minor};
use kontor_domain::qrbill::is_valid_iban;
use kontor_store::billing::prepaid::{self, EntryRow, RefundRow, StaffEntry};
use kontor_store::orgs::{self, OrgRow};

use crate::App;
use crate::access::{Action, Resource, decide};
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::error::{AppError, AppResult, ErrorCode, Validator};
use crate::platform::mail::Template;

/// Entries and refunds the staff page shows.
const RECENT: i64 = 50;

/// One organization's prepaid account as staff see it.
#[derive(Debug, Clone)]
pub struct StaffLedger {
    pub organization: OrgRow,
    pub balance: i64,
    pub entries: Vec<EntryRow>,
    pub total: i64,
    pub refunds: Vec<RefundRow>,
}

/// A staff entry asked for: the amount in minor units (an adjustment's may be negative; a
/// refund's is what leaves), the reason the customer reads, and the form's request key.
#[derive(Debug, Clone, Default)]
pub struct StaffEntryInput {
    pub amount_minor: i64,
    pub reason: String,
    pub request_key: String,
    /// A refund's account holder and IBAN.
    pub name: String,
    pub iban: String,
}

/// What a staff entry did; `repeated` when its request key had posted before.
#[derive(Debug, Clone)]
pub struct Posted {
    pub entry: EntryRow,
    pub repeated: bool,
}

fn validate(input: &StaffEntryInput, refund: bool) -> AppResult<()> {
    let mut v = Validator::default();
    let amount = input.amount_minor;
    if refund {
        v.check(amount > 0, "amount", "invalid_amount");
        v.check(is_valid_iban(&input.iban), "iban", "invalid_iban");
        v.name("name", &input.name, 140);
        v.line("reason", &input.reason, 200);
    } else {
        v.check(amount != 0, "amount", "invalid_amount");
        // The customer reads why their balance changed.
        v.name("reason", &input.reason, 200);
    }
    v.check(
        amount.unsigned_abs() <= MAX_MINOR.unsigned_abs(),
        "amount",
        "invalid_amount",
    );
    let key = &input.request_key;
    v.check(
        (16..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'),
        "request_key",
        "invalid",
    );
    v.finish()
}

/// `IBAN` with spaces removed, in capitals.
pub(super) fn compact_iban(iban: &str) -> String {
    iban.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase()
}

/// The IBAN as an e-mail shows it: the country with its check digits and the last four
/// characters.
fn masked(iban: &str) -> String {
    let n = iban.chars().count();
    let tail: String = iban.chars().skip(n.saturating_sub(4)).collect();
    format!("{} ... {tail}", iban.chars().take(4).collect::<String>())
}

/// What the ledger entry says: the reason, and for a refund where the money goes.
fn description(input: &StaffEntryInput, refund: bool) -> String {
    let reason = input.reason.trim();
    if !refund {
        return reason.to_owned();
    }
    let to = format!("{} {}", input.name, input.iban);
    if reason.is_empty() {
        to
    } else {
        format!("{reason} — {to}")
    }
}

/// The audit row of a staff entry.
fn audit_entry(
    id: i64,
    org: i64,
    currency: &str,
    amount: i64,
    refund: Option<i64>,
    input: &StaffEntryInput,
) -> Entry<'static> {
    let shown = format!("{currency} {}", format_minor(amount));
    let (action, details) = match refund {
        Some(r) => (
            AuditAction::PrepaidRefund,
            format!("{shown} refund={r} to {}", input.iban),
        ),
        None => (
            AuditAction::PrepaidAdjustment,
            format!("{shown} reason={}", input.reason.trim()),
        ),
    };
    Entry::new(action, "prepaid_entry", Some(id))
        .org(org)
        .details(details)
}

fn refund_row(org: i64, currency: &str, input: &StaffEntryInput, staff: &str, now: i64) -> RefundRow {
    RefundRow {
        organization_id: org,
        currency: currency.to_owned(),
        amount_minor: input.amount_minor,
        name: input.name.clone(),
        iban: input.iban.clone(),
        reason: input.reason.trim().to_owned(),
        staff_name: staff.to_owned(),
        created_at: now,
        ..RefundRow::default()
    }
}

impl App {
    /// The billing contacts' e-mail of a staff entry, with the balance it left.
    async fn tell_staff_entry(
        &self,
        tx: &mut kontor_store::Conn,
        org: i64,
        input: &StaffEntryInput,
        refund: bool,
        now: i64,
    ) -> AppResult<()> {
        let currency = orgs::find_org(tx, org)
            .await?
            .ok_or_else(AppError::not_found)?
            .currency;
        let money = |minor: i64| format!("{currency} {}", format_minor(minor));
        let balance = money(prepaid::balance(tx, org).await?);
        let (amount, reason, iban) = (
            money(input.amount_minor),
            input.reason.trim(),
            masked(&input.iban),
        );
        self.mail_billing(tx, org, now, |_| {
            if refund {
                Template::PrepaidRefunded {
                    amount: amount.clone(),
                    iban: iban.clone(),
                    balance: balance.clone(),
                }
            } else {
                Template::PrepaidAdjusted {
                    amount: amount.clone(),
                    reason: reason.to_owned(),
                    balance: balance.clone(),
                }
            }
        })
        .await?;
        Ok(())
    }

    /// Organizations by number or name, for the staff ledger page.
    pub async fn staff_find_organizations(&self, actor: &Actor, text: &str) -> AppResult<Vec<OrgRow>> {
        decide(actor, Action::StaffLedger, Resource::Platform).into_result()?;
        if text.trim().is_empty() {
            return Ok(vec![]);
        }
        let mut c = self.read().await?;
        Ok(orgs::search_orgs(&mut c, text, 20).await?)
    }

    /// BIL-6: one organization's balance, recent entries (with their origin) and refunds.
    pub async fn staff_ledger(&self, actor: &Actor, org: i64) -> AppResult<StaffLedger> {
        decide(actor, Action::StaffLedger, Resource::Platform).into_result()?;
        let mut c = self.read().await?;
        let organization = orgs::find_org(&mut c, org)
            .await?
            .ok_or_else(AppError::not_found)?;
        let balance = prepaid::balance(&mut c, org).await?;
        let (entries, total) = prepaid::list_entries(&mut c, org, 0, RECENT).await?;
        let refunds = prepaid::refunds_of(&mut c, org, RECENT).await?;
        Ok(StaffLedger {
            organization,
            balance,
            entries,
            total,
            refunds,
        })
    }

    /// BIL-6: a staff adjustment of the balance, up or down (never below zero).
    pub async fn adjust_prepaid(
        &self,
        actor: &Actor,
        org: i64,
        input: &StaffEntryInput,
    ) -> AppResult<Posted> {
        decide(actor, Action::StaffLedger, Resource::Platform).into_result()?;
        validate(input, false)?;
        self.post_staff_entry(actor, org, input, false).await
    }

    /// BIL-6: a refund of balance to the customer's bank account: the balance goes down now, and
    /// the money leaves in the next pain.001 file (`/staff/refunds`).
    pub async fn refund_prepaid(
        &self,
        actor: &Actor,
        org: i64,
        input: &StaffEntryInput,
    ) -> AppResult<Posted> {
        decide(actor, Action::StaffLedger, Resource::Platform).into_result()?;
        let input = StaffEntryInput {
            iban: compact_iban(&input.iban),
            name: input.name.trim().to_owned(),
            ..input.clone()
        };
        validate(&input, true)?;
        self.post_staff_entry(actor, org, &input, true).await
    }

    async fn post_staff_entry(
        &self,
        actor: &Actor,
        org: i64,
        input: &StaffEntryInput,
        refund: bool,
    ) -> AppResult<Posted> {
        if let Some(done) = self.posted_before(org, &input.request_key).await? {
            return Ok(done);
        }
        match self.write_staff_entry(actor, org, input, refund).await {
            // The same form at the same moment: the one that wrote first is the answer.
            Err(e) if e.code() == ErrorCode::IdempotencyKeyInUse => {
                self.posted_before(org, &input.request_key).await?.ok_or(e)
            }
            done => done,
        }
    }

    /// The entry a request key posted before, as a repeat; another organization's key is
    /// refused rather than answered.
    async fn posted_before(&self, org: i64, key: &str) -> AppResult<Option<Posted>> {
        let mut c = self.read().await?;
        match prepaid::entry_of_request(&mut c, key).await? {
            Some(entry) if entry.organization_id == org => Ok(Some(Posted {
                entry,
                repeated: true,
            })),
            Some(_) => Err(AppError::field("request_key", "invalid")),
            None => Ok(None),
        }
    }

    async fn write_staff_entry(
        &self,
        actor: &Actor,
        org: i64,
        input: &StaffEntryInput,
        refund: bool,
    ) -> AppResult<Posted> {
        let (_, _, staff) = actor.audit_identity();
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let target = orgs::find_org(&mut change.tx, org)
            .await?
            .ok_or_else(AppError::not_found)?;
        let currency = target.currency.clone();
        let (kind, amount, refund_id) = if refund {
            let row = refund_row(org, &currency, input, &staff, now);
            let id = prepaid::insert_refund(&mut change.tx, &row).await?;
            ("refund", -input.amount_minor, Some(id))
        } else {
            ("adjustment", input.amount_minor, None)
        };
        let description = description(input, refund);
        let entry = StaffEntry {
            org,
            currency: &currency,
            kind,
            amount,
            description: &description,
            staff: &staff,
            request_key: &input.request_key,
            refund: refund_id,
            now,
        };
        let id = prepaid::post_staff(&mut change.tx, &entry)
            .await
            .map_err(|e| AppError::unique_as(e, "request", ErrorCode::IdempotencyKeyInUse))?
            .ok_or_else(|| AppError::new(ErrorCode::InsufficientPrepaidBalance))?;
        change
            .record(audit_entry(id, org, &currency, amount, refund_id, input))
            .await?;
        self.tell_staff_entry(&mut change.tx, org, input, refund, now)
            .await?;
        let (mut entries, _) = prepaid::list_entries(&mut change.tx, org, 0, 1).await?;
        change.commit().await?;
        let entry = entries
            .pop()
            .filter(|e| e.id == id)
            .ok_or_else(AppError::not_found)?;
        Ok(Posted {
            entry,
            repeated: false,
        })
    }
}
