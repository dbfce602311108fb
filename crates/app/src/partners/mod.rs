//! The partner programme, first part: becoming a partner (PAR-1), staff's decision and the
//! discount rate, and the public directory (PAR-11). Calls for tender (TEN) are in
//! [`tenders`].
//!
//! An application is filed by a legal representative of a company with a registry id; staff
//! (billing or admin) approve it with a discount rate or reject it with a reason; a rejected
//! organization may apply again. Whether the website is *active* is for staff to judge: the
//! application checks that it is an http(s) address.

pub mod affiliates;
pub mod partnerships;
pub mod statement;
pub mod tenders;

use kontor_domain::{AuditAction, Currency, Email, Event, Language, OrgId, OrgKind, PartnerStatus};
use kontor_store::partners::{self as repo, Directory, NewApplication, PartnerRow};
use kontor_store::{Conn, orgs};
use serde_json::json;

use crate::App;
use crate::access::{Action, Resource, authorize, decide};
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::error::{AppError, AppResult, ErrorCode, Validator};
use crate::platform::mail::Template;

/// PAR-1: the managed products a year an applicant must expect, in minor units.
pub fn minimum_volume(currency: Currency) -> i64 {
    match currency {
        Currency::Chf => 200_000,
        Currency::Eur => 180_000,
    }
}

/// Directory answers at most this many partners.
const DIRECTORY_LIMIT: i64 = 50;
const WEBSITE_MAX: usize = 200;
const REGIONS_MAX: usize = 200;
const REASON_MAX: usize = 1000;

/// What an application says.
#[derive(Debug, Clone, Default)]
pub struct ApplicationInput {
    pub website: String,
    /// Expected managed products a year, in the organization's currency (minor units).
    pub expected_volume: i64,
    pub accept_conditions: bool,
}

/// A partner's directory entry as asked for; `languages` and `services` are codes.
#[derive(Debug, Clone, Default)]
pub struct DirectoryInput {
    pub listed: bool,
    pub contact_email: String,
    pub languages: Vec<String>,
    pub regions: String,
    pub services: Vec<String>,
}

/// Staff's decision on an application.
#[derive(Debug, Clone)]
pub enum PartnerDecision {
    /// With the discount rate in basis points (`None`: the default).
    Approve(Option<i64>),
    Reject(String),
}

/// An http(s) address with a host that has a dot, and nothing a link could not hold.
pub fn website_ok(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let Some(rest) = rest else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
    url.len() <= WEBSITE_MAX
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-')
}

/// PAR-1: what an application must hold, all problems at once.
fn check_application(organization: &kontor_store::orgs::OrgRow, input: &ApplicationInput) -> AppResult<()> {
    let currency = Currency::parse(&organization.currency).unwrap_or(Currency::Chf);
    let website = input.website.trim();
    let mut v = Validator::default();
    v.check(
        OrgKind::parse(&organization.kind) == Some(OrgKind::Company),
        "kind",
        "not_a_company",
    );
    v.check(
        organization
            .registry_id
            .as_deref()
            .is_some_and(|r| !r.trim().is_empty()),
        "registry_id",
        "required",
    );
    if website.is_empty() {
        v.fail("website", "required");
    } else {
        v.check(website_ok(website), "website", "invalid_url");
    }
    v.check(
        input.expected_volume >= minimum_volume(currency),
        "expected_volume",
        "below_minimum",
    );
    v.check(input.accept_conditions, "accept_conditions", "must_accept");
    v.finish()
}

/// AUTHZ-3: an organization's own partner programme — its application, its clients, its
/// calls for tender — is for its members; a partner reaching it as a client manages products.
pub(crate) fn members_only(facts: &crate::access::Facts) -> AppResult<()> {
    if facts.membership.is_none() && facts.partner.is_some() {
        return Err(AppError::with_message(
            ErrorCode::Forbidden,
            "a partner manages the client's products, not its partner programme",
        ));
    }
    Ok(())
}

/// PAR-1: the organization's partner record and whether it is an affiliate, under a lock on
/// its row — partner or affiliate, not both, so an application and a registration at the same
/// moment are decided one after the other.
pub(crate) async fn programmes(tx: &mut Conn, org: i64) -> AppResult<(Option<PartnerRow>, bool)> {
    orgs::lock_org(tx, org).await?;
    let partner = repo::find(tx, org).await?;
    Ok((partner, repo::affiliates::find(tx, org).await?.is_some()))
}

/// PAR-1: an affiliate cannot apply to become a partner.
async fn not_an_affiliate(tx: &mut Conn, org: i64) -> AppResult<()> {
    if programmes(tx, org).await?.1 {
        return Err(AppError::new(ErrorCode::AlreadyAffiliate));
    }
    Ok(())
}

pub(crate) fn lang_of(code: &str) -> Language {
    Language::parse(code).unwrap_or_default()
}

impl App {
    /// PAR-1: the organization's application or partner record, if any (any member sees it).
    pub async fn partner_application(&self, actor: &Actor, org: OrgId) -> AppResult<Option<PartnerRow>> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::OrganizationRead, Resource::Organization(&facts))?;
        members_only(&facts)?;
        let mut c = self.read().await?;
        Ok(repo::find(&mut c, org.0).await?)
    }

    /// PAR-1: a legal representative applies for the organization. It must be a company with a
    /// registry id, name an http(s) website, accept the reseller conditions and expect at least
    /// CHF 2,000 / EUR 1,800 a year; one application at a time, again after a rejection.
    pub async fn apply_for_partnership(
        &self,
        actor: &Actor,
        org: OrgId,
        input: &ApplicationInput,
    ) -> AppResult<PartnerRow> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::PartnersManage, Resource::Organization(&facts))?;
        let user = actor.user_id().ok_or_else(AppError::not_found)?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let organization = orgs::find_org(&mut change.tx, org.0)
            .await?
            .ok_or_else(AppError::not_found)?;
        let website = input.website.trim();
        check_application(&organization, input)?;
        not_an_affiliate(&mut change.tx, org.0).await?;
        let email = actor.email().unwrap_or_default().to_owned();
        let application = NewApplication {
            org: org.0,
            website,
            expected_volume: input.expected_volume,
            user: user.0,
            discount_bp: self.settings.partner_discount_default_bp,
            contact_email: &email,
            now,
        };
        if !repo::apply(&mut change.tx, &application).await? {
            return Err(AppError::new(ErrorCode::PartnerApplicationExists));
        }
        let row = repo::find(&mut change.tx, org.0)
            .await?
            .ok_or_else(AppError::not_found)?;
        change
            .record(
                Entry::new(AuditAction::PartnerApply, "partner", Some(org.0))
                    .org(org.0)
                    .details(format!(
                        "website={website} expected_volume={}",
                        input.expected_volume
                    )),
            )
            .await?;
        change
            .emit(
                Event::PartnerApplied,
                Some(org.0),
                json!({ "organization_id": org.0 }),
            )
            .await?;
        let template = Template::PartnerApplied {
            organization: row.name.clone(),
        };
        change
            .mail(
                &row.applicant_email,
                lang_of(&row.applicant_language),
                &row.applicant_name,
                &template,
            )
            .await?;
        change.commit().await?;
        Ok(row)
    }

    /// PAR-1 (staff): the pending applications, then the latest decisions.
    pub async fn staff_partners(&self, actor: &Actor) -> AppResult<Vec<PartnerRow>> {
        decide(actor, Action::StaffPartners, Resource::Platform).into_result()?;
        let mut c = self.read().await?;
        Ok(repo::list_for_staff(&mut c, 50).await?)
    }

    /// PAR-1 (staff): one application or partner.
    pub async fn staff_partner(&self, actor: &Actor, org: i64) -> AppResult<PartnerRow> {
        decide(actor, Action::StaffPartners, Resource::Platform).into_result()?;
        let mut c = self.read().await?;
        repo::find(&mut c, org).await?.ok_or_else(AppError::not_found)
    }

    /// PAR-1 (staff): approves with a discount rate (default 20 %, at most 35 %) or rejects
    /// with a reason; the applicant is told by e-mail either way.
    pub async fn decide_partner(
        &self,
        actor: &Actor,
        org: i64,
        decision: &PartnerDecision,
    ) -> AppResult<PartnerRow> {
        decide(actor, Action::StaffPartners, Resource::Platform).into_result()?;
        let staff = actor.staff_id().ok_or_else(AppError::not_found)?;
        let (status, reason, rate) = self.decision_parts(decision)?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let before = repo::find(&mut change.tx, org)
            .await?
            .ok_or_else(AppError::not_found)?;
        if !repo::decide(&mut change.tx, org, status, staff, &reason, rate, now).await? {
            return Err(AppError::new(ErrorCode::ApplicationDecided));
        }
        let (action, event, details) = match status {
            PartnerStatus::Approved => (
                AuditAction::PartnerApprove,
                Event::PartnerApproved,
                format!("discount_bp={rate}"),
            ),
            _ => (
                AuditAction::PartnerReject,
                Event::PartnerRejected,
                format!("reason={reason}"),
            ),
        };
        change
            .record(Entry::new(action, "partner", Some(org)).org(org).details(details))
            .await?;
        change
            .emit(
                event,
                Some(org),
                json!({ "organization_id": org, "discount_bp": rate }),
            )
            .await?;
        let template = match status {
            PartnerStatus::Approved => Template::PartnerApproved {
                organization: before.name.clone(),
                discount: format!("{} %", kontor_domain::Percent(rate).to_decimal()),
                url: format!("{}/console/partner", self.settings.public_url),
            },
            _ => Template::PartnerRejected {
                organization: before.name.clone(),
                reason: reason.clone(),
            },
        };
        change
            .mail(
                &before.applicant_email,
                lang_of(&before.applicant_language),
                &before.applicant_name,
                &template,
            )
            .await?;
        let row = repo::find(&mut change.tx, org)
            .await?
            .ok_or_else(AppError::not_found)?;
        change.commit().await?;
        Ok(row)
    }

    /// The status, reason and rate a decision writes; a rejection needs its reason.
    fn decision_parts(&self, decision: &PartnerDecision) -> AppResult<(PartnerStatus, String, i64)> {
        match decision {
            PartnerDecision::Approve(rate) => {
                let rate = rate.unwrap_or(self.settings.partner_discount_default_bp);
                self.check_rate(rate)?;
                Ok((PartnerStatus::Approved, String::new(), rate))
            }
            PartnerDecision::Reject(reason) => {
                Validator::default().name("reason", reason, REASON_MAX).finish()?;
                Ok((
                    PartnerStatus::Rejected,
                    reason.trim().to_owned(),
                    self.settings.partner_discount_default_bp,
                ))
            }
        }
    }

    fn check_rate(&self, rate: i64) -> AppResult<()> {
        Validator::default()
            .check(
                (0..=self.settings.partner_discount_max_bp).contains(&rate),
                "discount",
                "out_of_range",
            )
            .finish()
    }

    /// PAR-8 (staff): a partner's new discount rate, from the next order on; the partner is told.
    pub async fn set_partner_discount(&self, actor: &Actor, org: i64, rate: i64) -> AppResult<PartnerRow> {
        decide(actor, Action::StaffPartners, Resource::Platform).into_result()?;
        self.check_rate(rate)?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let before = repo::find(&mut change.tx, org)
            .await?
            .ok_or_else(AppError::not_found)?;
        if !repo::set_discount(&mut change.tx, org, rate, now).await? {
            return Err(AppError::new(ErrorCode::NotAPartner));
        }
        change
            .record(
                Entry::new(AuditAction::PartnerDiscount, "partner", Some(org))
                    .org(org)
                    .details(format!("discount_bp={}→{rate}", before.discount_bp)),
            )
            .await?;
        change
            .emit(
                Event::PartnerDiscountChanged,
                Some(org),
                json!({ "organization_id": org, "discount_bp": rate }),
            )
            .await?;
        let template = Template::PartnerDiscount {
            organization: before.name.clone(),
            discount: format!("{} %", kontor_domain::Percent(rate).to_decimal()),
        };
        self.mail_partner(&mut change, &before, &template).await?;
        let row = repo::find(&mut change.tx, org)
            .await?
            .ok_or_else(AppError::not_found)?;
        change.commit().await?;
        Ok(row)
    }

    /// Writes a message to the partner's contact address, in the applicant's language.
    async fn mail_partner(
        &self,
        change: &mut crate::change::Change<'_>,
        partner: &PartnerRow,
        template: &Template,
    ) -> AppResult<()> {
        change
            .mail(
                partner.address(),
                lang_of(&partner.applicant_language),
                "",
                template,
            )
            .await?;
        Ok(())
    }

    /// PAR-11: an approved partner's directory entry (opt-in): contact address, languages,
    /// regions, services — the services are also the categories of calls for tender it
    /// receives (TEN-2).
    pub async fn set_partner_directory(
        &self,
        actor: &Actor,
        org: OrgId,
        input: &DirectoryInput,
    ) -> AppResult<PartnerRow> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::PartnersManage, Resource::Organization(&facts))?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let partner = repo::find(&mut change.tx, org.0).await?;
        if partner.is_none_or(|p| p.status != PartnerStatus::Approved) {
            return Err(AppError::new(ErrorCode::NotAPartner));
        }
        let entry = self.directory_entry(&mut change.tx, input).await?;
        if !repo::set_directory(&mut change.tx, org.0, &entry, now).await? {
            return Err(AppError::new(ErrorCode::NotAPartner));
        }
        change
            .record(
                Entry::new(AuditAction::PartnerDirectory, "partner", Some(org.0))
                    .org(org.0)
                    .details(format!(
                        "listed={} languages={} services={}",
                        entry.listed, entry.languages, entry.services
                    )),
            )
            .await?;
        let row = repo::find(&mut change.tx, org.0)
            .await?
            .ok_or_else(AppError::not_found)?;
        change.commit().await?;
        Ok(row)
    }

    async fn directory_entry(&self, c: &mut Conn, input: &DirectoryInput) -> AppResult<Directory> {
        let types = kontor_store::catalog::list_types(c).await?;
        let mut v = Validator::default();
        let email = Email::parse(&input.contact_email);
        v.check(email.is_some(), "contact_email", "invalid_email");
        v.check(
            input.languages.iter().all(|l| Language::parse(l).is_some()),
            "languages",
            "invalid_language",
        );
        v.line("regions", input.regions.trim(), REGIONS_MAX);
        v.check(
            input.services.iter().all(|s| types.iter().any(|t| &t.code == s)),
            "services",
            "unknown_product_type",
        );
        v.finish()?;
        let languages: Vec<&str> = Language::ALL
            .iter()
            .map(|l| l.as_str())
            .filter(|l| input.languages.iter().any(|x| x == l))
            .collect();
        let services: Vec<&str> = types
            .iter()
            .map(|t| t.code.as_str())
            .filter(|code| input.services.iter().any(|s| s == code))
            .collect();
        Ok(Directory {
            listed: input.listed,
            contact_email: email.map(|e| e.as_str().to_owned()).unwrap_or_default(),
            languages: languages.join(" "),
            regions: input.regions.trim().to_owned(),
            services: services.join(" "),
        })
    }

    /// PAR-11, PAR-2: the public directory — listed partners whose name contains `query`, or
    /// the approved partner whose contact address `query` is exactly (a client that knows its
    /// partner's address finds it even when it is not listed).
    pub async fn partner_directory(&self, query: &str) -> AppResult<Vec<PartnerRow>> {
        let query = query.trim();
        if query.chars().any(char::is_control) || query.chars().count() > 200 {
            return Ok(vec![]);
        }
        let email = Email::parse(query)
            .map(|e| e.as_str().to_owned())
            .unwrap_or_default();
        let name = (!query.contains('@')).then_some(query);
        let mut c = self.read().await?;
        Ok(repo::directory(&mut c, name, &email, DIRECTORY_LIMIT).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn par_1_website_must_be_an_http_address_with_a_host() {
        assert!(website_ok("https://example.ch"));
        assert!(website_ok("http://www.muster-hosting.de/about?x=1"));
        assert!(website_ok("https://example.ch:8443/"));
        for bad in [
            "example.ch",
            "ftp://example.ch",
            "https://localhost",
            "https://exa mple.ch",
            "https://.ch",
            "https://example.ch\"onmouseover=x",
            "javascript:alert(1)",
        ] {
            assert!(!website_ok(bad), "{bad}");
        }
    }

    #[test]
    fn par_1_minimum_volume_per_currency() {
        assert_eq!(minimum_volume(Currency::Chf), 200_000);
        assert_eq!(minimum_volume(Currency::Eur), 180_000);
    }
}
