//! Workgroups (GRP-1 to GRP-4): named sets of members with at most one leader, granted
//! products; only administrators and legal representatives manage them.

use kontor_domain::{AuditAction, OrgId};
use kontor_store::orgs::workgroups::{self as repo, WorkgroupRow};
use kontor_store::{Conn, orgs};

use crate::App;
use crate::access::{Action, Resource, authorize};
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::error::{AppError, AppResult, ErrorCode, Validator};

/// A workgroup with its members and products.
#[derive(Debug, Clone)]
pub struct Workgroup {
    pub row: WorkgroupRow,
    pub members: Vec<i64>,
    pub products: Vec<i64>,
}

/// Changes to a workgroup; absent fields stay. `leader: Some(None)` removes the leader.
#[derive(Debug, Clone, Default)]
pub struct WorkgroupChanges {
    pub name: Option<String>,
    pub leader: Option<Option<i64>>,
}

fn name_ok(v: &mut Validator, name: &str) {
    v.name("name", name, 100);
}

impl App {
    async fn authorize_groups(&self, actor: &Actor, org: OrgId) -> AppResult<()> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::WorkgroupsManage, Resource::Organization(&facts))
    }

    async fn load_group(&self, c: &mut Conn, org: OrgId, id: i64) -> AppResult<Workgroup> {
        let row = repo::find_workgroup(c, org.0, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        let members = repo::list_workgroup_members(c, id).await?;
        let products = repo::list_workgroup_products(c, id).await?;
        Ok(Workgroup {
            row,
            members,
            products,
        })
    }

    pub async fn list_workgroups(&self, actor: &Actor, org: OrgId) -> AppResult<Vec<WorkgroupRow>> {
        self.authorize_groups(actor, org).await?;
        let mut c = self.read().await?;
        Ok(repo::list_workgroups(&mut c, org.0).await?)
    }

    pub async fn get_workgroup(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<Workgroup> {
        self.authorize_groups(actor, org).await?;
        let mut c = self.read().await?;
        self.load_group(&mut c, org, id).await
    }

    /// GRP-4: creates a workgroup; names are unique in the organization.
    pub async fn create_workgroup(&self, actor: &Actor, org: OrgId, name: &str) -> AppResult<Workgroup> {
        self.authorize_groups(actor, org).await?;
        let mut v = Validator::default();
        name_ok(&mut v, name);
        v.finish()?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let id = repo::insert_workgroup(&mut change.tx, org.0, name.trim(), now)
            .await
            .map_err(|e| AppError::unique_as(e, "name", ErrorCode::NameTaken))?;
        change
            .record(
                Entry::new(AuditAction::WorkgroupCreate, "workgroup", Some(id))
                    .org(org.0)
                    .details(format!("name={}", name.trim())),
            )
            .await?;
        let group = self.load_group(&mut change.tx, org, id).await?;
        change.commit().await?;
        Ok(group)
    }

    /// GRP-1, GRP-4: renames, or sets or removes the leader (who must be in the group).
    pub async fn update_workgroup(
        &self,
        actor: &Actor,
        org: OrgId,
        id: i64,
        ch: WorkgroupChanges,
    ) -> AppResult<Workgroup> {
        self.authorize_groups(actor, org).await?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let group = self.load_group(&mut change.tx, org, id).await?;
        let name = ch.name.clone().unwrap_or_else(|| group.row.name.clone());
        let leader = ch.leader.unwrap_or(group.row.leader_user_id);
        let mut v = Validator::default();
        name_ok(&mut v, &name);
        v.check(
            leader.is_none_or(|l| group.members.contains(&l)),
            "leader",
            "leader_not_in_group",
        );
        v.finish()?;
        repo::update_workgroup(&mut change.tx, id, name.trim(), leader, now)
            .await
            .map_err(|e| AppError::unique_as(e, "name", ErrorCode::NameTaken))?;
        let details = format!("name={} leader={leader:?}", name.trim());
        change
            .record(
                Entry::new(AuditAction::WorkgroupUpdate, "workgroup", Some(id))
                    .org(org.0)
                    .details(details),
            )
            .await?;
        let group = self.load_group(&mut change.tx, org, id).await?;
        change.commit().await?;
        Ok(group)
    }

    pub async fn delete_workgroup(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<()> {
        self.authorize_groups(actor, org).await?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let group = self.load_group(&mut change.tx, org, id).await?;
        repo::delete_workgroup(&mut change.tx, id).await?;
        change
            .record(
                Entry::new(AuditAction::WorkgroupDelete, "workgroup", Some(id))
                    .org(org.0)
                    .details(format!("name={}", group.row.name)),
            )
            .await?;
        change.commit().await
    }

    /// GRP-2, GRP-3: sets the members (several at once); a removed member loses the group's
    /// access at once; a removed leader stops leading.
    pub async fn set_workgroup_members(
        &self,
        actor: &Actor,
        org: OrgId,
        id: i64,
        users: &[i64],
    ) -> AppResult<Workgroup> {
        self.authorize_groups(actor, org).await?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let group = self.load_group(&mut change.tx, org, id).await?;
        let mut wanted = users.to_vec();
        wanted.sort_unstable();
        wanted.dedup();
        let mut v = Validator::default();
        for u in &wanted {
            if orgs::find_membership(&mut change.tx, org.0, *u).await?.is_none() {
                v.fail("members", "not_a_member");
                break;
            }
        }
        v.finish()?;
        for u in group.members.iter().filter(|u| !wanted.contains(u)) {
            repo::remove_workgroup_member(&mut change.tx, id, *u).await?;
        }
        for u in wanted.iter().filter(|u| !group.members.contains(u)) {
            repo::add_workgroup_member(&mut change.tx, id, *u).await?;
        }
        let leader = group.row.leader_user_id.filter(|l| wanted.contains(l));
        repo::update_workgroup(&mut change.tx, id, &group.row.name, leader, self.now_ts()).await?;
        change
            .record(
                Entry::new(AuditAction::WorkgroupMembers, "workgroup", Some(id))
                    .org(org.0)
                    .details(format!("members={wanted:?}")),
            )
            .await?;
        let group = self.load_group(&mut change.tx, org, id).await?;
        change.commit().await?;
        Ok(group)
    }

    /// GRP-2: sets the products the group's members may act on.
    pub async fn set_workgroup_products(
        &self,
        actor: &Actor,
        org: OrgId,
        id: i64,
        products: &[i64],
    ) -> AppResult<Workgroup> {
        self.authorize_groups(actor, org).await?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        self.load_group(&mut change.tx, org, id).await?;
        let mut v = Validator::default();
        let products = self
            .check_products(&mut change.tx, org.0, products, &mut v)
            .await?;
        v.finish()?;
        repo::set_workgroup_products(&mut change.tx, id, &products).await?;
        change
            .record(
                Entry::new(AuditAction::WorkgroupProducts, "workgroup", Some(id))
                    .org(org.0)
                    .details(format!("products={products:?}")),
            )
            .await?;
        let group = self.load_group(&mut change.tx, org, id).await?;
        change.commit().await?;
        Ok(group)
    }
}
