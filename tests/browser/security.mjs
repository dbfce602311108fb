// Browser test of the second factor, support access and the staff console: a customer sets up
// TOTP from the QR page (codes computed here with Node's own HMAC, not Kontor's), grants support
// access, signs in with a code, then "loses the device" and files an identity verification; a
// staff admin (made by `kontor staff create`, password in $STAFF_PASSWORD) sets up TOTP, finds
// the customer by support code, looks at the photos, approves, opens the catalogue, imports a
// bank statement and refunds its unmatched transfer, and adjusts and refunds the customer's
// prepaid account. The customer then signs in with the password alone and reads the ledger,
// works with a partner, and becomes an affiliate whose link a visitor signs up through.
// Screenshots under $SCREENSHOTS (prefix "s").
import { createHmac } from "node:crypto";
import { base, expect, launch, mailedLink, password, screenshots } from "./harness.mjs";

const staffEmail = process.env.STAFF_EMAIL ?? "admin@provider.example";
const staffPassword = process.env.STAFF_PASSWORD;
expect(staffPassword, "STAFF_PASSWORD is set (from kontor staff create)");
const stamp = Date.now();
const customer = `secure-${stamp}@example.ch`;

// RFC 6238 with HMAC-SHA1, 30 s, 6 digits, as an authenticator app computes it.
function totp(secret, at = Date.now()) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secret.replace(/=+$/, "")) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const h = createHmac("sha1", key).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, "0");
}

// A code of a step no earlier sign-in used: wait for the next 30-second step.
async function freshCode(secret) {
  const wait = 30000 - (Date.now() % 30000) + 200;
  await new Promise((r) => setTimeout(r, wait));
  return totp(secret);
}

// The two photos, drawn in the browser: an identity card (PNG) and a face (JPEG).
async function photos(page) {
  const [png, jpeg] = await page.evaluate(() => {
    const draw = (type, paint) => {
      const c = document.createElement("canvas");
      c.width = 320;
      c.height = 200;
      const g = c.getContext("2d");
      paint(g);
      return c.toDataURL(type).split(",")[1];
    };
    const card = draw("image/png", (g) => {
      g.fillStyle = "#dfe8f5"; g.fillRect(0, 0, 320, 200);
      g.fillStyle = "#1d2433"; g.font = "bold 22px sans-serif"; g.fillText("IDENTITY CARD", 20, 40);
      g.font = "16px sans-serif"; g.fillText("SECURE Sina", 130, 100); g.fillText("1990-04-01", 130, 130);
      g.fillStyle = "#9aa7bd"; g.fillRect(20, 70, 90, 110);
    });
    const face = draw("image/jpeg", (g) => {
      g.fillStyle = "#f2efe9"; g.fillRect(0, 0, 320, 200);
      g.fillStyle = "#e0b48c"; g.beginPath(); g.arc(160, 100, 60, 0, 7); g.fill();
      g.fillStyle = "#1d2433"; g.beginPath(); g.arc(140, 90, 6, 0, 7); g.arc(180, 90, 6, 0, 7); g.fill();
      g.fillRect(140, 125, 40, 5);
    });
    return [card, face];
  });
  return [Buffer.from(png, "base64"), Buffer.from(jpeg, "base64")];
}

const customerCtx = await launch();
const staffCtx = await launch();
const shot = screenshots("s");

try {
  const page = customerCtx.pages()[0] ?? (await customerCtx.newPage());
  await page.goto(`${base}/console/signup`);
  await page.fill("input[name=first_name]", "Sina");
  await page.fill("input[name=last_name]", "Secure");
  await page.fill("input[name=email]", customer);
  await page.fill("input[name=password]", password);
  await Promise.all([page.waitForURL("**/console"), page.click("form.card button[type=submit]")]);
  await page.goto(`${base}/console/profile`);
  const supportCode = (await page.textContent("main")).match(/\b\d{4} ?\d{4}\b/)[0].replace(" ", "");

  // TOTP from the QR page, confirmed with a code computed here.
  await page.goto(`${base}/console/security`);
  await shot(page, "security-off");
  await page.click("form[action='/console/security/totp'] button");
  await page.waitForSelector("[data-testid=totp-setup] svg");
  await shot(page, "security-qr");
  const secret = (await page.textContent("[data-testid=totp-secret]")).trim();
  await page.fill("[data-testid=totp-setup] input[name=code]", totp(secret));
  await page.click("[data-testid=totp-setup] button[type=submit]");
  await page.waitForSelector("[data-testid=backup-codes]");
  expect((await page.$$("ul.codes li")).length === 10, "ten backup codes");
  await shot(page, "security-backup-codes");

  // Support access: grant drive for 7 days.
  await page.goto(`${base}/console/support-access`);
  await page.click("tr[data-kind=drive] button");
  await page.waitForSelector("tr[data-kind=drive] button.secondary");
  await shot(page, "support-access");
  await page.goto(`${base}/console/premium-support`);
  await page.waitForSelector("[data-testid=premium-none]");
  await shot(page, "premium-none");

  // Sign out, sign in again: the password, then a code.
  await Promise.all([page.waitForURL("**/console/signin**"), page.click("header form[action='/console/signout'] button")]);
  await page.fill("input[name=email]", customer);
  await page.fill("input[name=password]", password);
  await Promise.all([page.waitForURL("**/console/signin/code"), page.click("form.card button[type=submit]")]);
  await shot(page, "signin-code");
  await page.fill("input[name=code]", await freshCode(secret));
  await Promise.all([page.waitForURL("**/console"), page.click("form.card button[type=submit]")]);

  // "I lost my device": the identity verification after the right password.
  await Promise.all([page.waitForURL("**/console/signin**"), page.click("header form[action='/console/signout'] button")]);
  await page.fill("input[name=email]", customer);
  await page.fill("input[name=password]", password);
  await Promise.all([page.waitForURL("**/console/signin/code"), page.click("form.card button[type=submit]")]);
  await Promise.all([page.waitForURL("**/console/signin/recover"), page.click("[data-testid=lost-device]")]);
  const [png, jpeg] = await photos(page);
  await page.setInputFiles("input[name=document]", { name: "id.png", mimeType: "image/png", buffer: png });
  await page.setInputFiles("input[name=selfie]", { name: "me.jpg", mimeType: "image/jpeg", buffer: jpeg });
  await shot(page, "verification-form");
  await page.click("form.card button[type=submit]");
  await page.waitForSelector("[data-testid=verification-filed]");
  await shot(page, "verification-filed");

  // The staff member: sign in, set up the mandatory TOTP, then the staff pages.
  const staff = staffCtx.pages()[0] ?? (await staffCtx.newPage());
  await staff.goto(`${base}/staff/signin`);
  await staff.fill("input[name=email]", staffEmail);
  await staff.fill("input[name=password]", staffPassword);
  await Promise.all([staff.waitForURL("**/staff/security"), staff.click("form button[type=submit]")]);
  await shot(staff, "staff-setup-required");
  await staff.goto(`${base}/staff`);
  expect(staff.url().endsWith("/staff/security"), "no staff page before the second factor");
  await staff.click("form[action='/staff/security/totp'] button");
  await staff.waitForSelector("[data-testid=totp-setup] svg");
  const staffSecret = (await staff.textContent("[data-testid=totp-secret]")).trim();
  await staff.fill("[data-testid=totp-setup] input[name=code]", totp(staffSecret));
  await staff.click("[data-testid=totp-setup] button[type=submit]");
  await staff.waitForSelector("[data-testid=backup-codes]");
  await staff.goto(`${base}/staff`);
  await shot(staff, "staff-home");
  await staff.fill("input[name=code]", supportCode);
  await Promise.all([staff.waitForURL("**/staff/customers**"), staff.click("form[action='/staff/customers'] button")]);
  expect((await staff.textContent("main")).includes(customer), "support finds the customer by support code");
  await shot(staff, "staff-customer");

  await staff.goto(`${base}/staff/verifications`);
  await shot(staff, "staff-verifications");
  await Promise.all([staff.waitForURL("**/staff/verifications/*"), staff.click("[data-testid=verifications] tr[data-status=pending] a")]);
  await staff.waitForFunction(() => [...document.querySelectorAll("img.photo")].every((i) => i.complete && i.naturalWidth > 0));
  await shot(staff, "staff-verification");
  await staff.click("button[name=decision][value=approve]");
  await staff.waitForSelector("[data-testid=verification-status]");
  expect((await staff.textContent("[data-testid=verification-status]")).includes("approved"), "approved");
  await shot(staff, "staff-verification-approved");

  await staff.goto(`${base}/staff/catalog`);
  await staff.waitForSelector("form[data-plan=web-starter]");
  await shot(staff, "staff-catalog");

  // Bank statements: a camt.054 with a reference of no one lands in the unmatched queue, is
  // marked for refund and leaves in a pain.001 file.
  const camt = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
<GrpHdr><MsgId>B-${stamp}</MsgId><CreDtTm>2027-01-05T06:00:00</CreDtTm></GrpHdr>
<Ntfctn><Id>N-${stamp}</Id><Acct><Id><IBAN>CH4431999123000889012</IBAN></Id></Acct>
<Ntry><Amt Ccy="CHF">42.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2027-01-05</Dt></BookgDt>
<AcctSvcrRef>E-${stamp}</AcctSvcrRef><NtryDtls><TxDtls><Refs><AcctSvcrRef>T-${stamp}</AcctSvcrRef></Refs><Amt Ccy="CHF">42.50</Amt>
<RltdPties><Dbtr><Nm>Olga Owner</Nm></Dbtr><DbtrAcct><Id><IBAN>CH9300762011623852957</IBAN></Id></DbtrAcct></RltdPties>
<RmtInf><Ustrd>Hosting for Olga, thank you</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`;
  await staff.goto(`${base}/staff/statements`);
  await staff.setInputFiles("input[name=file]", { name: "camt054.xml", mimeType: "application/xml", buffer: Buffer.from(camt) });
  await Promise.all([staff.waitForURL("**/staff/statements/*"), staff.click("form[action='/staff/statements'] button[type=submit]")]);
  await staff.waitForSelector("[data-testid=transactions] tr[data-outcome=unmatched]");
  await shot(staff, "staff-statement");
  await staff.goto(`${base}/staff/unmatched`);
  await shot(staff, "staff-unmatched");
  await Promise.all([
    staff.waitForURL("**/staff/unmatched"),
    staff.click("section[data-transaction]:last-of-type form:has(input[name=decision]) button"),
  ]);
  await staff.goto(`${base}/staff/refunds`);
  expect((await staff.textContent("[data-testid=refunds]")).includes("CH9300762011623852957"), "the refund waits for the file");

  // The customer's prepaid account: an adjustment and a refund, each told to the customer.
  await staff.goto(`${base}/staff/ledger?q=${encodeURIComponent("Sina Secure")}`);
  await Promise.all([staff.waitForURL("**/staff/ledger/*"), staff.click("[data-testid=found] li:last-child a")]);
  await staff.fill("form[action$='/adjust'] input[name=amount]", "25,00");
  await staff.fill("form[action$='/adjust'] input[name=reason]", "Goodwill for the outage of 3 January");
  await Promise.all([staff.waitForURL("**done=adjustment"), staff.click("form[action$='/adjust'] button")]);
  await staff.fill("form[action$='/refund'] input[name=amount]", "5.00");
  await staff.fill("form[action$='/refund'] input[name=iban]", "CH93 0076 2011 6238 5295 7");
  await Promise.all([staff.waitForURL("**done=refund"), staff.click("form[action$='/refund'] button")]);
  expect((await staff.textContent("[data-testid=balance]")).includes("20.00"), "25.00 in, 5.00 refunded");
  await shot(staff, "staff-ledger");
  await staff.goto(`${base}/staff/refunds`);
  await shot(staff, "staff-refunds");
  expect((await staff.$$("[data-testid=refunds] tbody tr")).length >= 2, "the transfer and the prepaid refund wait");

  // PAR-1: a company applies (through the API), billing/admin staff approve it at 25 %.
  const partnerEmail = `partner-${Date.now()}@example.ch`;
  const api = async (method, path, body, token) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: r.status, json: await r.json() };
  };
  const signed = await api("POST", "/1/signup", { email: partnerEmail, password, first_name: "Paola", last_name: "Partner", kind: "company", company_name: "Partner Hosting SA", country: "CH", language: "it" });
  expect(signed.status === 201, `partner signs up: ${JSON.stringify(signed.json)}`);
  const partnerOrg = signed.json.data.organization.id;
  const tok = await api("POST", "/1/auth/tokens", { email: partnerEmail, password, name: "browser", scopes: ["organizations", "partners"] });
  const ptoken = tok.json.data.token;
  await api("PATCH", `/1/organizations/${partnerOrg}`, { registry_id: "CHE-109.322.551" }, ptoken);
  const applied = await api("POST", `/1/organizations/${partnerOrg}/partner-application`, { website: "https://partner-hosting.ch", expected_volume: "2400.00", accept_conditions: true }, ptoken);
  expect(applied.status === 201, `the application is filed: ${JSON.stringify(applied.json)}`);
  await staff.goto(`${base}/staff/partners`);
  expect((await staff.textContent("[data-testid=partners]")).includes("Partner Hosting SA"), "staff see the application");
  await shot(staff, "staff-partners");
  await staff.goto(`${base}/staff/partners/${partnerOrg}`);
  await staff.fill("form:has(input[value=approve]) input[name=discount]", "25");
  await Promise.all([staff.waitForURL(`**/staff/partners/${partnerOrg}`), staff.click("form:has(input[value=approve]) button")]);
  expect((await staff.textContent("[data-testid=discount]")).includes("25"), "approved at 25 %");
  await shot(staff, "staff-partner-approved");

  // The customer signs in with the password alone now.
  await page.goto(`${base}/console/signin`);
  await page.fill("input[name=email]", customer);
  await page.fill("input[name=password]", password);
  await Promise.all([page.waitForURL("**/console"), page.click("form.card button[type=submit]")]);
  await page.goto(`${base}/console/support-access`);
  await page.waitForSelector("[data-testid=support-log]");
  expect((await page.textContent("[data-testid=support-log]")).includes("account data"), "the customer sees the staff's view");
  await shot(page, "support-access-log");
  await page.goto(`${base}/console/prepaid`);
  expect((await page.textContent("[data-testid=ledger]")).includes("A correction by our staff"), "the customer reads who adjusted");
  await shot(page, "prepaid-staff-entries");
  // PAR-11: the partner fills its directory entry (in Italian); TEN-1..3: a visitor's call
  // for tender reaches its console in full.
  await Promise.all([page.waitForURL("**/console/signin**"), page.click("form[action='/console/signout'] button")]);
  await page.goto(`${base}/console/signin`);
  await page.fill("input[name=email]", partnerEmail);
  await page.fill("input[name=password]", password);
  await Promise.all([page.waitForURL("**/console"), page.click("form.card button[type=submit]")]);
  await page.goto(`${base}/console/partner`);
  await page.check("input[name=listed]");
  await page.check("input[name=languages][value=it]");
  await page.check("input[name=services][value=web_hosting]");
  await page.fill("input[name=regions]", "Ticino, Grigioni");
  await Promise.all([page.waitForURL("**/console/partner?done=directory"), page.click("form[action='/console/partner/directory'] button")]);
  await shot(page, "partner-directory-entry");
  const visitorCtx = await launch();
  const visitor = visitorCtx.pages()[0] ?? (await visitorCtx.newPage());
  await visitor.goto(`${base}/console/directory?q=partner`);
  expect((await visitor.textContent("[data-testid=directory]")).includes("Partner Hosting SA"), "the directory lists it");
  await shot(visitor, "directory");
  await visitor.goto(`${base}/console/tenders/new`);
  const hp = await visitor.locator(".hp").boundingBox();
  expect(!hp || hp.x < 0, "the honeypot is out of sight");
  await visitor.fill("textarea[name=need]", "Un negozio online per 300 prodotti, con posta per 8 persone. Chiamatemi al 091 123 45 67.");
  await visitor.selectOption("select[name=category]", "web_hosting");
  await visitor.fill("input[name=budget_min]", "800");
  await visitor.fill("input[name=budget_max]", "2500,50");
  await visitor.selectOption("select[name=language]", "it");
  await visitor.fill("input[name=region]", "Lugano");
  await visitor.fill("input[name=contact_name]", "Lucia Lugano");
  await visitor.fill("input[name=email]", `lucia-${Date.now()}@example.ch`);
  await visitor.fill("input[name=phone]", "+41 91 123 45 67");
  await shot(visitor, "tender-form");
  await visitor.click("form[action='/console/tenders/new'] button[type=submit]");
  await visitor.waitForSelector("[data-testid=tender-posted]");
  await visitorCtx.close();
  await page.goto(`${base}/console/tenders`);
  await shot(page, "partner-tenders");
  await Promise.all([page.waitForURL(/\/console\/tenders\/\d+$/), page.click("[data-testid=tenders] a")]);
  expect((await page.textContent("[data-testid=tender]")).includes("Lucia Lugano"), "the full tender names its contact");
  await shot(page, "partner-tender");
  // PAR-2, PAR-3, PAR-6: the customer gives the partner full access (the client pays) from the
  // directory; the partner accepts from the e-mailed link, switches to the client, and the
  // customer ends the partnership with a confirmation and the password.
  const clientCtx = await launch();
  const client = clientCtx.pages()[0] ?? (await clientCtx.newPage());
  await client.goto(`${base}/console/signin`);
  await client.fill("input[name=email]", customer);
  await client.fill("input[name=password]", password);
  await Promise.all([client.waitForURL("**/console"), client.click("form.card button[type=submit]")]);
  await client.goto(`${base}/console/partners?q=Partner%20Hosting`);
  await client.check("input[name=partner]");
  await client.check("input[name=access][value=full]");
  await client.check("input[name=payment_mode][value=client]");
  await shot(client, "partners-give-access");
  await Promise.all([client.waitForURL("**/console/partners?done=offered"), client.click("form[method=post][action='/console/partners'] button[type=submit]")]);
  expect((await client.getAttribute("[data-testid=partnership]", "data-status")) === "offered", "the offer waits for the partner");
  await shot(client, "partners-offered");
  await page.goto(`${base}${await mailedLink(partnerEmail, "/console/partnerships/")}`);
  expect((await page.getAttribute("[data-testid=partnership-link]", "data-status")) === "offered", "opening the link decides nothing");
  await shot(page, "partnership-link");
  await Promise.all([page.waitForURL("**/console/clients?done=accepted"), page.click("button[value=accept]")]);
  expect((await page.getAttribute("[data-testid=client]", "data-status")) === "active", "the partner lists the client");
  await shot(page, "partner-clients");
  await Promise.all([page.waitForURL("**/console/products"), page.click("[data-testid=client] form[action='/console/switch'] button")]);
  await shot(page, "partner-in-client");
  await client.goto(`${base}/console/partners`);
  await Promise.all([client.waitForURL(/\/end$/), client.click("[data-testid=partnership] a.danger")]);
  await shot(client, "partnership-end-confirm");
  await client.fill("input[name=password]", password);
  await Promise.all([client.waitForURL("**/console/partners?done=ended"), client.click("form button.danger")]);
  expect((await client.getAttribute("[data-testid=partnership]", "data-status")) === "ended", "ended");
  await shot(client, "partnership-ended");
  // PAR-12: the customer registers as an affiliate; a visitor follows its referral link and
  // signs up; the affiliate page counts the referral.
  await client.goto(`${base}/console/affiliate`);
  await shot(client, "affiliate-register");
  await client.check("input[name=accept_conditions]");
  await Promise.all([client.waitForURL("**/console/affiliate/registered"), client.click("form[action='/console/affiliate/register'] button")]);
  const link = await client.inputValue("[data-testid=referral-link]");
  expect(/\/r\/[a-z0-9]{10}$/.test(link), `a referral link: ${link}`);
  const referredCtx = await launch();
  const referred = referredCtx.pages()[0] ?? (await referredCtx.newPage());
  await Promise.all([referred.waitForURL("**/console/signup"), referred.goto(`${base}${new URL(link).pathname}`)]);
  await referred.fill("input[name=first_name]", "Rita");
  await referred.fill("input[name=last_name]", "Referred");
  await referred.fill("input[name=email]", `referred-${stamp}@example.ch`);
  await referred.fill("input[name=password]", password);
  await Promise.all([referred.waitForURL("**/console"), referred.click("form.card button[type=submit]")]);
  await referredCtx.close();
  await client.goto(`${base}/console/affiliate`);
  expect((await client.textContent("[data-testid=referred]")).trim() === "1", "one organization referred");
  await shot(client, "affiliate-referrals");
  await clientCtx.close();
  console.log(`security: ${shot.taken} screenshots`);
} finally {
  await customerCtx.close();
  await staffCtx.close();
}
