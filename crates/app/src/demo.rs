//! `kontor serve --demo`: the demo catalogue plus one demo organization and user, created once
//! (a second start finds them and changes nothing but the catalogue).

use kontor_store::identity::users;

use crate::App;
use crate::identity::accounts::SignupInput;
use crate::platform::actor::Actor;
use crate::platform::error::AppResult;

/// The demo account's sign-in.
pub const DEMO_EMAIL: &str = "demo@kontor.localhost";

/// What `--demo` set up.
#[derive(Debug, Clone)]
pub struct Demo {
    pub email: String,
    /// `None` when the account existed already (its password is the one printed then).
    pub password: Option<String>,
    pub organization: String,
}

impl App {
    /// Loads `catalog` (TOML) and creates the demo company and user when they do not exist.
    pub async fn seed_demo(&self, catalog: &str) -> AppResult<Demo> {
        self.import_catalog(&Actor::system(), catalog).await?;
        let mut c = self.read().await?;
        let existing = users::find_user_by_email(&mut c, DEMO_EMAIL).await?;
        drop(c);
        if existing.is_some() {
            return Ok(Demo {
                email: DEMO_EMAIL.to_owned(),
                password: None,
                organization: "Demo Hosting Customer AG".to_owned(),
            });
        }
        let password = crate::platform::crypto::new_secret("")[..20].to_owned();
        let up = self
            .signup(
                &Actor::system(),
                SignupInput {
                    email: DEMO_EMAIL.to_owned(),
                    password: password.clone(),
                    first_name: "Dana".to_owned(),
                    last_name: "Demo".to_owned(),
                    kind: "company".to_owned(),
                    company_name: Some("Demo Hosting Customer AG".to_owned()),
                    country: "CH".to_owned(),
                    language: "en".to_owned(),
                    currency: None,
                    time_zone: None,
                    referral: None,
                },
            )
            .await?;
        Ok(Demo {
            email: DEMO_EMAIL.to_owned(),
            password: Some(password),
            organization: up.organization.name,
        })
    }
}
