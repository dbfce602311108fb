//! Calls for tender (TEN-1 to TEN-4). Anyone posts one, free; every approved partner offering
//! its category (the services of its directory entry) gets an e-mail with an extract without
//! contact details; the full tender is in the partner's console, where each member's opening
//! is recorded; the author's e-mail holds a cancellation link that closes it at once; a job
//! closes it after `tender_days`. The public form is limited per client IP (TEN-4); the
//! console form adds a honeypot field (see the web crate).

use kontor_domain::{AuditAction, Currency, Email, Language, OrgId, PartnerStatus, TenderStatus};
use kontor_store::partners::tenders::{self as repo, NewTender, TenderRow, ViewRow};
use kontor_store::partners::{self as partners, PartnerRow};
use kontor_store::platform::ratelimit;

use crate::App;
use crate::access::{Action, Resource, authorize};
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::crypto;
use crate::platform::error::{AppError, AppResult, ErrorCode, Validator};
use crate::platform::mail::{TENDER_CANCEL_PATH, Template};

/// TEN-4: the rate key prefix of tender posts and their window (an hour).
pub const RATE_PREFIX: &str = "tender:";
pub const RATE_WINDOW_MS: i64 = 3_600_000;
const NEED_MAX: usize = 4000;
const LINE_MAX: usize = 200;
/// The extract of the need an e-mail shows, in characters.
const EXTRACT_MAX: usize = 300;
/// A partner's console lists at most this many open tenders.
const LIST_MAX: i64 = 200;

/// What the author types.
#[derive(Debug, Clone, Default)]
pub struct TenderInput {
    pub need: String,
    pub category: String,
    pub budget_min: i64,
    pub budget_max: i64,
    pub currency: String,
    pub language: String,
    pub region: String,
    pub contact_name: String,
    pub email: String,
    pub phone: String,
}

/// A posted tender and the cancellation secret its author was sent (shown once).
#[derive(Debug, Clone)]
pub struct PostedTender {
    pub tender: TenderRow,
    pub cancel_secret: String,
}

/// A tender as a partner opens it, with who of the partner opened it.
#[derive(Debug, Clone)]
pub struct TenderView {
    pub tender: TenderRow,
    pub views: Vec<ViewRow>,
}

/// The need as an extract may show it: at most [`EXTRACT_MAX`] characters, on one line, with
/// anything that looks like an e-mail address, a phone number or a web address replaced by
/// `…` — contact details typed into the need stay out of the e-mail too (TEN-2).
pub fn extract(need: &str) -> String {
    let words: Vec<String> = need
        .split_whitespace()
        .map(|w| {
            let digits = w.chars().filter(char::is_ascii_digit).count();
            let lower = w.to_lowercase();
            if w.contains('@') || lower.starts_with("http") || lower.starts_with("www.") || digits >= 5 {
                "…".to_owned()
            } else {
                w.to_owned()
            }
        })
        .collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for w in words {
        // Phone numbers typed in groups (`044 123 45 67`): runs of digit groups become one `…`.
        let bare = w.trim_end_matches([',', '.', ';', ':']);
        let numeric = !bare.is_empty()
            && bare
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '(' | ')' | '/'));
        let after_hidden = out.last().is_some_and(|l| l == "…");
        if numeric && (after_hidden || bare.starts_with('+') || bare.starts_with('0')) {
            if !after_hidden {
                out.push("…".to_owned());
            }
            continue;
        }
        out.push(w);
    }
    let text = out.join(" ");
    if text.chars().count() <= EXTRACT_MAX {
        return text;
    }
    let cut: String = text.chars().take(EXTRACT_MAX).collect();
    format!("{}…", cut.trim_end())
}

/// What validation made of the typed currency, language, address and phone.
struct Checked {
    currency: Currency,
    language: Language,
    email: Email,
    phone: String,
}

/// TEN-1: a tender's fields, all problems at once.
fn check_tender(input: &TenderInput, types: &[kontor_store::catalog::TypeRow]) -> AppResult<Checked> {
    let mut v = Validator::default();
    v.name("need", &input.need, NEED_MAX);
    v.check(
        !input
            .need
            .chars()
            // Lines and tabs are the text's own; other control and bidi characters are not.
            .any(|c| kontor_domain::text::is_hidden_format(c) && !matches!(c, '\n' | '\r' | '\t')),
        "need",
        "invalid_character",
    );
    v.check(
        types.iter().any(|t| t.code == input.category),
        "category",
        "unknown_product_type",
    );
    v.check(
        input.budget_min >= 0 && input.budget_max >= input.budget_min && input.budget_max <= 10_000_000_000,
        "budget_max",
        "out_of_range",
    );
    let currency = Currency::parse(&input.currency);
    v.check(currency.is_some(), "currency", "invalid_currency");
    let language = Language::parse(&input.language);
    v.check(language.is_some(), "language", "invalid_language");
    v.name("region", &input.region, LINE_MAX);
    v.name("contact_name", &input.contact_name, LINE_MAX);
    let email = Email::parse(&input.email);
    v.check(email.is_some(), "email", "invalid_email");
    let phone = crate::security::factors::parse_phone(&input.phone);
    v.check(phone.is_some(), "phone", "invalid_phone");
    v.finish()?;
    match (currency, language, email, phone) {
        (Some(currency), Some(language), Some(email), Some(phone)) => Ok(Checked {
            currency,
            language,
            email,
            phone,
        }),
        _ => Err(AppError::field("email", "invalid_email")),
    }
}

impl App {
    /// TEN-1, TEN-4: posts a call for tender from client IP `actor.origin.ip`; at most
    /// `tender_posts_per_hour` from one IP (`too_many_tenders` with the wait).
    pub async fn post_tender(&self, actor: &Actor, input: &TenderInput) -> AppResult<PostedTender> {
        let now_dt = self.now();
        let now = now_dt.unix_timestamp();
        let mut c = self.read().await?;
        let types = kontor_store::catalog::list_types(&mut c).await?;
        drop(c);
        let checked = check_tender(input, &types)?;
        let secret = crypto::new_secret("tc_");
        let mut change = self.change(actor, now).await?;
        let now_ms = (now_dt.unix_timestamp_nanos() / 1_000_000) as i64;
        let key = format!("{RATE_PREFIX}{}", actor.origin.ip);
        let (accepted, _, oldest) = ratelimit::hit(
            &mut change.tx,
            &key,
            now_ms,
            RATE_WINDOW_MS,
            self.settings.tender_posts_per_hour,
        )
        .await?;
        if !accepted {
            let wait_ms = oldest.map_or(RATE_WINDOW_MS, |o| o + RATE_WINDOW_MS - now_ms);
            return Err(
                AppError::new(ErrorCode::TooManyTenders).retry_after((wait_ms.max(1000) / 1000) as u64)
            );
        }
        let new = NewTender {
            need: input.need.trim(),
            category: &input.category,
            budget_min: input.budget_min,
            budget_max: input.budget_max,
            currency: checked.currency.as_str(),
            language: checked.language.as_str(),
            region: input.region.trim(),
            contact_name: input.contact_name.trim(),
            email: checked.email.as_str(),
            phone: &checked.phone,
            cancel_hash: &crypto::sha256_hex(&secret),
            now,
            closes_at: now + self.settings.tender_days * 86_400,
            ip: &actor.origin.ip,
        };
        let id = repo::insert(&mut change.tx, &new).await?;
        let tender = repo::find(&mut change.tx, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        change
            .record(
                Entry::new(AuditAction::TenderPost, "tender", Some(id))
                    .details(format!("category={} region={}", tender.category, tender.region)),
            )
            .await?;
        self.mail_tender(&mut change, &tender, &secret, checked.language)
            .await?;
        change.commit().await?;
        Ok(PostedTender {
            tender,
            cancel_secret: secret,
        })
    }

    /// TEN-3, TEN-2: the author's e-mail with the cancellation link; each partner of the
    /// category's extract, without contact details, in the partner's language.
    async fn mail_tender(
        &self,
        change: &mut crate::change::Change<'_>,
        tender: &TenderRow,
        secret: &str,
        language: Language,
    ) -> AppResult<()> {
        let id = tender.id;
        let template = Template::TenderPosted {
            need: extract(&tender.need),
            link: format!("{}{TENDER_CANCEL_PATH}{secret}", self.settings.public_url),
            days: self.settings.tender_days,
        };
        change
            .mail(&tender.email, language, &tender.contact_name, &template)
            .await?;
        for partner in partners::offering(&mut change.tx, &tender.category).await? {
            let lang = Language::parse(&partner.applicant_language).unwrap_or_default();
            let template = Template::TenderExtract {
                category: crate::platform::i18n::t(lang, &format!("type-{}", tender.category)),
                need: extract(&tender.need),
                budget: budget_text(tender),
                region: tender.region.clone(),
                language: language.native_name().to_owned(),
                link: format!("{}/console/tenders/{id}", self.settings.public_url),
            };
            let to = partner.address();
            change.mail(to, lang, "", &template).await?;
        }
        Ok(())
    }

    /// TEN-3: the tender a cancellation link names (for the page that asks to confirm).
    pub async fn tender_by_link(&self, secret: &str) -> AppResult<TenderRow> {
        let mut c = self.read().await?;
        repo::find_by_cancel_hash(&mut c, &crypto::sha256_hex(secret))
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::InvalidLink))
    }

    /// TEN-3: the author closes the tender by its link, at once for every partner; using the
    /// link again answers the tender as it is (closed).
    pub async fn cancel_tender(&self, actor: &Actor, secret: &str) -> AppResult<TenderRow> {
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let tender = repo::find_by_cancel_hash(&mut change.tx, &crypto::sha256_hex(secret))
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::InvalidLink))?;
        if repo::close(&mut change.tx, tender.id, TenderStatus::Cancelled, now).await? {
            change
                .record(Entry::new(AuditAction::TenderCancel, "tender", Some(tender.id)).details("by=author"))
                .await?;
        }
        let tender = repo::find(&mut change.tx, tender.id)
            .await?
            .ok_or_else(AppError::not_found)?;
        change.commit().await?;
        Ok(tender)
    }

    /// TEN-3 (job): closes the tenders whose days ran out.
    pub async fn close_due_tenders(&self, now: i64) -> AppResult<u64> {
        let actor = Actor::system();
        let mut change = self.change(&actor, now).await?;
        let closed = repo::close_due(&mut change.tx, now).await?;
        let entries = closed
            .iter()
            .map(|id| Entry::new(AuditAction::TenderClose, "tender", Some(*id)).details("by=time"))
            .collect();
        change.record_many(entries).await?;
        change.commit().await?;
        Ok(closed.len() as u64)
    }

    /// The partner record of `org` if it is an approved partner. Any member of a partner sees
    /// its calls for tender; another organization sees none.
    async fn approved_partner(&self, actor: &Actor, org: OrgId) -> AppResult<Option<PartnerRow>> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::OrganizationRead, Resource::Organization(&facts))?;
        super::members_only(&facts)?;
        let mut c = self.read().await?;
        Ok(partners::find(&mut c, org.0)
            .await?
            .filter(|p| p.status == PartnerStatus::Approved))
    }

    /// TEN-2: the open tenders of the partner's categories, newest first; none for an
    /// organization that is not an approved partner.
    pub async fn partner_tenders(&self, actor: &Actor, org: OrgId) -> AppResult<Vec<TenderRow>> {
        let Some(partner) = self.approved_partner(actor, org).await? else {
            return Ok(vec![]);
        };
        let mut c = self.read().await?;
        Ok(repo::open_in(&mut c, &partner.services, LIST_MAX).await?)
    }

    /// TEN-2: one open tender of the partner's categories in full, with its contact details;
    /// the opening is recorded (and audited) for the member who opened it. A closed tender, or
    /// one of another category, is not found.
    pub async fn partner_tender(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<TenderView> {
        let partner = self
            .approved_partner(actor, org)
            .await?
            .ok_or_else(AppError::not_found)?;
        let user = actor.user_id().ok_or_else(AppError::not_found)?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let tender = repo::find(&mut change.tx, id)
            .await?
            .filter(|t| t.status == TenderStatus::Open && t.closes_at > now)
            .filter(|t| partner.services.split(' ').any(|s| s == t.category))
            .ok_or_else(AppError::not_found)?;
        repo::record_view(&mut change.tx, id, org.0, user.0, now).await?;
        change
            .record(Entry::new(AuditAction::TenderView, "tender", Some(id)).org(org.0))
            .await?;
        let views = repo::views(&mut change.tx, id, org.0).await?;
        change.commit().await?;
        Ok(TenderView { tender, views })
    }
}

/// `CHF 500.00 – 2000.00`.
pub fn budget_text(t: &TenderRow) -> String {
    format!(
        "{} {} – {}",
        t.currency,
        kontor_domain::money::format_minor(t.budget_min),
        kontor_domain::money::format_minor(t.budget_max)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_2_extract_leaves_out_contact_details_typed_into_the_need() {
        let need = "We need a shop for 200 products. Call Anna at +41 44 123 45 67 or 044 987 65 43, \
                    write to anna@example.ch, see https://example.ch or www.example.ch";
        let e = extract(need);
        assert!(e.starts_with("We need a shop for 200 products."), "{e}");
        for leak in ["123", "987", "anna@", "example.ch", "+41", "044"] {
            assert!(!e.contains(leak), "{leak} in {e}");
        }
    }

    #[test]
    fn ten_2_extract_is_cut_to_its_length() {
        let e = extract(&"word ".repeat(200));
        assert!(e.chars().count() <= EXTRACT_MAX + 1);
        assert!(e.ends_with('…'));
    }
}
