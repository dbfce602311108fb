//! Benchmark helper (docs/PERFORMANCE.md), not part of the product.
//!
//! `kontor-bench seed DATABASE_URL` fills a database with one organization of 10,000
//! products, 1,000 members and 100 workgroups (each member in 3 groups, each group granted 100
//! products, each member 20 individual grants) and prints `org=<id> token=<bearer>`.
//! `kontor-bench decide DATABASE_URL` then measures loading the facts of a member and the
//! `decide()` call alone, p50 and p99 over many calls.
//! `kontor-bench seed-products DATABASE_URL [N]` fills a database with one organization of N
//! (default 100,000) active products expiring over three years, and prints `org=<id>
//! token=<bearer> after=<id of a product half-way down the list by id>`.
//! `kontor-bench price-order DATABASE_URL` loads the demo catalogue and times pricing an order
//! of 1,000 items (the console's preview) and creating it (pricing + 1,000 pending products in
//! one transaction), p50 and p99.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::sync::Arc;
use std::time::Instant;

use kontor_app::access::{Action, Resource, decide};
use kontor_app::accounts::SignupInput;
use kontor_app::settings::{HashCost, MailTransport, Settings};
use kontor_app::tokens::NewTokenInput;
use kontor_app::{Actor, App, Origin, SystemClock};
use kontor_store::{Db, members, orgs, products, users, workgroups};

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
                "active",
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
    let (org, token) = owner(&app, "products@bench.example").await;
    let started = Instant::now();
    let now = app.now().unix_timestamp();
    let types = ["domain", "web_hosting", "mail_service", "drive", "cloud_server"];
    let mut middle = 0;
    for chunk in 0..(n + 9_999) / 10_000 {
        let mut tx = app.db.begin().await.unwrap();
        for i in chunk * 10_000..((chunk + 1) * 10_000).min(n) {
            let ty = types[(i % 5) as usize];
            let name = format!("p{i:06}.bench.example");
            let id = products::insert(
                &mut tx,
                &products::NewProduct {
                    organization_id: org,
                    product_type: ty,
                    name: &name,
                    status: "pending",
                    plan_code: "bench",
                    period_months: 12,
                    ..products::NewProduct::default()
                },
                now,
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
    let items = |round: usize| -> Vec<kontor_app::orders::ItemRequest> {
        (0..1_000)
            .map(|i| kontor_app::orders::ItemRequest {
                plan: if i % 2 == 0 { "web-business" } else { "mail-pro" }.to_owned(),
                period_months: 12,
                name: format!("r{round}-i{i}.example.ch"),
                seats: None,
                storage: None,
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
        let o = app.create_order(&actor, org, &it, None).await.unwrap();
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

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    match (args.get(1).map(String::as_str), args.get(2)) {
        (Some("seed"), Some(url)) => seed(url).await,
        (Some("decide"), Some(url)) => bench_decide(url).await,
        (Some("seed-products"), Some(url)) => {
            let n = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(100_000);
            seed_products(url, n).await;
        }
        (Some("price-order"), Some(url)) => price_order(url).await,
        _ => eprintln!("usage: kontor-bench seed|decide|seed-products|price-order DATABASE_URL"),
    }
}
