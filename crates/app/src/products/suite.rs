//! The workspace suite (PRD-9): its seats (ORG-7) and the mailboxes of mail services. Upgrades
//! are orders (`billing::upgrades`).

use kontor_domain::products::ProductStatus;
use kontor_domain::{AuditAction, OrgId};
use kontor_store::orgs::members as member_repo;
use kontor_store::products::ProductRow;
use kontor_store::products::sites::{self as repo, MailboxRow};

use crate::App;
use crate::access::Action;
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::error::{AppError, AppResult, ErrorCode};

impl App {
    pub(crate) async fn suite_or_mail(
        &self,
        actor: &Actor,
        org: OrgId,
        id: i64,
        action: Action,
        want: &str,
    ) -> AppResult<ProductRow> {
        let (row, _) = self.product_for(actor, org, id, action).await?;
        if row.product_type != want {
            return Err(AppError::field(
                "product",
                if want == "mail_service" {
                    "not_a_mail_service"
                } else {
                    "not_a_workspace_suite"
                },
            ));
        }
        Ok(row)
    }

    pub async fn list_seats(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<Vec<i64>> {
        self.suite_or_mail(actor, org, id, Action::ProductsRead, "workspace_suite")
            .await?;
        let mut c = self.read().await?;
        Ok(repo::list_seats(&mut c, id).await?)
    }

    /// PRD-9: who holds the suite's seats (members of the organization, at most `seats`).
    pub async fn set_seats(&self, actor: &Actor, org: OrgId, id: i64, users: &[i64]) -> AppResult<Vec<i64>> {
        let row = self
            .suite_or_mail(actor, org, id, Action::ProductsManage, "workspace_suite")
            .await?;
        let mut users = users.to_vec();
        users.sort_unstable();
        users.dedup();
        if users.len() as i64 > row.seats {
            return Err(AppError::with_message(
                ErrorCode::SeatsExceeded,
                format!("the suite has {} seats", row.seats),
            ));
        }
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        for u in &users {
            if kontor_store::orgs::find_membership(&mut change.tx, org.0, *u)
                .await?
                .is_none()
            {
                return Err(AppError::field("users", "not_a_member"));
            }
        }
        repo::replace_seats(&mut change.tx, id, &users).await?;
        change
            .record(
                Entry::new(AuditAction::ProductSeats, "product", Some(id))
                    .org(org.0)
                    .details(format!("users={users:?}")),
            )
            .await?;
        change.commit().await?;
        Ok(users)
    }

    pub async fn list_mailboxes(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<Vec<MailboxRow>> {
        self.suite_or_mail(actor, org, id, Action::ProductsRead, "mail_service")
            .await?;
        let mut c = self.read().await?;
        Ok(repo::list_mailboxes(&mut c, id).await?)
    }

    /// A mailbox of a mail service (ORG-7 looks at these addresses).
    pub async fn add_mailbox(
        &self,
        actor: &Actor,
        org: OrgId,
        id: i64,
        address: &str,
    ) -> AppResult<MailboxRow> {
        let row = self
            .suite_or_mail(actor, org, id, Action::ProductsManage, "mail_service")
            .await?;
        if row.status != ProductStatus::Active {
            return Err(AppError::new(ErrorCode::ProductNotActive));
        }
        let email = kontor_domain::Email::parse(address)
            .ok_or_else(|| AppError::field("address", "invalid_email"))?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let mid = repo::insert_mailbox(&mut change.tx, id, email.as_str(), now)
            .await
            .map_err(|e| AppError::unique_as(e, "address", ErrorCode::NameTaken))?;
        change
            .record(
                Entry::new(AuditAction::MailboxCreate, "mailbox", Some(mid))
                    .org(org.0)
                    .details(email.as_str().to_owned()),
            )
            .await?;
        change.commit().await?;
        let mut c = self.read().await?;
        repo::list_mailboxes(&mut c, id)
            .await?
            .into_iter()
            .find(|m| m.id == mid)
            .ok_or_else(AppError::not_found)
    }

    pub async fn delete_mailbox(&self, actor: &Actor, org: OrgId, id: i64, mailbox: i64) -> AppResult<()> {
        self.suite_or_mail(actor, org, id, Action::ProductsManage, "mail_service")
            .await?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        if !repo::delete_mailbox(&mut change.tx, id, mailbox).await? {
            return Err(AppError::not_found());
        }
        change
            .record(Entry::new(AuditAction::MailboxDelete, "mailbox", Some(mailbox)).org(org.0))
            .await?;
        change.commit().await
    }

    /// Members of the organization, for seat pickers: (user id, e-mail).
    pub async fn seat_candidates(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<Vec<(i64, String)>> {
        self.suite_or_mail(actor, org, id, Action::ProductsManage, "workspace_suite")
            .await?;
        let mut c = self.read().await?;
        let rows = member_repo::list_members(&mut c, org.0, 10_000, 0).await?;
        Ok(rows.into_iter().map(|m| (m.user_id, m.email)).collect())
    }
}
