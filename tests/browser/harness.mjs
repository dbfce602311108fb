// What every browser test shares: where Kontor and the screenshots are, Debian's Chromium
// launched headless with a fresh profile (never a browser download), numbered screenshots.
import { chromium } from "playwright-core";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

// axe-core (issue 18 item 10), put into every page before its own scripts: through the
// browser's DevTools protocol, so the page's Content-Security-Policy stays as it is.
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export const base = process.env.KONTOR_URL ?? "http://127.0.0.1:8080";
export const shots = process.env.SCREENSHOTS ?? "target/screenshots";
export const password = "correct horse battery";

export function expect(ok, message) {
  if (!ok) throw new Error(`expectation failed: ${message}`);
}

// A browser with an empty profile of its own. Any Content-Security-Policy violation fails the
// test: the console must work under its policy (no inline script).
export async function launch() {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "kontor-chromium-")), {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--no-first-run", "--disable-quic"],
    viewport: { width: 1280, height: 860 },
    locale: "en-US",
  });
  const watch = (page) =>
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) {
        console.error(`CSP violation on ${page.url()}: ${m.text()}`);
        process.exitCode = 1;
      }
    });
  await context.addInitScript({ content: axeSource });
  context.pages().forEach(watch);
  context.on("page", watch);
  return context;
}

// Runs axe-core over the page as it stands (WCAG 2.1 A and AA rules) and fails the test on any
// serious or critical violation, each printed with the page, the rule and the elements.
// Every screenshot runs it, so every page a test looks at is checked.
export const axeChecked = new Set();
export async function accessible(page) {
  const result = await page.evaluate(() =>
    window.axe
      ? window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
      : null,
  );
  if (!result) return; // not an HTML page (a PDF, a CSV)
  axeChecked.add(new URL(page.url()).pathname.replace(/\d+/g, "{id}"));
  for (const v of result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
    const where = v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`);
    console.error(`axe ${v.impact} on ${page.url()}: ${v.id} (${v.help})\n  ${where.join("\n  ")}`);
    process.exitCode = 1;
  }
}

// Full-page screenshots `<prefix><nn>-<name>.png`, numbered in the order taken.
// `shot.taken` counts them.
export function screenshots(prefix) {
  const shot = async (page, name) => {
    await accessible(page);
    shot.taken += 1;
    await page.screenshot({ path: `${shots}/${prefix}${String(shot.taken).padStart(2, "0")}-${name}.png`, fullPage: true });
  };
  shot.taken = 0;
  return shot;
}

// Kontor writes e-mails without SMTP to $KONTOR_DATA-mail (beside the data folder). E-mail
// leaves through the outbox right after the commit: wait for the file. Answers the path (and
// query) of the latest link to `path` in a message to `to`.
const mailDir = process.env.KONTOR_MAIL ?? `${process.env.KONTOR_DATA ?? "data"}-mail`;
export async function mailedLink(to, path) {
  const pattern = new RegExp(`https?://\\S+${path.replace(/\//g, "\\/")}[A-Za-z0-9_-]+(\\?[a-z]+=[a-z]+)?`);
  for (let i = 0; i < 100; i += 1) {
    const links = readdirSync(mailDir, { withFileTypes: true })
      .filter((f) => f.isFile() && f.name.endsWith(".eml"))
      .sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }))
      .map((f) => readFileSync(join(mailDir, f.name), "utf8"))
      .filter((raw) => raw.includes(`To: ${to}`))
      .map((raw) => raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=").match(pattern))
      .filter(Boolean);
    if (links.length) {
      const url = new URL(links[links.length - 1][0]);
      return url.pathname + url.search;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no e-mail to ${to} with a link to ${path}`);
}

// Signs up on the console's form (a company when `company` is given) and waits for the home
// page that follows.
export async function signUp(page, { first, last, email, company, country = "CH" }) {
  if (!page.url().endsWith("/console/signup")) await page.goto(`${base}/console/signup`);
  if (company) {
    await page.check("input[name=kind][value=company]");
    await page.fill("input[name=company_name]", company);
  }
  await page.fill("input[name=first_name]", first);
  await page.fill("input[name=last_name]", last);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", password);
  await page.selectOption("select[name=country]", country);
  await Promise.all([page.waitForURL("**/console"), page.click("form.card button[type=submit]")]);
}

// Types a card on the sandbox gateway's own page (valid three more years).
export async function fillCard(page, number = "4242 4242 4242 4242") {
  await page.waitForURL(/\/sandbox\/checkout/);
  await page.fill("input[name=number]", number);
  await page.fill("input[name=exp_month]", "12");
  await page.fill("input[name=exp_year]", String(new Date().getFullYear() + 3));
  await page.fill("input[name=cvc]", "123");
}
