//! The tail every state change shares (DESIGN.md "Storage"; OPS-5, MSG-1, EVT-1): one
//! transaction that carries the change, its audit rows, its webhook events and its e-mails to
//! one [`Change::commit`]. Dropping a `Change` without committing rolls all of it back, so a
//! change never lands without its audit row, its events or its mail, nor they without it.

use kontor_domain::{Event, Language};
use kontor_store::Conn;
use serde_json::Value;

use crate::App;
use crate::platform::actor::Actor;
use crate::platform::audit::{Entry, record};
use crate::platform::error::AppResult;
use crate::platform::mail::Template;
use crate::webhooks::Events;

/// A change in progress: its transaction, who makes it and when.
pub struct Change<'a> {
    app: &'a App,
    /// The transaction, for the store calls of the change itself.
    pub tx: Conn,
    pub actor: &'a Actor,
    pub now: i64,
    events: Events,
    mailed: bool,
}

impl App {
    /// Opens the transaction of a change made by `actor` at `now`.
    pub(crate) async fn change<'a>(&'a self, actor: &'a Actor, now: i64) -> AppResult<Change<'a>> {
        Ok(Change {
            app: self,
            tx: self.write().await?,
            actor,
            now,
            events: Events::default(),
            mailed: false,
        })
    }
}

impl Change<'_> {
    /// Appends an audit row for the acting actor.
    pub async fn record(&mut self, entry: Entry<'_>) -> AppResult<()> {
        record(&mut self.tx, self.actor, self.now, entry).await
    }

    /// Appends several audit rows for the acting actor at once.
    pub async fn record_many(&mut self, entries: Vec<Entry<'_>>) -> AppResult<()> {
        crate::platform::audit::record_many(&mut self.tx, self.actor, self.now, entries).await
    }

    /// Appends an audit row for someone else than the acting actor (the user a sign-up or an
    /// invitation just made).
    pub async fn record_as(&mut self, who: &Actor, entry: Entry<'_>) -> AppResult<()> {
        record(&mut self.tx, who, self.now, entry).await
    }

    /// Emits a webhook event (the endpoints are read once per change).
    pub async fn emit(&mut self, event: Event, org: Option<i64>, data: Value) -> AppResult<()> {
        self.events.emit(&mut self.tx, event, org, data, self.now).await
    }

    /// The transaction and the event writer together, for helpers that take both.
    pub fn parts(&mut self) -> (&mut Conn, &mut Events) {
        (&mut self.tx, &mut self.events)
    }

    /// Writes an e-mail to the outbox.
    pub async fn mail(
        &mut self,
        to: &str,
        lang: Language,
        name: &str,
        template: &Template,
    ) -> AppResult<i64> {
        self.mailed = true;
        self.app
            .queue_mail(&mut self.tx, self.now, to, lang, name, template)
            .await
    }

    /// Notes that a helper wrote e-mails through [`Change::tx`].
    pub fn mailed(&mut self, wrote: bool) {
        self.mailed |= wrote;
    }

    /// Commits everything at once and, when e-mails were written, wakes the deliverer.
    pub async fn commit(self) -> AppResult<()> {
        self.app.commit(self.tx, self.mailed).await
    }
}
