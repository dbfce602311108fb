//! Benchmark helper (docs/PERFORMANCE.md), not part of the product.
//!
//! `kontor-bench seed DATABASE_URL` fills a database with one organization of 10,000
//! products, 1,000 members and 100 workgroups (each member in 3 groups, each group granted 100
//! products, each member 20 individual grants) and prints `org=<id> token=<bearer>`.
//! `kontor-bench decide DATABASE_URL` then measures loading the facts of a member and the
//! `decide()` call alone, p50 and p99 over many calls.
//! `kontor-bench seed-products DATABASE_URL [N]` fills a database with one organization of N
//! (default 100,000) active products of the demo catalogue's plans, bought over the last three
//! years and expiring over the next three, and prints `org=<id> token=<bearer> after=<id of a
//! product half-way down the list by id>`.
//! `kontor-bench price-order DATABASE_URL` loads the demo catalogue and times pricing an order
//! of 1,000 items (the console's preview) and creating it (pricing + 1,000 pending products in
//! one transaction), p50 and p99.
//! `kontor-bench seed-jobs DATABASE_URL AT [ORGS] [PARTNERS]` fills a database for the renewal
//! jobs at the instant AT: ORGS (default 100,000) organizations of 10 products, 3 % of them due;
//! with PARTNERS (default 0) partner organizations, a third of ORGS are their clients.
//! `kontor-bench seed-camt DATABASE_URL FILE [N]` fills a database with N (default 100,000) open
//! invoices and writes FILE, a camt.054 paying each of them exactly.
//! `kontor-bench signin DATABASE_URL [SECONDS]` measures console sign-ins through the whole web
//! stack in process (no socket), one after the other, with the default Argon2id cost: the
//! password alone, then password and TOTP code (two requests; the clock moves 30 s after each
//! round of users so every code is fresh). Run it under `taskset -c 1` for one core.

#![allow(
    clippy::too_many_lines,
    reason = "seeding scripts of the benchmarks: each writes one data set in one pass"
)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::sync::Arc;
use std::time::Instant;

use kontor_app::access::{Action, Resource, decide};
use kontor_app::identity::accounts::SignupInput;
use kontor_app::identity::tokens::NewTokenInput;
use kontor_app::platform::settings::{HashCost, MailTransport, Settings};
use kontor_app::{Actor, App, Clock as _, Origin, SystemClock};
use kontor_domain::{InvoiceStatus, ProductStatus};
use kontor_store::{Db, identity::users, orgs, orgs::members, orgs::workgroups, products};
use time::OffsetDateTime;

const PRODUCTS: i64 = 10_000;
const MEMBERS: i64 = 1_000;
const GROUPS: i64 = 100;

async fn app(url: &str) -> App {
    let db = Db::connect(url, 8).await.unwrap();
    db.migrate().await.unwrap();
    let dir = std::env::temp_dir().join("kontor-bench-mail");
    let mut s = Settings::new(
        "http://127.0.0.1:8080",
        MailTransport::Files(dir),
        b"bench-key-0123456789abcdefghijklmnop".to_vec(),
    );
    s.hash_cost = HashCost {
        memory_kib: 256,
        iterations: 1,
        parallelism: 1,
    };
    App::new(db, Arc::new(SystemClock), s).unwrap()
}

fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

async fn seed(url: &str) {
    let app = app(url).await;
    let (org, token) = owner(&app, "owner@bench.example").await;
    let started = Instant::now();
    let mut tx = app.db.begin().await.unwrap();
    let mut product_ids = Vec::with_capacity(PRODUCTS as usize);
    for i in 0..PRODUCTS {
        product_ids.push(
            products::insert_product(
                &mut tx,
                org,
                "web_hosting",
                &format!("site{i:05}.example"),
                ProductStatus::Active,
                0,
            )
            .await
            .unwrap(),
        );
    }
    let mut group_ids = Vec::new();
    for g in 0..GROUPS {
        let id = workgroups::insert_workgroup(&mut tx, org, &format!("Group {g:03}"), 0)
            .await
            .unwrap();
        let grants: Vec<i64> = product_ids[(g * 100) as usize..(g * 100 + 100) as usize].to_vec();
        workgroups::set_workgroup_products(&mut tx, id, &grants)
            .await
            .unwrap();
        group_ids.push(id);
    }
    for m in 0..MEMBERS {
        let user = users::insert_user(&mut tx, &users::NewUser {
            email: &format!("member{m:04}@bench.example"),
            password_hash: "$argon2id$v=19$m=256,t=1,p=1$c2FsdHNhbHQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            first_name: "Member",
            last_name: &format!("{m:04}"),
            language: "en",
            time_zone: "Europe/Zurich",
            support_code: &format!("{}", 20_000_000 + m),
            now: 0,
        })
        .await
        .unwrap();
        orgs::insert_membership(
            &mut tx,
            &orgs::MembershipRow {
                organization_id: org,
                user_id: user,
                role: "user".into(),
                billing: false,
                contact_preferences: String::new(),
            },
            0,
        )
        .await
        .unwrap();
        let own: Vec<i64> = (0..20)
            .map(|k| product_ids[((m * 20 + k) % PRODUCTS) as usize])
            .collect();
        members::set_member_products(&mut tx, org, user, &own)
            .await
            .unwrap();
        for k in 0..3 {
            workgroups::add_workgroup_member(&mut tx, group_ids[((m + k * 37) % GROUPS) as usize], user)
                .await
                .unwrap();
        }
    }
    tx.commit().await.unwrap();
    eprintln!(
        "seeded {PRODUCTS} products, {MEMBERS} members, {GROUPS} workgroups in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    println!("org={org} token={token}");
}

async fn bench_decide(url: &str) {
    let app = app(url).await;
    let mut c = app.db.acquire().await.unwrap();
    let owner = users::find_user_by_email(&mut c, "owner@bench.example")
        .await
        .unwrap()
        .unwrap();
    let org = orgs::list_orgs_of_user(&mut c, owner.id).await.unwrap()[0].id;
    let member = users::find_user_by_email(&mut c, "member0500@bench.example")
        .await
        .unwrap()
        .unwrap();
    drop(c);
    let actor = Actor {
        kind: kontor_app::ActorKind::User {
            id: kontor_domain::UserId(member.id),
            email: member.email.clone(),
            credential: kontor_app::Credential::Session {
                id: kontor_domain::SessionId(1),
                current_org: None,
            },
        },
        origin: Origin::default(),
    };
    let mut loads = Vec::new();
    let mut facts = None;
    for _ in 0..2_000 {
        let t = Instant::now();
        facts = Some(app.load_facts(&actor, org).await.unwrap());
        loads.push(t.elapsed().as_secs_f64() * 1e6);
    }
    let facts = facts.unwrap();
    let grants = facts.grants.len();
    let mut decisions = Vec::new();
    let mut allowed = 0u64;
    let first = kontor_store::products::list_product_ids_of_org(&mut app.db.acquire().await.unwrap(), org)
        .await
        .unwrap();
    for round in 0..200_000usize {
        let product = first[(round * 7919) % first.len()];
        let t = Instant::now();
        let d = decide(&actor, Action::ProductsManage, Resource::Product(&facts, product));
        decisions.push(t.elapsed().as_secs_f64() * 1e6);
        allowed += u64::from(d.allowed);
    }
    println!(
        "facts of one member ({grants} granted products): load p50 {:.1} µs, p99 {:.1} µs (2,000 loads)",
        percentile(loads.clone(), 0.5),
        percentile(loads, 0.99)
    );
    println!(
        "decide() with facts loaded: p50 {:.3} µs, p99 {:.3} µs (200,000 decisions, {allowed} allowed)",
        percentile(decisions.clone(), 0.5),
        percentile(decisions, 0.99)
    );
}

/// Signs a company up and answers its organization id and a token with every scope.
async fn owner(app: &App, email: &str) -> (i64, String) {
    let owner = app
        .signup(
            &Actor::anonymous(Origin::default()),
            SignupInput {
                email: email.into(),
                password: "correct horse battery".into(),
                first_name: "Bench".into(),
                last_name: "Owner".into(),
                kind: "company".into(),
                company_name: Some("Bench AG".into()),
                country: "CH".into(),
                language: "en".into(),
                ..SignupInput::default()
            },
        )
        .await
        .unwrap();
    let token = app
        .create_token_with_credentials(
            &Actor::anonymous(Origin::default()),
            email,
            "correct horse battery",
            None,
            NewTokenInput {
                name: "bench".into(),
                scopes: vec![
                    "organizations".into(),
                    "products".into(),
                    "billing".into(),
                    "profile".into(),
                ],
                expires_at: None,
            },
        )
        .await
        .unwrap();
    (owner.organization.id, token.secret)
}

async fn seed_products(url: &str, n: i64) {
    let app = app(url).await;
    // The demo catalogue, so the console names each plan and prices its next period.
    app.import_catalog(&Actor::system(), include_str!("../../../../catalog/demo.toml"))
        .await
        .unwrap();
    let (org, token) = owner(&app, "products@bench.example").await;
    let started = Instant::now();
    let now = app.now().unix_timestamp();
    let types = [
        ("domain", "domain-ch"),
        ("web_hosting", "web-business"),
        ("mail_service", "mail-pro"),
        ("drive", "drive-200"),
        ("cloud_server", "cloud-s"),
    ];
    let mut middle = 0;
    for chunk in 0..(n + 9_999) / 10_000 {
        let mut tx = app.db.begin().await.unwrap();
        for i in chunk * 10_000..((chunk + 1) * 10_000).min(n) {
            let (ty, plan) = types[(i % 5) as usize];
            // Bought over the last three years, as a large customer's products are: about 30
            // days' worth of them are new enough for the console's default view.
            let created = now - ((i * 104_729) % 1095) * 86_400;
            let name = format!("p{i:06}.bench.example");
            let id = products::insert(
                &mut tx,
                &products::NewProduct {
                    organization_id: org,
                    product_type: ty,
                    name: &name,
                    status: ProductStatus::Pending,
                    plan_code: plan,
                    period_months: 12,
                    parent_id: None,
                    seats: 0,
                    storage_code: "",
                    order_id: None,
                    renewal_warranty: false,
                },
                created,
            )
            .await
            .unwrap();
            // Expiries spread over three years, in an order unrelated to the ids.
            let expires = now + ((i * 7919) % 1095) * 86_400;
            products::activate(&mut tx, id, expires, i % 2 == 0, None, now)
                .await
                .unwrap();
            if i == n / 2 {
                middle = id;
            }
        }
        tx.commit().await.unwrap();
    }
    eprintln!("seeded {n} products in {:.1}s", started.elapsed().as_secs_f64());
    println!("org={org} token={token} after={middle}");
}

async fn price_order(url: &str) {
    let app = app(url).await;
    app.import_catalog(&Actor::system(), include_str!("../../../../catalog/demo.toml"))
        .await
        .unwrap();
    let (org, _) = owner(&app, "orders@bench.example").await;
    let org = kontor_domain::OrgId(org);
    let mut c = app.db.acquire().await.unwrap();
    let user = users::find_user_by_email(&mut c, "orders@bench.example")
        .await
        .unwrap()
        .unwrap();
    drop(c);
    let actor = Actor {
        kind: kontor_app::ActorKind::User {
            id: kontor_domain::UserId(user.id),
            email: user.email.clone(),
            credential: kontor_app::Credential::Session {
                id: kontor_domain::SessionId(1),
                current_org: Some(org),
            },
        },
        origin: Origin::default(),
    };
    let items = |round: usize| -> Vec<kontor_app::billing::orders::ItemRequest> {
        (0..1_000)
            .map(|i| kontor_app::billing::orders::ItemRequest {
                plan: if i % 2 == 0 { "web-business" } else { "mail-pro" }.to_owned(),
                period_months: 12,
                name: format!("r{round}-i{i}.example.ch"),
                seats: None,
                storage: None,
                renewal_warranty: false,
            })
            .collect()
    };
    let mut quotes = Vec::new();
    for round in 0..50 {
        let it = items(round);
        let t = Instant::now();
        let q = app.quote_order(&actor, org, &it).await.unwrap();
        quotes.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(q.items.len(), 1_000);
    }
    let mut creates = Vec::new();
    for round in 0..20 {
        let it = items(1_000 + round);
        let t = Instant::now();
        let o = app.create_order(&actor, org, &it, None, None).await.unwrap();
        creates.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(o.items.len(), 1_000);
    }
    println!(
        "pricing an order of 1,000 items (catalogue and holdings read, PRC-2 tiers): p50 {:.1} ms, p99 {:.1} ms (50 orders)",
        percentile(quotes.clone(), 0.5),
        percentile(quotes, 0.99)
    );
    println!(
        "creating it (pricing + order, 1,000 items and 1,000 pending products in one transaction): p50 {:.1} ms, p99 {:.1} ms (20 orders)",
        percentile(creates.clone(), 0.5),
        percentile(creates, 0.99)
    );
}

const DAY: i64 = 86_400;

/// Runs one statement with integer parameters on either backend; answers the rows affected.
async fn exec(db: &Db, sql: &str, binds: &[i64]) -> u64 {
    match db {
        Db::Sqlite(pool) => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()));
            for b in binds {
                q = q.bind(*b);
            }
            q.execute(pool).await.unwrap().rows_affected()
        }
        Db::Postgres(pool) => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()));
            for b in binds {
                q = q.bind(*b);
            }
            q.execute(pool).await.unwrap().rows_affected()
        }
    }
}

/// After rows inserted with explicit ids: PostgreSQL's sequences of `tables` move past them and
/// its statistics are taken; SQLite's log is written into the database.
async fn settle_seeded(db: &Db, tables: &[&str]) {
    if let Db::Postgres(_) = db {
        for table in tables {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            );
            exec(db, &sql, &[]).await;
        }
        exec(db, "ANALYZE", &[]).await;
    } else {
        exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", &[]).await;
    }
}

async fn next_id(db: &Db, table: &str) -> i64 {
    let sql = format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}");
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
            .fetch_one(pool)
            .await
            .unwrap(),
        Db::Postgres(pool) => sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
            .fetch_one(pool)
            .await
            .unwrap(),
    }
}

/// The category of the due organization `k` (every tenth organization has three products due
/// on the benchmark's day), or `None` for the others.
fn due_category(k: i64) -> Option<i64> {
    (k % 10 == 0).then_some((k / 10) % 7)
}

/// SQL for the same category, from a product id (`$1` = the first product id).
const CATEGORY: &str = "((((p.id - $1) / 10) / 10) % 7)";

/// `kontor-bench seed-jobs DATABASE_URL AT [ORGS]`: the renewal jobs' benchmark database
/// (docs/PERFORMANCE.md). ORGS organizations (default 100,000) of one legal representative
/// (the billing contact) and 10 products each; every tenth organization has three products due
/// at AT, in one of seven categories: first automatic-renewal attempt (a card that pays),
/// a later attempt (a card that declines), renewal under warranty, suspension at expiry,
/// termination after the grace period, an expiry notice, an unpaid invoice reaching a
/// reminder, a second reminder or the suspension. The other 97 % expire 15 days to 3 years
/// after AT, with the expiry notices already passed recorded, so nothing else is due.
async fn seed_jobs(url: &str, at: &str, orgs: i64, partners: i64) {
    let now = OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339)
        .expect("AT in RFC 3339")
        .unix_timestamp();
    let app = app(url).await;
    app.import_catalog(&Actor::system(), include_str!("../../../../catalog/demo.toml"))
        .await
        .unwrap();
    let db = app.db.clone();
    let started = Instant::now();
    let created = now - 400 * DAY;
    let (u0, o0, p0) = (
        next_id(&db, "users").await,
        next_id(&db, "organizations").await,
        next_id(&db, "products").await,
    );
    let series =
        "WITH RECURSIVE s(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM s WHERE i + 1 < $1) ";
    exec(&db, &format!("{series} INSERT INTO organizations (id, name, kind, country, street, postal_code, city, currency, created_at, updated_at) \
        SELECT $2 + i, 'Bench ' || i || ' AG', 'company', CASE WHEN (i / 10) % 4 = 3 THEN 'DE' ELSE 'CH' END, \
        'Bahnhofstrasse ' || (i % 200 + 1), CASE WHEN (i / 10) % 4 = 3 THEN '10115' ELSE '8001' END, \
        CASE WHEN (i / 10) % 4 = 3 THEN 'Berlin' ELSE 'Zürich' END, CASE WHEN (i / 10) % 4 = 3 THEN 'EUR' ELSE 'CHF' END, $3, $3 FROM s"),
        &[orgs, o0, created]).await;
    exec(&db, &format!("{series} INSERT INTO users (id, email, password_hash, first_name, last_name, language, time_zone, support_code, created_at, updated_at, home_organization_id) \
        SELECT $2 + i, 'billing' || i || '@jobs.bench.example', '$argon2id$v=19$m=256,t=1,p=1$c2FsdHNhbHQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', \
        'Owner', 'N' || i, CASE i % 5 WHEN 0 THEN 'en' WHEN 1 THEN 'de' WHEN 2 THEN 'fr' WHEN 3 THEN 'it' ELSE 'es' END, \
        'Europe/Zurich', '' || (40000000 + i), $3, $3, $4 + i FROM s"),
        &[orgs, u0, created, o0]).await;
    let prefs = kontor_app::identity::accounts::ALL_CONTACT_PREFERENCES;
    exec(&db, &format!("{series} INSERT INTO memberships (organization_id, user_id, role, billing, contact_preferences, created_at) \
        SELECT $2 + i, $3 + i, 'legal_representative', TRUE, '{prefs}', $4 FROM s"),
        &[orgs, o0, u0, created]).await;
    // Products: k = i / 10 the organization, j = i % 10 the product within it.
    let category = "CASE WHEN (i / 10) % 10 = 0 AND i % 10 < 3 THEN ((i / 10) / 10) % 7 ELSE -1 END";
    exec(&db, &format!("{series} INSERT INTO products (id, organization_id, product_type, name, status, created_at, updated_at, \
        plan_code, period_months, activated_at, expires_at, auto_renew, renewal_warranty, suspended_at, suspended_reason) \
        SELECT $2 + i, $3 + i / 10, \
          CASE i % 5 WHEN 0 THEN 'domain' WHEN 1 THEN 'web_hosting' WHEN 2 THEN 'mail_service' WHEN 3 THEN 'domain' ELSE 'web_hosting' END, \
          CASE WHEN c >= 0 THEN 'd' ELSE 'f' END || (i % 10) || '.o' || (i / 10) || '.example', \
          CASE WHEN c = 4 THEN 'suspended' ELSE 'active' END, $4, $4, \
          CASE i % 5 WHEN 0 THEN 'domain-ch' WHEN 1 THEN 'web-starter' WHEN 2 THEN 'mail-basic' WHEN 3 THEN 'domain-com' ELSE 'web-business' END, \
          12, $4, e, \
          CASE WHEN c IN (0, 1) THEN TRUE WHEN c = -1 THEN (i % 3 = 0) ELSE FALSE END, \
          CASE WHEN c = 2 THEN TRUE WHEN c = -1 THEN (i % 7 = 0) ELSE FALSE END, \
          CASE WHEN c = 4 THEN e END, CASE WHEN c = 4 THEN 'expiry' END \
        FROM (SELECT i, c, CASE c WHEN 0 THEN $5 + 14 * {DAY} - 3600 WHEN 1 THEN $5 + 3 * {DAY} - 3600 \
              WHEN 2 THEN $5 - 3600 WHEN 3 THEN $5 - 3600 WHEN 4 THEN $5 - 30 * {DAY} - 3600 \
              WHEN 5 THEN $5 + 30 * {DAY} - 3600 ELSE $5 + (15 + (i * 7919) % 1081) * {DAY} - 3600 END AS e \
              FROM (SELECT i, {category} AS c FROM s) t) u"),
        &[orgs * 10, p0, o0, created, now]).await;
    eprintln!(
        "seeded {orgs} organizations and {} products in {:.1}s",
        orgs * 10,
        started.elapsed().as_secs_f64()
    );
    // Expiry notices already sent: every step whose instant has passed, except the one due
    // today for the first-attempt (14 days) and notice (30 days) categories.
    for d in [60i64, 30, 14, 7, 1] {
        exec(
            &db,
            &format!(
                "INSERT INTO expiry_notices (product_id, expires_at, days_before, created_at) \
            SELECT p.id, p.expires_at, {d}, p.expires_at - {d} * {DAY} FROM products p \
            WHERE p.id >= $1 AND p.expires_at <= $2 + {d} * {DAY} \
            AND NOT (p.name LIKE 'd%' AND (({CATEGORY} = 0 AND {d} = 14) OR ({CATEGORY} = 5 AND {d} = 30)))"
            ),
            &[p0, now],
        )
        .await;
    }
    // The later-attempt category failed its 14, 10 and 7 days attempts.
    for d in [14i64, 10, 7] {
        exec(&db, &format!("INSERT INTO renewal_attempts (organization_id, product_id, expires_at, days_before, status, means, failure_code, created_at) \
            SELECT p.organization_id, p.id, p.expires_at, {d}, 'failed', 'card', 'card_declined', p.expires_at - {d} * {DAY} \
            FROM products p WHERE p.id >= $1 AND p.name LIKE 'd%' AND {CATEGORY} = 1"),
            &[p0]).await;
    }
    // A saved card for every third organization and for the automatic-renewal categories; the
    // later-attempt category's card declines.
    let carded = "(i % 3 = 0 OR (i % 10 = 0 AND (i / 10) % 7 IN (0, 1)))";
    // Each token is the organization's at the processor (BIL-4: `customer_of`).
    exec(&db, &format!("{series} INSERT INTO sandbox_cards (token, customer, brand, last4, exp_month, exp_year, behaviour, created_at) \
        SELECT 'tok_bench_' || i, '' || ($3 + i), 'Visa', CASE WHEN i % 10 = 0 AND (i / 10) % 7 = 1 THEN '0002' ELSE '4242' END, 12, 2035, \
        CASE WHEN i % 10 = 0 AND (i / 10) % 7 = 1 THEN 'decline' ELSE 'succeed' END, $2 FROM s WHERE {carded}"),
        &[orgs, created, o0]).await;
    exec(&db, &format!("{series} INSERT INTO payment_methods (organization_id, kind, gateway_token, brand, last4, exp_month, exp_year, created_by, created_at) \
        SELECT $2 + i, 'card', 'tok_bench_' || i, 'Visa', CASE WHEN i % 10 = 0 AND (i / 10) % 7 = 1 THEN '0002' ELSE '4242' END, 12, 2035, $3 + i, $4 \
        FROM s WHERE {carded}"),
        &[orgs, o0, u0, created]).await;
    // Unpaid invoices of the reminder category, billing its three products: due 3, 10 or 20
    // days ago, at the reminder level before the one they reach today.
    let today = kontor_store::at(now).date();
    let mut tx = db.begin().await.unwrap();
    let mut invoices = 0;
    for k in (0..orgs).filter(|k| due_category(*k) == Some(6)) {
        let level = (k / 70) % 3;
        let due = today - time::Duration::days([3, 10, 20][level as usize]);
        let issued = kontor_store::ts(due.midnight().assume_utc()) - 14 * DAY;
        let year = i64::from(kontor_store::at(issued).year());
        let seq = kontor_store::billing::invoices::next_number(&mut tx, year)
            .await
            .unwrap();
        let eur = (k / 10) % 4 == 3;
        let currency = if eur { "EUR" } else { "CHF" };
        let (subtotal, vat_bp) = (3 * 2_000, if eur { 0 } else { 810 });
        let vat = (subtotal * vat_bp + 5_000) / 10_000;
        let id = kontor_store::billing::invoices::insert_invoice(
            &mut tx,
            &kontor_store::billing::invoices::InvoiceRow {
                id: 0,
                organization_id: o0 + k,
                order_id: None,
                number: format!("{year}-{seq:06}"),
                year,
                seq,
                status: InvoiceStatus::Open,
                currency: currency.into(),
                subtotal_minor: subtotal,
                vat_rate_bp: vat_bp,
                vat_minor: vat,
                total_minor: subtotal + vat,
                reverse_charge: eur,
                reference: kontor_app::billing::orders::reference_for(2_000_000_000 + k, currency),
                bill_name: format!("Bench {k} AG"),
                bill_street: "Bahnhofstrasse".into(),
                bill_postal_code: if eur { "10115" } else { "8001" }.into(),
                bill_city: if eur { "Berlin" } else { "Zürich" }.into(),
                bill_country: if eur { "DE" } else { "CH" }.into(),
                bill_vat_number: String::new(),
                issued_at: issued,
                due_date: due.to_string(),
                paid_at: None,
                dunning_level: 0,
                bill_building_number: "1".into(),
                language: "de".into(),
                kind: "invoice".into(),
                credits_invoice_id: None,
            },
        )
        .await
        .unwrap();
        for j in 0..3 {
            kontor_store::billing::invoices::insert_line(
                &mut tx,
                &kontor_store::billing::invoices::LineRow {
                    id: 0,
                    invoice_id: id,
                    position: j + 1,
                    description: format!("d{j}.o{k}.example, 12 months"),
                    product_id: Some(p0 + k * 10 + j),
                    quantity: 1,
                    unit_minor: 2_000,
                    amount_minor: 2_000,
                },
            )
            .await
            .unwrap();
        }
        if level > 0 {
            kontor_store::billing::invoices::advance_dunning(&mut tx, id, 0, level)
                .await
                .unwrap();
        }
        invoices += 1;
    }
    tx.commit().await.unwrap();
    if partners > 0 {
        seed_partners(&db, (orgs, o0, u0, p0), partners, created).await;
    }
    settle_seeded(
        &db,
        &[
            "users",
            "organizations",
            "products",
            "payment_methods",
            "invoices",
            "renewal_attempts",
            "partnerships",
        ],
    )
    .await;
    eprintln!(
        "seeded {orgs} organizations, {} products ({} due), {invoices} unpaid invoices in {:.1}s",
        orgs * 10,
        orgs / 10 * 3,
        started.elapsed().as_secs_f64()
    );
}

/// The renewal benchmark with partners (PAR-7, PAR-8): `partners` approved partner
/// organizations (20 % discount, one legal representative, a saved card that pays), and every
/// third of the `orgs` organizations (`i % 3 = 1`) a client of partner `i % partners`, in turn
/// with limited access (its first three products listed — the due ones), full access with the
/// client paying, and full access with the partner paying.
async fn seed_partners(db: &Db, (orgs, o0, u0, p0): (i64, i64, i64, i64), partners: i64, created: i64) {
    let (po0, pu0, s0) = (
        next_id(db, "organizations").await,
        next_id(db, "users").await,
        next_id(db, "partnerships").await,
    );
    let series =
        "WITH RECURSIVE s(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM s WHERE i + 1 < $1) ";
    exec(db, &format!("{series} INSERT INTO organizations (id, name, kind, country, street, postal_code, city, currency, registry_id, created_at, updated_at) \
        SELECT $2 + i, 'Partner ' || i || ' GmbH', 'company', 'CH', 'Seestrasse 1', '8002', 'Zürich', 'CHF', 'CHE-100.000.' || i, $3, $3 FROM s"),
        &[partners, po0, created]).await;
    exec(db, &format!("{series} INSERT INTO users (id, email, password_hash, first_name, last_name, language, time_zone, support_code, created_at, updated_at, home_organization_id) \
        SELECT $2 + i, 'partner' || i || '@jobs.bench.example', 'x', 'Partner', 'P' || i, 'de', 'Europe/Zurich', '' || (30000000 + i), $3, $3, $4 + i FROM s"),
        &[partners, pu0, created, po0]).await;
    let prefs = kontor_app::identity::accounts::ALL_CONTACT_PREFERENCES;
    exec(db, &format!("{series} INSERT INTO memberships (organization_id, user_id, role, billing, contact_preferences, created_at) \
        SELECT $2 + i, $3 + i, 'legal_representative', TRUE, '{prefs}', $4 FROM s"),
        &[partners, po0, pu0, created]).await;
    exec(db, &format!("{series} INSERT INTO partners (organization_id, status, website, expected_volume, applied_at, applied_by, \
        conditions_accepted_at, decided_at, discount_bp, contact_email, updated_at) \
        SELECT $2 + i, 'approved', 'https://partner' || i || '.example', 200000, $3, $4 + i, $3, $3, 2000, '', $3 FROM s"),
        &[partners, po0, created, pu0]).await;
    exec(db, &format!("{series} INSERT INTO sandbox_cards (token, customer, brand, last4, exp_month, exp_year, behaviour, created_at) \
        SELECT 'tok_partner_' || i, '' || ($3 + i), 'Visa', '4242', 12, 2035, 'succeed', $2 FROM s"),
        &[partners, created, po0]).await;
    exec(db, &format!("{series} INSERT INTO payment_methods (organization_id, kind, gateway_token, brand, last4, exp_month, exp_year, created_by, created_at) \
        SELECT $2 + i, 'card', 'tok_partner_' || i, 'Visa', '4242', 12, 2035, $3 + i, $4 FROM s"),
        &[partners, po0, pu0, created]).await;
    // Client i: partnership s0 + i, in one of three modes by (i / 3) % 3.
    exec(db, &format!("{series} INSERT INTO partnerships (id, client_id, partner_id, status, initiator, access, payment_mode, \
        token_hash, created_by, created_at, sent_at, started_at, updated_at) \
        SELECT $2 + i, $3 + i, $4 + i % $5, 'active', 'client', CASE WHEN (i / 3) % 3 = 0 THEN 'limited' ELSE 'full' END, \
        CASE (i / 3) % 3 WHEN 1 THEN 'client' WHEN 2 THEN 'partner' ELSE '' END, 'bench' || i, $6 + i, $7, $7, $7, $7 \
        FROM s WHERE i % 3 = 1"),
        &[orgs, s0, o0, po0, partners, u0, created]).await;
    exec(
        db,
        &format!(
            "{series} INSERT INTO partnership_products (partnership_id, product_id) \
        SELECT $2 + i / 3, $3 + (i / 3) * 10 + i % 3 FROM s WHERE (i / 3) % 3 = 1 AND ((i / 3) / 3) % 3 = 0"
        ),
        &[orgs * 3, s0, p0],
    )
    .await;
    eprintln!("seeded {partners} partners and {} clients", (orgs + 1) / 3);
}

/// `kontor-bench seed-camt DATABASE_URL FILE [N]`: the statement import's benchmark
/// (docs/PERFORMANCE.md). N (default 100,000) open invoices, each billing one active product,
/// in N / 10 organizations (a quarter in Germany, paying in EUR) of one legal representative,
/// and FILE: one camt.054.001.08 notification paying every invoice exactly, in QR-bill batch
/// entries of 100 payments (QRR references in CHF, RF creditor references in EUR).
async fn seed_camt(url: &str, file: &str, n: i64) {
    let app = app(url).await;
    app.import_catalog(&Actor::system(), include_str!("../../../../catalog/demo.toml"))
        .await
        .unwrap();
    let db = app.db.clone();
    let started = Instant::now();
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let created = now - 400 * DAY;
    let orgs = (n + 9) / 10;
    let (u0, o0, p0) = (
        next_id(&db, "users").await,
        next_id(&db, "organizations").await,
        next_id(&db, "products").await,
    );
    let series =
        "WITH RECURSIVE s(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM s WHERE i + 1 < $1) ";
    let eur = "(i % 4 = 3)";
    exec(&db, &format!("{series} INSERT INTO organizations (id, name, kind, country, street, postal_code, city, currency, created_at, updated_at) \
        SELECT $2 + i, 'Camt ' || i || ' AG', 'company', CASE WHEN {eur} THEN 'DE' ELSE 'CH' END, 'Bahnhofstrasse ' || (i % 200 + 1), \
        CASE WHEN {eur} THEN '10115' ELSE '8001' END, CASE WHEN {eur} THEN 'Berlin' ELSE 'Zürich' END, \
        CASE WHEN {eur} THEN 'EUR' ELSE 'CHF' END, $3, $3 FROM s"),
        &[orgs, o0, created]).await;
    exec(&db, &format!("{series} INSERT INTO users (id, email, password_hash, first_name, last_name, language, time_zone, support_code, created_at, updated_at, home_organization_id) \
        SELECT $2 + i, 'billing' || i || '@camt.bench.example', '$argon2id$v=19$m=256,t=1,p=1$c2FsdHNhbHQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', \
        'Owner', 'N' || i, 'de', 'Europe/Zurich', '' || (50000000 + i), $3, $3, $4 + i FROM s"),
        &[orgs, u0, created, o0]).await;
    let prefs = kontor_app::identity::accounts::ALL_CONTACT_PREFERENCES;
    exec(&db, &format!("{series} INSERT INTO memberships (organization_id, user_id, role, billing, contact_preferences, created_at) \
        SELECT $2 + i, $3 + i, 'legal_representative', TRUE, '{prefs}', $4 FROM s"),
        &[orgs, o0, u0, created]).await;
    exec(&db, &format!("{series} INSERT INTO products (id, organization_id, product_type, name, status, created_at, updated_at, \
        plan_code, period_months, activated_at, expires_at, auto_renew, renewal_warranty) \
        SELECT $2 + i, $3 + i / 10, 'web_hosting', 'w' || (i % 10) || '.o' || (i / 10) || '.example', 'active', $4, $4, \
        'web-starter', 12, $4, $5 + (30 + i % 300) * {DAY}, FALSE, TRUE FROM s"),
        &[n, p0, o0, created, now]).await;
    let payments = seed_open_invoices(&db, n, o0, p0, now).await;
    settle_seeded(
        &db,
        &["users", "organizations", "products", "invoices", "invoice_lines"],
    )
    .await;
    std::fs::write(file, camt_054(&payments)).unwrap();
    eprintln!(
        "seeded {orgs} organizations, {n} open invoices and {file} in {:.1}s",
        started.elapsed().as_secs_f64()
    );
}

/// N open invoices of `seed_camt`, 1,000 to a statement (one at a time took minutes on
/// PostgreSQL): invoice i bills product p0 + i of organization o0 + i / 10, numbered on from the
/// year's counter. Returns what the statement pays: (currency, amount, reference, payer).
async fn seed_open_invoices(
    db: &Db,
    n: i64,
    o0: i64,
    p0: i64,
    now: i64,
) -> Vec<(&'static str, i64, String, i64)> {
    use std::fmt::Write as _;
    let year = i64::from(kontor_store::at(now).year());
    let due = (kontor_store::at(now).date() + time::Duration::days(10)).to_string();
    let i0 = next_id(db, "invoices").await;
    exec(
        db,
        "INSERT INTO invoice_counters (year, last_number) VALUES ($1, 0) ON CONFLICT (year) DO NOTHING",
        &[year],
    )
    .await;
    let seq0: i64 = match db {
        Db::Sqlite(pool) => {
            sqlx::query_scalar::<_, i64>("SELECT last_number FROM invoice_counters WHERE year = $1")
                .bind(year)
                .fetch_one(pool)
                .await
                .unwrap()
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar::<_, i64>("SELECT last_number FROM invoice_counters WHERE year = $1")
                .bind(year)
                .fetch_one(pool)
                .await
                .unwrap()
        }
    } + 1;
    exec(
        db,
        "UPDATE invoice_counters SET last_number = last_number + $1 WHERE year = $2",
        &[n, year],
    )
    .await;
    let mut payments = Vec::with_capacity(usize::try_from(n).unwrap_or(0));
    for chunk in (0..n).collect::<Vec<_>>().chunks(1_000) {
        let mut sql = String::from(
            "INSERT INTO invoices (id, organization_id, number, year, seq, status, currency, subtotal_minor, \
             vat_rate_bp, vat_minor, total_minor, reverse_charge, reference, bill_name, bill_street, bill_postal_code, \
             bill_city, bill_country, bill_vat_number, issued_at, due_date, bill_building_number, language, kind) VALUES ",
        );
        for &i in chunk {
            let k = i / 10;
            let eur = k % 4 == 3;
            let currency = if eur { "EUR" } else { "CHF" };
            let subtotal = 1_000 + (i % 97) * 100;
            let vat_bp = if eur { 1_900 } else { 810 };
            let vat = (subtotal * vat_bp + 5_000) / 10_000;
            let seq = seq0 + i;
            let reference = kontor_app::billing::orders::reference_for(3_000_000_000 + i, currency);
            let (postal, city, country) = if eur {
                ("10115", "Berlin", "DE")
            } else {
                ("8001", "Zürich", "CH")
            };
            let _ = write!(
                sql,
                "{}({}, {}, '{year}-{seq:06}', {year}, {seq}, 'open', '{currency}', {subtotal}, {vat_bp}, {vat}, {}, FALSE, \
                 '{reference}', 'Camt {k} AG', 'Bahnhofstrasse', '{postal}', '{city}', '{country}', '', {}, '{due}', '1', 'de', 'invoice')",
                if i == chunk[0] { "" } else { ", " },
                i0 + i,
                o0 + k,
                subtotal + vat,
                now - DAY,
            );
            payments.push((currency, subtotal + vat, reference, k));
        }
        exec(db, &sql, &[]).await;
    }
    let series =
        "WITH RECURSIVE s(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM s WHERE i + 1 < $1) ";
    exec(db, &format!("{series} INSERT INTO invoice_lines (invoice_id, position, description, product_id, quantity, unit_minor, amount_minor) \
        SELECT $2 + i, 1, 'w' || (i % 10) || '.o' || (i / 10) || '.example, 12 months', $3 + i, 1, 1000 + (i % 97) * 100, 1000 + (i % 97) * 100 FROM s"),
        &[n, i0, p0]).await;
    payments
}

/// A camt.054.001.08 paying each (currency, amount, reference, payer) exactly, in batch entries
/// of up to 100 payments of one currency.
fn camt_054(payments: &[(&str, i64, String, i64)]) -> String {
    use kontor_domain::money::format_minor;
    use std::fmt::Write as _;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.08\">\
         <BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>BENCH-054</MsgId><CreDtTm>2027-01-05T06:00:00</CreDtTm></GrpHdr>\
         <Ntfctn><Id>BENCH-N1</Id><Acct><Id><IBAN>CH4431999123000889012</IBAN></Id></Acct>\n",
    );
    let mut entry = 0;
    for currency in ["CHF", "EUR"] {
        let mine: Vec<_> = payments.iter().filter(|p| p.0 == currency).collect();
        for batch in mine.chunks(100) {
            entry += 1;
            let sum: i64 = batch.iter().map(|p| p.1).sum();
            let _ = write!(
                out,
                "<Ntry><Amt Ccy=\"{currency}\">{}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>\
                 <BookgDt><Dt>2027-01-05</Dt></BookgDt><ValDt><Dt>2027-01-05</Dt></ValDt><AcctSvcrRef>BENCH-E{entry}</AcctSvcrRef>\
                 <NtryDtls><Btch><NbOfTxs>{}</NbOfTxs></Btch>",
                format_minor(sum),
                batch.len()
            );
            for (j, (cur, amount, reference, k)) in batch.iter().enumerate() {
                let kind = if reference.starts_with("RF") {
                    "<Cd>SCOR</Cd>"
                } else {
                    "<Prtry>QRR</Prtry>"
                };
                let _ = write!(
                    out,
                    "<TxDtls><Refs><AcctSvcrRef>BENCH-E{entry}-{j}</AcctSvcrRef></Refs><Amt Ccy=\"{cur}\">{}</Amt>\
                     <RltdPties><Dbtr><Nm>Camt {k} AG</Nm></Dbtr><DbtrAcct><Id><IBAN>CH9300762011623852957</IBAN></Id></DbtrAcct></RltdPties>\
                     <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry>{kind}</CdOrPrtry></Tp><Ref>{reference}</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>",
                    format_minor(*amount)
                );
            }
            out.push_str("</NtryDtls></Ntry>\n");
        }
    }
    out.push_str("</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>\n");
    out
}

/// One request through the whole web stack, with its cookies; answers status, the
/// `name=value` of each cookie set, the `location` and the body.
async fn send(
    state: &kontor_web::AppState,
    method: &str,
    path: &str,
    cookies: &str,
    form: &[(&str, &str)],
) -> (u16, Vec<String>, String, String) {
    use tower::ServiceExt as _;
    let body: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let mut req = axum::http::Request::builder()
        .method(method)
        .uri(path)
        .header("cookie", cookies)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(body))
        .unwrap();
    let ip: std::net::SocketAddr = "127.0.0.1:40000".parse().unwrap();
    req.extensions_mut().insert(axum::extract::ConnectInfo(ip));
    let r = kontor_web::service(state.clone()).oneshot(req).await.unwrap();
    let status = r.status().as_u16();
    let set: Vec<String> = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(ToOwned::to_owned))
        .collect();
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = axum::body::to_bytes(r.into_body(), 1 << 20).await.unwrap();
    (
        status,
        set,
        location,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

fn csrf_of(html: &str) -> String {
    html.split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned()
}

async fn bench_signin(url: &str, secs: f64) {
    use kontor_app::security::totp;
    let db = Db::connect(url, 8).await.unwrap();
    db.migrate().await.unwrap();
    let clock = kontor_app::ManualClock::new(OffsetDateTime::now_utc());
    let mut s = Settings::new(
        "http://127.0.0.1:8080",
        MailTransport::Files(std::env::temp_dir().join("kontor-bench-mail")),
        b"bench-key-0123456789abcdefghijklmnop".to_vec(),
    );
    s.rate_limit_per_minute = 0;
    println!(
        "Argon2id: {} KiB, {} iterations, parallelism {}",
        s.hash_cost.memory_kib, s.hash_cost.iterations, s.hash_cost.parallelism
    );
    let app = App::new(db, Arc::new(clock.clone()), s).unwrap();
    let state = kontor_web::AppState::new(app.clone());
    let password = "correct horse battery";
    let tag = OffsetDateTime::now_utc().unix_timestamp();
    let users = 8;
    let mut secrets = Vec::new();
    for i in 0..=users {
        let email = format!("signin-{tag}-{i}@bench.ch");
        let input = SignupInput {
            email: email.clone(),
            password: password.to_owned(),
            first_name: "Sign".to_owned(),
            last_name: "In".to_owned(),
            kind: "person".to_owned(),
            country: "CH".to_owned(),
            language: "en".to_owned(),
            company_name: None,
            currency: None,
            time_zone: None,
            referral: None,
        };
        app.signup(&Actor::anonymous(Origin::default()), input)
            .await
            .unwrap();
        if i == 0 {
            continue;
        }
        // TOTP set up through the console, confirmed with the first code.
        let (_, set, _, page) = send(&state, "GET", "/console/signin", "", &[]).await;
        let visitor = set.join("; ");
        let (_, set, _, _) = send(
            &state,
            "POST",
            "/console/signin",
            &visitor,
            &[
                ("csrf", &csrf_of(&page)),
                ("email", &email),
                ("password", password),
            ],
        )
        .await;
        let session = set.join("; ");
        let (_, _, _, page) = send(&state, "GET", "/console/security", &session, &[]).await;
        let (_, _, _, setup) = send(
            &state,
            "POST",
            "/console/security/totp",
            &session,
            &[("csrf", &csrf_of(&page))],
        )
        .await;
        let secret = setup
            .split("data-testid=\"totp-secret\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_owned();
        let key = totp::base32_decode(&secret).unwrap();
        let code = totp::code_at(&key, totp::step_of(clock.now().unix_timestamp()));
        let (status, _, _, _) = send(
            &state,
            "POST",
            "/console/security/confirm",
            &session,
            &[("csrf", &csrf_of(&setup)), ("code", &code)],
        )
        .await;
        assert_eq!(status, 200);
        secrets.push((email, key));
    }
    clock.advance(time::Duration::seconds(30));
    let (_, set, _, page) = send(&state, "GET", "/console/signin", "", &[]).await;
    let visitor = set.join("; ");
    let csrf = csrf_of(&page);
    let plain = format!("signin-{tag}-0@bench.ch");

    let mut times = Vec::new();
    let started = Instant::now();
    while started.elapsed().as_secs_f64() < secs {
        let t0 = Instant::now();
        let (status, _, location, _) = send(
            &state,
            "POST",
            "/console/signin",
            &visitor,
            &[("csrf", &csrf), ("email", &plain), ("password", password)],
        )
        .await;
        assert!(
            status == 303 && location == "/console/organization",
            "{status} {location}"
        );
        times.push(t0.elapsed().as_secs_f64() * 1000.0);
    }
    report("password only", started.elapsed().as_secs_f64(), times);

    let mut times = Vec::new();
    let started = Instant::now();
    'rounds: loop {
        for (email, key) in &secrets {
            if started.elapsed().as_secs_f64() >= secs {
                break 'rounds;
            }
            let t0 = Instant::now();
            let (status, set, location, _) = send(
                &state,
                "POST",
                "/console/signin",
                &visitor,
                &[("csrf", &csrf), ("email", email), ("password", password)],
            )
            .await;
            assert!(
                status == 303 && location == "/console/signin/code",
                "{status} {location}"
            );
            let cookies = format!("{visitor}; {}", set.join("; "));
            let code = totp::code_at(key, totp::step_of(clock.now().unix_timestamp()));
            let (status, _, location, _) = send(
                &state,
                "POST",
                "/console/signin/code",
                &cookies,
                &[("csrf", &csrf), ("code", &code)],
            )
            .await;
            assert!(
                status == 303 && location == "/console/organization",
                "{status} {location}"
            );
            times.push(t0.elapsed().as_secs_f64() * 1000.0);
        }
        clock.advance(time::Duration::seconds(30));
    }
    report("password + TOTP code", started.elapsed().as_secs_f64(), times);
}

fn report(label: &str, elapsed: f64, times: Vec<f64>) {
    let n = times.len();
    println!(
        "{label}: {n} sign-ins in {elapsed:.1} s = {:.1}/s, p50 {:.1} ms, p99 {:.1} ms",
        n as f64 / elapsed,
        percentile(times.clone(), 0.5),
        percentile(times, 0.99)
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    match (args.get(1).map(String::as_str), args.get(2)) {
        (Some("signin"), Some(url)) => {
            let secs = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(10.0);
            bench_signin(url, secs).await;
        }
        (Some("seed"), Some(url)) => seed(url).await,
        (Some("decide"), Some(url)) => bench_decide(url).await,
        (Some("seed-products"), Some(url)) => {
            let n = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(100_000);
            seed_products(url, n).await;
        }
        (Some("price-order"), Some(url)) => price_order(url).await,
        (Some("seed-jobs"), Some(url)) => {
            let at = args.get(3).expect("seed-jobs DATABASE_URL AT [ORGS] [PARTNERS]");
            let orgs = args.get(4).and_then(|n| n.parse().ok()).unwrap_or(100_000);
            let partners = args.get(5).and_then(|n| n.parse().ok()).unwrap_or(0);
            seed_jobs(url, at, orgs, partners).await;
        }
        (Some("seed-camt"), Some(url)) => {
            let file = args.get(3).expect("seed-camt DATABASE_URL FILE [N]");
            let n = args.get(4).and_then(|n| n.parse().ok()).unwrap_or(100_000);
            seed_camt(url, file, n).await;
        }
        _ => eprintln!(
            "usage: kontor-bench seed|decide|seed-products|price-order|seed-jobs|seed-camt|signin DATABASE_URL"
        ),
    }
}
