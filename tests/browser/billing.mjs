// Browser test of renewals and payment means (issue 5): a new customer adds a billing address,
// orders a hosting and pays it with TWINT on the sandbox's approval page (the profile is kept),
// orders another and picks bank transfer (pro-forma PDF linked), renews a selection from the
// products list, downloads the invoice PDF, switches expiry notices off on the billing page
// and exports the invoices as CSV. Needs the demo catalogue. Screenshots under $SCREENSHOTS
// (prefix "b").
import { base, expect, launch, screenshots, signUp } from "./harness.mjs";

const stamp = Date.now();
const ctx = await launch();
const shot = screenshots("b");
const text = (page, sel) => page.locator(sel).first().innerText();

async function order(page, name) {
  await page.goto(`${base}/console/catalog`);
  await page.selectOption("select[name=plan]", "web-business");
  await page.selectOption("select[name=period]", "12");
  await page.fill("textarea[name=names]", name);
  await page.click("button[value=order]");
  await page.waitForURL(/\/console\/orders\/\d+$/);
  return page.url();
}

try {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.goto(`${base}/console/signup`);
  await signUp(page, { company: "Seilbahn Hosting AG", first: "Ursula", last: "Gämperli", email: `ursula-${stamp}@example.ch` });

  // Billing page: an address that invoices are made out to.
  await page.goto(`${base}/console/billing`);
  await page.fill("#addresses input[name=name]", "Seilbahn Hosting AG, Buchhaltung");
  await page.fill("#addresses input[name=street]", "Talstrasse");
  await page.fill("#addresses input[name=building_number]", "7");
  await page.fill("#addresses input[name=postal_code]", "3818");
  await page.fill("#addresses input[name=city]", "Grindelwald");
  await page.selectOption("#addresses select[name=country]", "CH");
  await Promise.all([page.waitForURL(/done=saved/), page.click("[data-testid=address-add]")]);
  expect((await text(page, "[data-testid=addresses]")).includes("Grindelwald"), "the address is listed");

  // TWINT on the sandbox's approval page.
  const first = await order(page, `twint-${stamp}.ch`);
  await page.check("input[name=means][value=twint]");
  await page.click("#pay button[type=submit]");
  await page.waitForURL(/\/sandbox\/pay\//);
  expect((await text(page, "[data-testid=sandbox-scheme]")) === "TWINT", "the TWINT page");
  await shot(page, "twint-page");
  await Promise.all([page.waitForURL(/\/console\/orders\/\d+\?done=paid/), page.click("[data-testid=sandbox-approve]")]);
  expect((await text(page, "[data-testid=order-status]")) === "paid", "paid after approval");
  await shot(page, "twint-paid");

  // The TWINT profile is kept; bank transfer on a second order links the pro-forma.
  await order(page, `transfer-${stamp}.ch`);
  expect((await page.locator("input[name=means][value^='twint:']").count()) === 1, "the saved TWINT profile is offered");
  await page.check("input[name=means][value=bank_transfer]");
  await Promise.all([page.waitForURL(/done=transfer/), page.click("#pay button[type=submit]")]);
  expect((await text(page, "[data-testid=order-status]")) === "pending", "waits for the money");
  const proforma = await page.request.get(base + (await page.locator("[data-testid=proforma-link]").getAttribute("href")));
  expect(proforma.ok() && proforma.headers()["content-type"] === "application/pdf", "the pro-forma is a PDF");
  await shot(page, "transfer");

  // Renewals: the products list, every product selected, renewed in one order.
  await page.goto(`${base}/console/renewals?window=all`);
  await page.waitForURL(/\/console\/products\?window=all/);
  await page.locator(`input[name=product][aria-label="twint-${stamp}.ch"]`).check();
  await shot(page, "renewals");
  await Promise.all([page.waitForURL(/\/console\/orders\/\d+/), page.click("[data-testid=renew-selected]")]);
  expect((await text(page, "table")).includes("renewal") || (await text(page, "table")).includes(`twint-${stamp}.ch`), "a renewal order");
  await page.locator("input[name=means][value^='twint:']").check();
  await Promise.all([page.waitForURL(/done=paid/), page.click("#pay button[type=submit]")]);
  await shot(page, "renewed");

  // BIL-5: two pending orders (the transfer one and a new one) paid in one payment.
  await order(page, `later-${stamp}.ch`);
  await page.goto(`${base}/console/products?window=all`);
  await page.locator(`input[name=product][aria-label="transfer-${stamp}.ch"]`).check();
  await page.locator(`input[name=product][aria-label="later-${stamp}.ch"]`).check();
  await Promise.all([page.waitForURL(/\/console\/orders\/\d+/), page.click("[data-testid=pay-selected]")]);
  const combined = await text(page, "table");
  expect(combined.includes(`transfer-${stamp}.ch`) && combined.includes(`later-${stamp}.ch`), "one order for both");
  await page.locator("input[name=means][value^='twint:']").check();
  await Promise.all([page.waitForURL(/done=paid/), page.click("#pay button[type=submit]")]);
  await shot(page, "selection-paid");

  // The invoice page offers the PDF; the PDF answers.
  await page.goto(`${base}/console/invoices`);
  await page.locator("table a").first().click();
  await page.waitForSelector("[data-testid=invoice-pdf]");
  const pdf = await page.request.get(base + (await page.locator("[data-testid=invoice-pdf]").getAttribute("href")));
  expect(pdf.ok() && (await pdf.body()).subarray(0, 5).toString() === "%PDF-", "the invoice PDF");
  await shot(page, "invoice");

  // Billing messages off, then the CSV export.
  await page.goto(`${base}/console/billing`);
  await page.uncheck("input[name=expiry_notices]");
  await Promise.all([page.waitForURL(/done=saved/), page.click("[data-testid=settings-save]")]);
  expect(!(await page.isChecked("input[name=expiry_notices]")), "expiry notices stay off");
  await shot(page, "billing");
  const csv = await page.request.get(`${base}/console/invoices/export`);
  const body = await csv.text();
  expect(csv.ok() && body.startsWith("number,issued"), `the CSV export: ${body.slice(0, 80)}`);
  expect(body.trim().split("\n").length === 4, `three invoices exported: ${body}`);
  console.log(`billing browser test passed: ${shot.taken} screenshots`);
} finally {
  await ctx.close();
}
