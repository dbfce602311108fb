//! Support (SUP): support staff find customers by the support code (SUP-1); users grant
//! support staff temporary access to their content, per kind (SUP-3); every staff access to
//! customer content or account data is logged and shown to the customer (SUP-4); product
//! back-ends ask whether a grant is current (AUTHZ-5). Identity verification (SEC-5, SUP-5)
//! is the one way support lifts a second factor.

pub mod verification;
pub mod vip;

use kontor_domain::staff::SUPPORT_GRANT_DAYS;
use kontor_domain::{AuditAction, Language, SupportKind, UserId};
use kontor_store::billing::invoices::{self, InvoiceRow};
use kontor_store::identity::users::{self, UserRow};
use kontor_store::orgs::{self, MyOrgRow};
use kontor_store::products::{self, ProductRow, sites};
use kontor_store::support::{self as store, AccessRow, GrantRow, NewAccess};
use kontor_store::{Conn, at};

use crate::App;
use crate::access::{Action, Resource, decide};
use crate::platform::actor::{Actor, ActorKind};
use crate::platform::audit::{Entry, record};
use crate::platform::error::{AppError, AppResult, ErrorCode};
use crate::platform::i18n::t;
use crate::platform::mail::Template;

/// A user's support access: the grant in force per kind, past grants and the access log.
#[derive(Debug, Clone)]
pub struct SupportAccess {
    pub current: Vec<GrantRow>,
    pub grants: Vec<GrantRow>,
    pub log: Vec<AccessRow>,
    pub log_total: i64,
}

/// AUTHZ-5: a back-end's answer about a user's content of one kind.
#[derive(Debug, Clone)]
pub struct SupportCheck {
    pub allowed: bool,
    pub expires_at: Option<i64>,
    pub reason: String,
}

/// One organization of a customer as support sees it (SUP-1).
#[derive(Debug, Clone)]
pub struct CustomerOrg {
    pub organization: MyOrgRow,
    pub products: Vec<ProductRow>,
    pub invoices: Vec<InvoiceRow>,
}

/// A customer found by support code: account, organizations, products, invoices, grants.
#[derive(Debug, Clone)]
pub struct Customer {
    pub user: UserRow,
    pub organizations: Vec<CustomerOrg>,
    pub current_grants: Vec<GrantRow>,
}

/// What a grant lets support staff open.
#[derive(Debug, Clone)]
pub struct Content {
    pub kind: SupportKind,
    /// One line per item: a mailbox, a drive, a chat (with its organization).
    pub items: Vec<String>,
}

fn parse_kind(kind: &str) -> AppResult<SupportKind> {
    SupportKind::parse(kind).ok_or_else(|| AppError::field("kind", "invalid_support_kind"))
}

/// A point in time for an e-mail: `2026-12-08 14:05 UTC`.
fn when(ts: i64) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    at(ts).format(&f).unwrap_or_default()
}

impl App {
    fn own_user_id(actor: &Actor) -> AppResult<UserId> {
        actor
            .user_id()
            .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))
    }

    /// SUP-3: grants support staff access to one kind of the user's content for 7 days. A
    /// grant of that kind in force is replaced by the new one (7 days from now).
    pub async fn grant_support_access(&self, actor: &Actor, kind: &str) -> AppResult<GrantRow> {
        decide(actor, Action::ProfileUpdate, Resource::OwnAccount).into_result()?;
        let kind = parse_kind(kind)?;
        let user = Self::own_user_id(actor)?;
        let now = self.now_ts();
        let expires = now + SUPPORT_GRANT_DAYS * 86_400;
        let mut change = self.change(actor, now).await?;
        store::lock_user(&mut change.tx, user.0).await?;
        let u = users::find_user(&mut change.tx, user.0)
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))?;
        store::end_grant(&mut change.tx, user.0, kind.as_str(), now, "renewed").await?;
        let id = store::insert_grant(&mut change.tx, user.0, kind.as_str(), now, expires).await?;
        let entry = Entry::new(AuditAction::SupportAccessGrant, "support_grant", Some(id))
            .details(format!("kind={kind} until={}", when(expires)));
        change.record(entry).await?;
        let lang = Language::parse(&u.language).unwrap_or_default();
        let tpl = Template::SupportAccessGranted {
            kind: t(lang, &format!("support-kind-{kind}")),
            until: when(expires),
        };
        change.mail(&u.email, lang, &u.first_name, &tpl).await?;
        let row = store::find_current_grant(&mut change.tx, user.0, kind.as_str(), now)
            .await?
            .ok_or_else(AppError::not_found)?;
        change.commit().await?;
        Ok(row)
    }

    /// SUP-3: ends the user's grant of `kind` now; `not_found` when none is in force.
    pub async fn revoke_support_access(&self, actor: &Actor, kind: &str) -> AppResult<()> {
        decide(actor, Action::ProfileUpdate, Resource::OwnAccount).into_result()?;
        let kind = parse_kind(kind)?;
        let user = Self::own_user_id(actor)?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        if store::end_grant(&mut change.tx, user.0, kind.as_str(), now, "revoked").await? == 0 {
            return Err(AppError::not_found());
        }
        let u = users::find_user(&mut change.tx, user.0)
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))?;
        change
            .record(
                Entry::new(AuditAction::SupportAccessRevoke, "user", Some(user.0))
                    .details(format!("kind={kind}")),
            )
            .await?;
        let lang = Language::parse(&u.language).unwrap_or_default();
        let tpl = Template::SupportAccessEnded {
            kind: t(lang, &format!("support-kind-{kind}")),
            reason: t(lang, "support-ended-revoked"),
        };
        change.mail(&u.email, lang, &u.first_name, &tpl).await?;
        change.commit().await
    }

    /// SUP-3, SUP-4: the user's grants and the log of staff access to their content and
    /// account data (who, when, what), newest first.
    pub async fn support_access(&self, actor: &Actor, offset: i64, limit: i64) -> AppResult<SupportAccess> {
        decide(actor, Action::ProfileRead, Resource::OwnAccount).into_result()?;
        let user = Self::own_user_id(actor)?;
        let now = self.now_ts();
        let mut c = self.read().await?;
        let grants = store::list_grants(&mut c, user.0).await?;
        let current = grants
            .iter()
            .filter(|g| g.ended_at.is_none() && g.expires_at > now)
            .cloned()
            .collect();
        let log = store::list_access(&mut c, user.0, limit, offset).await?;
        let log_total = store::count_access(&mut c, user.0).await?;
        Ok(SupportAccess {
            current,
            grants,
            log,
            log_total,
        })
    }

    /// AUTHZ-5, SUP-3: may support staff see `user`'s content of `kind` now? Asked by a product
    /// back-end with a service token. With `staff` (a staff e-mail) and an allowed answer the
    /// back-end reports an access: it is logged for the customer (SUP-4).
    pub async fn check_support_access(
        &self,
        actor: &Actor,
        user: i64,
        kind: &str,
        staff: Option<&str>,
        what: Option<&str>,
    ) -> AppResult<SupportCheck> {
        decide(actor, Action::AccessCheck, Resource::OwnAccount).into_result()?;
        let kind = parse_kind(kind)?;
        // What a back-end reports lands in a log the customer reads: plain text, bounded.
        let mut v = crate::platform::error::Validator::default();
        v.line("what", what.unwrap_or_default(), 200);
        v.line("staff", staff.unwrap_or_default(), 254);
        v.finish()?;
        let now = self.now_ts();
        let mut c = self.read().await?;
        let ends = store::current_grant_end(&mut c, user, kind.as_str(), now)
            .await?
            .ok_or_else(AppError::not_found)?;
        drop(c);
        let Some(expires_at) = ends else {
            return Ok(SupportCheck {
                allowed: false,
                expires_at: None,
                reason: format!("the user has no current {kind} grant for support; only they can give one"),
            });
        };
        if let Some(email) = staff {
            let mut change = self.change(actor, now).await?;
            let found =
                kontor_store::staff::find_staff_by_email(&mut change.tx, &email.trim().to_lowercase())
                    .await?
                    .filter(|s| s.disabled_at.is_none());
            let Some(member) = found else {
                return Ok(SupportCheck {
                    allowed: false,
                    expires_at: None,
                    reason: "no active staff member has this e-mail".to_owned(),
                });
            };
            let what = what.map(str::trim).unwrap_or_default().to_owned();
            let access = NewAccess {
                user,
                organization: None,
                staff: Some(member.id),
                staff_name: &member.name,
                kind: kind.as_str(),
                what: &what,
                at: now,
            };
            store::insert_access(&mut change.tx, &access).await?;
            let entry = Entry::new(AuditAction::SupportAccessCheck, "user", Some(user))
                .details(format!("kind={kind} staff={} what={what}", member.email));
            change.record(entry).await?;
            change.commit().await?;
        }
        Ok(SupportCheck {
            allowed: true,
            expires_at: Some(expires_at),
            reason: format!(
                "the user granted {kind} access to support until {}",
                when(expires_at)
            ),
        })
    }

    /// OPS-2, SUP-3: ends the grants past their 7 days (audited as the system, the user told).
    /// Several runners end each grant once.
    pub async fn expire_support_grants(&self, now: i64) -> AppResult<u64> {
        let mut ended = 0;
        loop {
            let mut c = self.read().await?;
            let lapsed = store::list_lapsed(&mut c, now, 200).await?;
            drop(c);
            if lapsed.is_empty() {
                return Ok(ended);
            }
            let mut progressed = false;
            for g in lapsed {
                let mut tx = self.write().await?;
                if !store::end_lapsed(&mut tx, g.id, now).await? {
                    continue;
                }
                progressed = true;
                let entry = Entry::new(AuditAction::SupportAccessExpire, "support_grant", Some(g.id))
                    .details(format!("kind={}", g.kind));
                record(&mut tx, &Actor::system(), now, entry).await?;
                if let Some(u) = users::find_user(&mut tx, g.user_id).await? {
                    let lang = Language::parse(&u.language).unwrap_or_default();
                    let tpl = Template::SupportAccessEnded {
                        kind: t(lang, &format!("support-kind-{}", g.kind)),
                        reason: t(lang, "support-ended-expired"),
                    };
                    self.queue_mail(&mut tx, now, &u.email, lang, &u.first_name, &tpl)
                        .await?;
                }
                self.commit(tx, true).await?;
                ended += 1;
            }
            if !progressed {
                return Ok(ended);
            }
        }
    }

    /// SUP-4: one access row for the customer's log, and an audit row in each organization
    /// it concerns (shown there as staff).
    async fn log_access(
        &self,
        tx: &mut Conn,
        actor: &Actor,
        user: i64,
        orgs: &[i64],
        (kind, what, action): (&str, &str, AuditAction),
    ) -> AppResult<()> {
        let ActorKind::Staff { id, name, .. } = &actor.kind else {
            return Err(AppError::new(ErrorCode::Forbidden));
        };
        let now = self.now_ts();
        let access = NewAccess {
            user,
            organization: None,
            staff: Some(*id),
            staff_name: name,
            kind,
            what,
            at: now,
        };
        store::insert_access(tx, &access).await?;
        let details = format!("user={user} {what}");
        record(
            tx,
            actor,
            now,
            Entry::new(action, "user", Some(user)).details(details.clone()),
        )
        .await?;
        for org in orgs {
            let entry = Entry::new(action, "user", Some(user))
                .org(*org)
                .details(details.clone());
            record(tx, actor, now, entry).await?;
        }
        Ok(())
    }

    /// SUP-1, SUP-4: support finds a customer by the 8-digit support code and sees the
    /// account's organizations, products and invoices; the view is logged for the customer.
    /// An unknown code is `not_found`.
    pub async fn lookup_support_code(&self, actor: &Actor, code: &str) -> AppResult<Customer> {
        decide(actor, Action::StaffLookup, Resource::Platform).into_result()?;
        let code: String = code.chars().filter(char::is_ascii_digit).collect();
        if code.len() != 8 {
            return Err(AppError::field("code", "invalid_support_code"));
        }
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let user = users::find_user_by_support_code(&mut change.tx, &code)
            .await?
            .ok_or_else(AppError::not_found)?;
        let mut organizations = Vec::new();
        for org in orgs::list_orgs_of_user(&mut change.tx, user.id).await? {
            let products = products::list_products_of_org(&mut change.tx, org.id).await?;
            let (invoices, _) =
                invoices::list_invoices(&mut change.tx, org.id, None, None, None, 0, 50).await?;
            organizations.push(CustomerOrg {
                organization: org,
                products,
                invoices,
            });
        }
        let ids: Vec<i64> = organizations.iter().map(|o| o.organization.id).collect();
        // The kind says it all, in the reader's language (`support-kind-account`).
        let what = "";
        self.log_access(
            &mut change.tx,
            actor,
            user.id,
            &ids,
            ("account", what, AuditAction::StaffAccountView),
        )
        .await?;
        let current_grants = store::list_grants(&mut change.tx, user.id)
            .await?
            .into_iter()
            .filter(|g| g.ended_at.is_none() && g.expires_at > now)
            .collect();
        change.commit().await?;
        Ok(Customer {
            user,
            organizations,
            current_grants,
        })
    }

    /// SUP-3, SUP-4: support opens a kind of a customer's content through the customer's
    /// current grant — mail: the mailboxes of the mail services in the user's organizations;
    /// drive and chat: those products there. Without a current grant the decision refuses.
    /// Every opening is logged for the customer.
    pub async fn open_support_content(&self, actor: &Actor, user: i64, kind: &str) -> AppResult<Content> {
        decide(actor, Action::StaffLookup, Resource::Platform).into_result()?;
        let kind = parse_kind(kind)?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        users::find_user(&mut change.tx, user)
            .await?
            .ok_or_else(AppError::not_found)?;
        let granted = store::find_current_grant(&mut change.tx, user, kind.as_str(), now)
            .await?
            .is_some();
        decide(
            actor,
            Action::StaffContentOpen,
            Resource::SupportContent { granted },
        )
        .into_result()?;
        let (items, ids) = content_of(&mut change.tx, user, kind).await?;
        // What was shown, by name; the kind is translated where the log is read.
        let what: String = items.join("; ").chars().take(500).collect();
        self.log_access(
            &mut change.tx,
            actor,
            user,
            &ids,
            (kind.as_str(), &what, AuditAction::StaffContentOpen),
        )
        .await?;
        change.commit().await?;
        Ok(Content { kind, items })
    }
}

/// SUP-3: what a grant of `kind` opens in `user`'s organizations, one line per item, and the
/// organizations it concerns.
async fn content_of(tx: &mut Conn, user: i64, kind: SupportKind) -> AppResult<(Vec<String>, Vec<i64>)> {
    let product_type = match kind {
        SupportKind::Mail => "mail_service",
        SupportKind::Drive => "drive",
        SupportKind::Chat => "chat",
    };
    let mut items = Vec::new();
    let mut ids = Vec::new();
    for org in orgs::list_orgs_of_user(tx, user).await? {
        ids.push(org.id);
        for p in products::list_products_of_org(tx, org.id).await? {
            if p.product_type != product_type {
                continue;
            }
            if kind == SupportKind::Mail {
                for m in sites::list_mailboxes(tx, p.id).await? {
                    items.push(format!("{} — {} ({})", m.address, p.name, org.name));
                }
            } else {
                items.push(format!("{} ({})", p.name, org.name));
            }
        }
    }
    Ok((items, ids))
}
