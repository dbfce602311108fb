//! PAR-12: affiliates — organizations (individuals or companies) that recommend Kontor with a
//! referral link and earn a commission on the first paid invoice of each organization that
//! signed up through it. The commission itself is credited by billing
//! ([`crate::billing::commission`]) when that invoice is paid.
//!
//! Following a link (`/r/{code}`) gives the visitor a signed cookie naming the code and the
//! moment; a sign-up within the window is attributed to that affiliate. The first link wins:
//! a valid cookie is not replaced by another link, and an organization is attributed once.

use kontor_domain::{AuditAction, Event, OrgId, PartnerStatus, Percent};
use kontor_store::orgs;
use kontor_store::partners::affiliates::{self as repo, AffiliateRow, ReferralRow, ReferralTotals};
use rand::Rng;
use serde_json::json;

use crate::App;
use crate::access::{Action, Resource, authorize};
use crate::change::Change;
use crate::partners::{lang_of, members_only, programmes};
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::crypto::{constant_time_eq, hmac_hex};
use crate::platform::error::{AppError, AppResult, ErrorCode};
use crate::platform::mail::Template;

/// The cookie a followed referral link leaves: `code.clicked_at.signature`.
pub const REFERRAL_COOKIE: &str = "kontor_ref";
/// The affiliate page shows this many referrals (the newest); the totals count them all.
const REFERRALS_SHOWN: i64 = 200;
/// Referral codes: lower-case letters and digits that cannot be mistaken for one another.
const CODE_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
const CODE_LEN: usize = 10;

/// How a sign-up names the affiliate that referred it.
#[derive(Debug, Clone)]
pub enum Referral {
    /// `POST /1/signup {referral_code}`: an unknown code is refused.
    Code(String),
    /// The console's sign-up, with the cookie of a followed link: a cookie that is forged,
    /// stale or names a code no longer known attributes nothing and blocks nothing.
    Cookie(String),
}

/// An affiliate with its link, what its referrals add up to, and the newest of them.
#[derive(Debug, Clone)]
pub struct AffiliateView {
    pub affiliate: AffiliateRow,
    pub link: String,
    pub window_days: i64,
    pub totals: ReferralTotals,
    pub referrals: Vec<ReferralRow>,
}

fn new_code() -> String {
    let mut rng = rand::rng();
    (0..CODE_LEN)
        .map(|_| char::from(CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())]))
        .collect()
}

/// A code no affiliate holds (31^10 codes: a clash is drawn again, not expected).
async fn unused_code(c: &mut kontor_store::Conn) -> AppResult<String> {
    for _ in 0..5 {
        let code = new_code();
        if repo::find_by_code(c, &code).await?.is_none() {
            return Ok(code);
        }
    }
    Err(AppError::Internal(anyhow::anyhow!(
        "no free referral code after 5 draws"
    )))
}

/// A code as links carry it: only the alphabet's characters, the right length.
fn code_ok(code: &str) -> bool {
    code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b))
}

impl App {
    fn referral_signature(&self, code: &str, clicked_at: i64) -> String {
        hmac_hex(
            &self.settings.server_key,
            &format!("referral:{code}.{clicked_at}"),
        )
    }

    /// The code and moment a referral cookie names, when its signature holds and it was
    /// set within the window.
    pub fn referral_of_cookie(&self, value: &str) -> Option<(String, i64)> {
        let mut parts = value.splitn(3, '.');
        let (code, at, sig) = (parts.next()?, parts.next()?, parts.next()?);
        let at: i64 = at.parse().ok()?;
        let fresh = self.now_ts() - at <= self.settings.affiliate_window_days * 86_400;
        (code_ok(code) && fresh && constant_time_eq(sig, &self.referral_signature(code, at)))
            .then(|| (code.to_owned(), at))
    }

    /// PAR-12: a visitor follows the referral link of `code`. Answers the cookie to set, or
    /// `None` when the code is no affiliate's or the visitor holds a valid cookie already
    /// (the first link followed wins for the window).
    pub async fn follow_referral(&self, code: &str, held: Option<&str>) -> AppResult<Option<String>> {
        if held.is_some_and(|v| self.referral_of_cookie(v).is_some()) || !code_ok(code) {
            return Ok(None);
        }
        let mut c = self.read().await?;
        if repo::find_by_code(&mut c, code).await?.is_none() {
            return Ok(None);
        }
        let now = self.now_ts();
        Ok(Some(format!(
            "{code}.{now}.{}",
            self.referral_signature(code, now)
        )))
    }

    /// The affiliate a sign-up names and when its link was followed. An unknown code given to
    /// the API is refused (the sign-up's transaction then creates nothing).
    async fn referring_affiliate(
        &self,
        c: &mut kontor_store::Conn,
        referral: &Referral,
    ) -> AppResult<Option<(AffiliateRow, i64)>> {
        let (code, clicked, strict) = match referral {
            Referral::Code(code) => (code.trim().to_owned(), self.now_ts(), true),
            Referral::Cookie(value) => match self.referral_of_cookie(value) {
                Some((code, at)) => (code, at, false),
                None => return Ok(None),
            },
        };
        let found = if code_ok(&code) {
            repo::find_by_code(c, &code).await?
        } else {
            None
        };
        match found {
            Some(a) => Ok(Some((a, clicked))),
            None if strict => Err(AppError::field("referral_code", "unknown")),
            None => Ok(None),
        }
    }

    /// PAR-12: attributes the organization a sign-up just created to the affiliate that
    /// referred it, audited on both sides.
    pub(crate) async fn attribute_referral(
        &self,
        change: &mut Change<'_>,
        who: &Actor,
        org: i64,
        referral: Option<&Referral>,
    ) -> AppResult<()> {
        let Some(referral) = referral else {
            return Ok(());
        };
        let Some((affiliate, clicked_at)) = self.referring_affiliate(&mut change.tx, referral).await? else {
            return Ok(());
        };
        if !repo::attribute(
            &mut change.tx,
            org,
            affiliate.organization_id,
            clicked_at,
            change.now,
        )
        .await?
        {
            return Ok(());
        }
        let details = format!("code={} referred={org}", affiliate.code);
        for side in [affiliate.organization_id, org] {
            change
                .record_as(
                    who,
                    Entry::new(AuditAction::PartnerReferral, "organization", Some(org))
                        .org(side)
                        .details(details.clone()),
                )
                .await?;
        }
        change
            .emit(
                Event::PartnerReferralAttributed,
                Some(affiliate.organization_id),
                json!({"affiliate_id": affiliate.organization_id, "organization_id": org}),
            )
            .await
    }

    fn referral_link(&self, code: &str) -> String {
        format!("{}/r/{code}", self.settings.public_url)
    }

    /// PAR-12: the organization's affiliate record with its referrals and earnings, if it is
    /// one (any member sees it).
    pub async fn affiliate(&self, actor: &Actor, org: OrgId) -> AppResult<Option<AffiliateView>> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::OrganizationRead, Resource::Organization(&facts))?;
        members_only(&facts)?;
        let mut c = self.read().await?;
        let Some(affiliate) = repo::find(&mut c, org.0).await? else {
            return Ok(None);
        };
        let totals = repo::totals(&mut c, org.0).await?;
        let referrals = repo::referrals(&mut c, org.0, REFERRALS_SHOWN).await?;
        Ok(Some(AffiliateView {
            link: self.referral_link(&affiliate.code),
            window_days: self.settings.affiliate_window_days,
            affiliate,
            totals,
            referrals,
        }))
    }

    /// PAR-12: a legal representative registers the organization (a person or a company) as
    /// an affiliate, accepting the affiliate conditions; it gets its referral link by e-mail.
    /// A partner, or an organization whose application is pending, cannot (PAR-1).
    pub async fn register_affiliate(
        &self,
        actor: &Actor,
        org: OrgId,
        accept_conditions: bool,
    ) -> AppResult<AffiliateView> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::PartnersManage, Resource::Organization(&facts))?;
        let user = actor.user_id().ok_or_else(AppError::not_found)?;
        if !accept_conditions {
            return Err(AppError::field("accept_conditions", "must_accept"));
        }
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let (partner, affiliate) = programmes(&mut change.tx, org.0).await?;
        if partner.is_some_and(|p| p.status != PartnerStatus::Rejected) {
            return Err(AppError::new(ErrorCode::AlreadyPartner));
        }
        if affiliate {
            return Err(AppError::new(ErrorCode::AffiliateExists));
        }
        let bp = self.settings.affiliate_commission_bp;
        let code = unused_code(&mut change.tx).await?;
        if !repo::register(&mut change.tx, org.0, &code, bp, user.0, now).await? {
            return Err(AppError::new(ErrorCode::AffiliateExists));
        }
        let organization = orgs::find_org(&mut change.tx, org.0)
            .await?
            .ok_or_else(AppError::not_found)?;
        change
            .record(
                Entry::new(AuditAction::PartnerAffiliate, "organization", Some(org.0))
                    .org(org.0)
                    .details(format!("code={code} commission_bp={bp}")),
            )
            .await?;
        change
            .emit(
                Event::PartnerAffiliateRegistered,
                Some(org.0),
                json!({"organization_id": org.0}),
            )
            .await?;
        let template = Template::AffiliateRegistered {
            organization: organization.name.clone(),
            link: self.referral_link(&code),
            commission: Percent(bp).to_decimal(),
            days: self.settings.affiliate_window_days,
        };
        let me = kontor_store::identity::users::find_user(&mut change.tx, user.0)
            .await?
            .ok_or_else(AppError::not_found)?;
        change
            .mail(&me.email, lang_of(&me.language), &me.first_name, &template)
            .await?;
        change.commit().await?;
        self.affiliate(actor, org).await?.ok_or_else(AppError::not_found)
    }
}
