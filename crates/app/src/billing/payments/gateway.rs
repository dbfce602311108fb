//! Payment gateways (BIL-8) behind one port, and the sandbox gateway that stands for a card
//! processor: it tokenizes cards on its own endpoint (Kontor never sees a number), and charges
//! them with the outcomes of the well-known test numbers.

use std::future::Future;
use std::pin::Pin;

use kontor_domain::GatewaySessionStatus;
use kontor_store::{Db, billing::payments::sandbox};
use time::OffsetDateTime;

use crate::platform::crypto::new_secret;
use crate::platform::error::{AppError, AppResult};

/// What a gateway tells of a tokenized card (BIL-4 keeps exactly this).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardInfo {
    pub token: String,
    pub brand: String,
    pub last4: String,
    pub exp_month: i64,
    pub exp_year: i64,
}

/// The outcome of a charge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Charge {
    Succeeded {
        id: String,
    },
    /// Refused by the issuer: `card_declined`, `insufficient_funds`, `expired_card`.
    Failed {
        code: &'static str,
    },
}

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The brand of a saved TWINT profile (charged like a card, without scanning again).
pub const TWINT_BRAND: &str = "TWINT";

/// A redirect-and-confirm payment opened at the gateway (PayPal, TWINT, PostFinance).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub session: String,
    /// Where the payer approves.
    pub url: String,
}

/// What became of a redirect payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redirected {
    /// The payer has not decided yet.
    Open,
    /// Approved and charged; TWINT also hands over the payer's profile for later charges.
    Approved {
        charge: String,
        profile: Option<CardInfo>,
    },
    /// Declined or cancelled by the payer.
    Declined,
}

/// The processor's customer of an organization: every token, redirect session and charge is
/// made for one, and a token works for its customer only (BIL-4, SEC-6).
pub fn customer_of(org: kontor_domain::OrgId) -> String {
    org.0.to_string()
}

/// How long the handle the card page returns with stays valid.
pub const CHECKOUT_HANDLE_SECS: i64 = 3600;

/// A succeeded, unrefunded charge as the processor lists it (the orphan-charge job).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveCharge {
    pub id: String,
    pub customer: String,
    pub amount: i64,
    pub currency: String,
    pub created_at: i64,
    /// The redirect session that made it (PayPal, TWINT, PostFinance), if any.
    pub session: Option<String>,
}

/// The port every gateway implements.
pub trait PaymentGateway: Send + Sync {
    /// The card behind a token of `customer`; `None` for an unknown token or another
    /// customer's.
    fn card(&self, customer: &str, token: &str) -> BoxFuture<'_, AppResult<Option<CardInfo>>>;
    /// The card the processor's card page made for `customer`, by the one-time handle it
    /// returned with (valid [`CHECKOUT_HANDLE_SECS`]).
    fn checkout_card(
        &self,
        customer: &str,
        handle: &str,
        now: OffsetDateTime,
    ) -> BoxFuture<'_, AppResult<Option<CardInfo>>>;
    /// Charges `amount` minor units of `currency` to a card of `customer`.
    fn charge(
        &self,
        customer: &str,
        token: &str,
        amount: i64,
        currency: &str,
        now: OffsetDateTime,
    ) -> BoxFuture<'_, AppResult<Charge>>;
    /// Succeeded charges not refunded, made in `[from, to]`, oldest first, after the cursor
    /// (`created_at`, id) of the previous page.
    fn live_charges(
        &self,
        from: i64,
        to: i64,
        after: (i64, String),
        limit: i64,
    ) -> BoxFuture<'_, AppResult<Vec<LiveCharge>>>;
    /// Gives a succeeded charge back in full.
    fn refund(&self, charge: &str, now: OffsetDateTime) -> BoxFuture<'_, AppResult<bool>>;
    /// Opens a redirect payment of `scheme` (`paypal`, `twint`, `postfinance`); the payer comes
    /// back to `return_url` after deciding.
    #[allow(clippy::too_many_arguments)]
    fn begin_redirect(
        &self,
        customer: &str,
        scheme: &str,
        amount: i64,
        currency: &str,
        return_url: &str,
        now: OffsetDateTime,
    ) -> BoxFuture<'_, AppResult<Redirect>>;
    /// The outcome of a redirect payment.
    fn redirect_outcome(&self, session: &str) -> BoxFuture<'_, AppResult<Redirected>>;
    /// Where the payer approves the redirect payment `session`.
    fn redirect_url(&self, session: &str) -> String;
}

/// Why the sandbox refused to tokenize a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardProblem {
    Customer,
    Number,
    Brand,
    Expiry,
    Cvc,
}

impl CardProblem {
    pub fn field(self) -> (&'static str, &'static str) {
        match self {
            CardProblem::Customer => ("customer", "required"),
            CardProblem::Number => ("number", "card_number_invalid"),
            CardProblem::Brand => ("number", "card_brand_unsupported"),
            CardProblem::Expiry => ("exp_month", "card_expired"),
            CardProblem::Cvc => ("cvc", "cvc_invalid"),
        }
    }
}

/// Luhn check of a card number.
pub fn luhn_ok(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let Some(mut d) = c.to_digit(10) else {
            return false;
        };
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum % 10 == 0
}

/// Brands by prefix: 4 Visa; 51–55 and 2221–2720 Mastercard (CB co-brands both).
pub fn brand_of(number: &str) -> Option<&'static str> {
    let prefix = |n: usize| number.get(..n).and_then(|p| p.parse::<u32>().ok());
    if number.starts_with('4') {
        Some("visa")
    } else if prefix(2).is_some_and(|p| (51..=55).contains(&p))
        || prefix(4).is_some_and(|p| (2221..=2720).contains(&p))
    {
        Some("mastercard")
    } else {
        None
    }
}

/// What a test number does when charged.
fn behaviour_of(number: &str) -> &'static str {
    match number {
        "4000000000000002" => "decline",
        "4000000000009995" => "insufficient_funds",
        _ => "succeed",
    }
}

/// The sandbox processor: its own tables, its own rules, its own hosted approval page.
pub struct SandboxGateway {
    db: Db,
    /// Where the sandbox's hosted pages are served (Kontor serves them under `/sandbox`).
    public_url: String,
}

/// A redirect session as the sandbox's hosted page shows it.
#[derive(Debug, Clone)]
pub struct SandboxSession {
    pub scheme: String,
    pub amount_minor: i64,
    pub currency: String,
    pub status: GatewaySessionStatus,
    pub return_url: String,
}

impl SandboxGateway {
    pub fn new(db: Db, public_url: &str) -> SandboxGateway {
        SandboxGateway {
            db,
            public_url: public_url.trim_end_matches('/').to_owned(),
        }
    }

    /// The session behind the hosted page, if it exists.
    pub async fn session(&self, id: &str) -> AppResult<Option<SandboxSession>> {
        let mut c = self.db.acquire().await?;
        Ok(sandbox::find_session(&mut c, id).await?.map(|s| SandboxSession {
            scheme: s.scheme,
            amount_minor: s.amount_minor,
            currency: s.currency,
            status: s.status,
            return_url: s.return_url,
        }))
    }

    /// The payer's decision on the hosted page: approving charges the amount (and, for TWINT,
    /// creates the profile later payments are charged to); answers where the payer goes next.
    /// A second decision changes nothing.
    pub async fn decide(&self, id: &str, approve: bool, now: OffsetDateTime) -> AppResult<Option<String>> {
        let mut c = self.db.acquire().await?;
        let Some(s) = sandbox::find_session(&mut c, id).await? else {
            return Ok(None);
        };
        let back = format!("{}?session={id}", s.return_url);
        if s.status != GatewaySessionStatus::Open {
            return Ok(Some(back));
        }
        let ts = now.unix_timestamp();
        if !approve {
            sandbox::decide_session(&mut c, id, GatewaySessionStatus::Declined, None, None, ts).await?;
            return Ok(Some(back));
        }
        // The payer's instrument at the provider: for TWINT a profile Kontor may charge again,
        // for PayPal and PostFinance an account only the provider sees.
        let twint = s.scheme == "twint";
        let instrument = sandbox::CardRow {
            token: new_secret(if twint { "twp_" } else { "acc_" })[..28].to_owned(),
            customer: s.customer.clone(),
            brand: if twint {
                TWINT_BRAND.to_owned()
            } else {
                s.scheme.clone()
            },
            last4: String::new(),
            exp_month: 12,
            exp_year: 2099,
            behaviour: "succeed".to_owned(),
        };
        sandbox::insert_card(&mut c, &instrument, ts).await?;
        let profile = twint.then(|| instrument.token.clone());
        let charge = new_secret("ch_")[..27].to_owned();
        let token = instrument.token;
        if sandbox::decide_session(
            &mut c,
            id,
            GatewaySessionStatus::Approved,
            Some(&charge),
            profile.as_deref(),
            ts,
        )
        .await?
        {
            sandbox::insert_charge(
                &mut c,
                &charge,
                &token,
                s.amount_minor,
                &s.currency,
                "succeeded",
                ts,
            )
            .await?;
        }
        Ok(Some(back))
    }

    /// Tokenizes a card for `customer` as a processor's card form would: number (spaces
    /// allowed, Luhn), a supported brand, a future expiry, a 3-digit CVC. The token works for
    /// that customer only.
    #[allow(clippy::too_many_arguments)]
    pub async fn tokenize(
        &self,
        customer: &str,
        number: &str,
        exp_month: i64,
        exp_year: i64,
        cvc: &str,
        now: OffsetDateTime,
    ) -> Result<CardInfo, CardProblem> {
        let number: String = number.chars().filter(|c| !c.is_whitespace()).collect();
        if !(12..=19).contains(&number.len()) || !luhn_ok(&number) {
            return Err(CardProblem::Number);
        }
        let brand = brand_of(&number).ok_or(CardProblem::Brand)?;
        let year = if exp_year < 100 { 2000 + exp_year } else { exp_year };
        let (y, m) = (i64::from(now.year()), i64::from(u8::from(now.month())));
        if !(1..=12).contains(&exp_month) || year < y || (year == y && exp_month < m) || year > y + 20 {
            return Err(CardProblem::Expiry);
        }
        if cvc.len() != 3 || !cvc.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CardProblem::Cvc);
        }
        if customer.is_empty() || customer.len() > 64 {
            return Err(CardProblem::Customer);
        }
        let card = sandbox::CardRow {
            token: new_secret("tok_")[..28].to_owned(),
            customer: customer.to_owned(),
            brand: brand.to_owned(),
            last4: number[number.len() - 4..].to_owned(),
            exp_month,
            exp_year: year,
            behaviour: behaviour_of(&number).to_owned(),
        };
        let stored = async {
            let mut c = self.db.acquire().await?;
            sandbox::insert_card(&mut c, &card, now.unix_timestamp()).await
        };
        stored.await.map_err(|_| CardProblem::Number)?;
        Ok(card_info(card))
    }

    /// The one-time handle the card page returns to Kontor with instead of the token (a token
    /// never travels in a URL): Kontor reads the card behind it with
    /// [`PaymentGateway::checkout_card`], for the same customer only.
    pub async fn checkout_handle(&self, token: &str) -> AppResult<String> {
        let handle = new_secret("co_");
        let mut c = self.db.acquire().await?;
        sandbox::set_checkout(&mut c, token, &handle).await?;
        Ok(handle)
    }
}

fn card_info(r: sandbox::CardRow) -> CardInfo {
    CardInfo {
        token: r.token,
        brand: r.brand,
        last4: r.last4,
        exp_month: r.exp_month,
        exp_year: r.exp_year,
    }
}

impl PaymentGateway for SandboxGateway {
    fn card(&self, customer: &str, token: &str) -> BoxFuture<'_, AppResult<Option<CardInfo>>> {
        let (customer, token) = (customer.to_owned(), token.to_owned());
        Box::pin(async move {
            let mut c = self.db.acquire().await?;
            Ok(sandbox::find_card(&mut c, &token)
                .await?
                .filter(|r| !r.customer.is_empty() && r.customer == customer)
                .map(card_info))
        })
    }

    fn checkout_card(
        &self,
        customer: &str,
        handle: &str,
        now: OffsetDateTime,
    ) -> BoxFuture<'_, AppResult<Option<CardInfo>>> {
        let (customer, handle) = (customer.to_owned(), handle.to_owned());
        Box::pin(async move {
            if handle.is_empty() || customer.is_empty() {
                return Ok(None);
            }
            let mut c = self.db.acquire().await?;
            let since = now.unix_timestamp() - CHECKOUT_HANDLE_SECS;
            Ok(sandbox::find_checkout(&mut c, &handle, &customer, since)
                .await?
                .map(card_info))
        })
    }

    fn live_charges(
        &self,
        from: i64,
        to: i64,
        after: (i64, String),
        limit: i64,
    ) -> BoxFuture<'_, AppResult<Vec<LiveCharge>>> {
        Box::pin(async move {
            let mut c = self.db.acquire().await?;
            let rows = sandbox::list_live_charges(&mut c, from, to, (after.0, &after.1), limit).await?;
            Ok(rows
                .into_iter()
                .map(|r| LiveCharge {
                    id: r.id,
                    customer: r.customer,
                    amount: r.amount_minor,
                    currency: r.currency,
                    created_at: r.created_at,
                    session: r.session,
                })
                .collect())
        })
    }

    fn charge(
        &self,
        customer: &str,
        token: &str,
        amount: i64,
        currency: &str,
        now: OffsetDateTime,
    ) -> BoxFuture<'_, AppResult<Charge>> {
        let (customer, token, currency) = (customer.to_owned(), token.to_owned(), currency.to_owned());
        Box::pin(async move {
            let mut c = self.db.acquire().await?;
            // A token made for another customer is refused as unknown, as a processor's
            // customer-bound tokens are.
            let card = sandbox::find_card(&mut c, &token)
                .await?
                .filter(|r| !r.customer.is_empty() && r.customer == customer)
                .ok_or_else(|| AppError::field("card_token", "unknown"))?;
            let (y, m) = (i64::from(now.year()), i64::from(u8::from(now.month())));
            let outcome = if card.exp_year < y || (card.exp_year == y && card.exp_month < m) {
                Err("expired_card")
            } else {
                match card.behaviour.as_str() {
                    "decline" => Err("card_declined"),
                    "insufficient_funds" => Err("insufficient_funds"),
                    _ => Ok(()),
                }
            };
            let id = new_secret("ch_")[..27].to_owned();
            let status = match outcome {
                Ok(()) => "succeeded",
                Err(code) => code,
            };
            sandbox::insert_charge(
                &mut c,
                &id,
                &token,
                amount,
                &currency,
                status,
                now.unix_timestamp(),
            )
            .await?;
            Ok(match outcome {
                Ok(()) => Charge::Succeeded { id },
                Err(code) => Charge::Failed { code },
            })
        })
    }

    fn refund(&self, charge: &str, now: OffsetDateTime) -> BoxFuture<'_, AppResult<bool>> {
        let charge = charge.to_owned();
        Box::pin(async move {
            let mut c = self.db.acquire().await?;
            Ok(sandbox::refund_charge(&mut c, &charge, now.unix_timestamp()).await?)
        })
    }

    fn begin_redirect(
        &self,
        customer: &str,
        scheme: &str,
        amount: i64,
        currency: &str,
        return_url: &str,
        now: OffsetDateTime,
    ) -> BoxFuture<'_, AppResult<Redirect>> {
        let row = sandbox::SessionRow {
            id: new_secret("ps_")[..27].to_owned(),
            customer: customer.to_owned(),
            scheme: scheme.to_owned(),
            amount_minor: amount,
            currency: currency.to_owned(),
            return_url: return_url.to_owned(),
            status: GatewaySessionStatus::Open,
            profile_token: None,
            charge_id: None,
        };
        Box::pin(async move {
            let mut c = self.db.acquire().await?;
            sandbox::insert_session(&mut c, &row, now.unix_timestamp()).await?;
            Ok(Redirect {
                url: self.redirect_url(&row.id),
                session: row.id,
            })
        })
    }

    fn redirect_url(&self, session: &str) -> String {
        format!("{}/sandbox/pay/{session}", self.public_url)
    }

    fn redirect_outcome(&self, session: &str) -> BoxFuture<'_, AppResult<Redirected>> {
        let session = session.to_owned();
        Box::pin(async move {
            let mut c = self.db.acquire().await?;
            let Some(s) = sandbox::find_session(&mut c, &session).await? else {
                return Ok(Redirected::Declined);
            };
            Ok(match (s.status, s.charge_id) {
                (GatewaySessionStatus::Approved, Some(charge)) => {
                    let profile = match s.profile_token {
                        Some(token) => sandbox::find_card(&mut c, &token).await?.map(card_info),
                        None => None,
                    };
                    Redirected::Approved { charge, profile }
                }
                (GatewaySessionStatus::Open, _) => Redirected::Open,
                _ => Redirected::Declined,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bil_8_test_numbers_are_valid_cards_of_known_brands() {
        for n in [
            "4242424242424242",
            "4000000000000002",
            "4000000000009995",
            "5555555555554444",
            "2223003122003222",
        ] {
            assert!(luhn_ok(n), "{n}");
            assert!(brand_of(n).is_some(), "{n}");
        }
        assert!(!luhn_ok("4242424242424241"));
        assert_eq!(brand_of("5105105105105100"), Some("mastercard"));
        assert_eq!(brand_of("378282246310005"), None);
        assert_eq!(behaviour_of("4000000000000002"), "decline");
        assert_eq!(behaviour_of("4000000000009995"), "insufficient_funds");
        assert_eq!(behaviour_of("4242424242424242"), "succeed");
    }
}
