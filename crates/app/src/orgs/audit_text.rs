//! The audit log as sentences (issue 18 item 7, OPS-5): "Alice Muster made Carla Rossi an
//! administrator." Each entry names who acted (a member by name, Kontor for its jobs, the
//! support by the staff member's name) and what it touched (a member, a product, an invoice,
//! a workgroup by its name), in the reader's language. An action without a sentence of its
//! own reads "… made a change.", never its code.

use std::collections::HashMap;

use kontor_domain::{Language, OrgId};
use kontor_store::Conn;
use kontor_store::billing::invoices as invoice_repo;
use kontor_store::identity::users;
use kontor_store::orgs::workgroups;
use kontor_store::platform::audit::AuditRow;
use kontor_store::products as product_repo;

use crate::App;
use crate::platform::actor::Actor;
use crate::platform::error::AppResult;
use crate::platform::i18n::{t, t_with, t_with_opt};

/// The `key=value` words of an entry's details (values are single words).
fn detail<'a>(details: &'a str, key: &str) -> Option<&'a str> {
    details
        .split(' ')
        .find_map(|w| w.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
}

/// The message of an action: `member.update` → `audit-member-update`.
fn message_key(action: &str) -> String {
    format!("audit-{}", action.replace(['.', '_'], "-"))
}

/// The name of thing `id` of `kind` in organization `org` (empty when it is gone or not the
/// organization's).
async fn lookup(c: &mut Conn, org: i64, kind: &str, id: i64) -> AppResult<String> {
    Ok(match kind {
        "user" => users::find_user(c, id)
            .await?
            .map(|u| format!("{} {}", u.first_name, u.last_name).trim().to_owned()),
        "product" => product_repo::find_product(c, id)
            .await?
            .filter(|p| p.organization_id == org)
            .map(|p| p.name),
        "invoice" => invoice_repo::find_invoice(c, org, id).await?.map(|i| i.number),
        "workgroup" => workgroups::find_workgroup(c, org, id).await?.map(|w| w.name),
        "order" => Some(id.to_string()),
        _ => None,
    }
    .unwrap_or_default())
}

/// Names looked up once per page.
#[derive(Default)]
struct Names {
    known: HashMap<(String, i64), String>,
}

impl Names {
    async fn name(&mut self, c: &mut Conn, org: i64, kind: &str, id: i64) -> AppResult<String> {
        let key = (kind.to_owned(), id);
        if let Some(n) = self.known.get(&key) {
            return Ok(n.clone());
        }
        let name = lookup(c, org, kind, id).await?;
        self.known.insert(key, name.clone());
        Ok(name)
    }

    /// The name of what `row` touched, as far as the organization's own things go.
    async fn target(&mut self, c: &mut Conn, org: i64, row: &AuditRow) -> AppResult<String> {
        match row.target_id {
            Some(id) => self.name(c, org, &row.target_kind, id).await,
            None => Ok(String::new()),
        }
    }

    /// Who acted, for people: a member by name (an API token said so), Kontor's jobs as
    /// Kontor, the support by the staff member's name.
    async fn who(&mut self, c: &mut Conn, org: i64, row: &AuditRow, lang: Language) -> AppResult<String> {
        Ok(match (row.actor_kind.as_str(), row.actor_id) {
            ("user", Some(id)) => self.name(c, org, "user", id).await?,
            ("token", Some(id)) => {
                let name = self.name(c, org, "user", id).await?;
                t_with(lang, "audit-who-token", &[("name", name)], &[])
            }
            ("staff", _) => {
                let name = row.actor_label.split(" (").next().unwrap_or_default().to_owned();
                t_with(lang, "audit-who-staff", &[("name", name)], &[])
            }
            ("system", _) => t(lang, "audit-who-system"),
            _ => row.actor_label.clone(),
        })
    }
}

/// The sentence of one entry.
fn sentence(row: &AuditRow, who: String, target: String, lang: Language) -> String {
    let role = detail(&row.details, "role")
        .map(|r| t(lang, &format!("audit-role-{r}")))
        .unwrap_or_default();
    let email = detail(&row.details, "email").unwrap_or_default().to_owned();
    let key = message_key(&row.action);
    let args = [
        ("who", who.clone()),
        ("target", target),
        ("role", role),
        ("email", email),
    ];
    t_with_opt(lang, &key, &args).unwrap_or_else(|| t_with(lang, "audit-changed", &[("who", who)], &[]))
}

impl App {
    /// The entries of a page of the audit log (from [`App::list_audit`], which decided the
    /// reader may see them) as sentences in `lang`.
    pub async fn audit_sentences(
        &self,
        actor: &Actor,
        org: OrgId,
        rows: &[AuditRow],
        lang: Language,
    ) -> AppResult<Vec<String>> {
        let facts = self.load_facts(actor, org.0).await?;
        crate::access::decide(
            actor,
            crate::access::Action::AuditRead,
            crate::access::Resource::Organization(&facts),
        )
        .into_result()?;
        let mut c = self.read().await?;
        let mut names = Names::default();
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let who = names.who(&mut c, org.0, row, lang).await?;
            let target = names.target(&mut c, org.0, row).await?;
            out.push(sentence(row, who, target, lang));
        }
        Ok(out)
    }
}
