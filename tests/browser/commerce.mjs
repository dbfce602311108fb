// Browser test of ordering and paying (issue 4): a new customer prices six web hostings with
// the degressive tier applied, orders them, pays by card on the sandbox gateway's own page
// (first a declined card, then a good one that is kept), sees the invoice, tops the prepaid
// account up with the saved card, filters the products and switches automatic renewal off in
// bulk, orders and upgrades a workspace suite, and sets up a hosting site (database, MySQL
// prefix off with its before → after list, environment variables). Needs the demo catalogue
// (`kontor catalog import catalog/demo.toml`). Screenshots under $SCREENSHOTS (prefix "c").
import { base, expect, fillCard, launch, screenshots, signUp } from "./harness.mjs";

const stamp = Date.now();
const ctx = await launch();
const shot = screenshots("c");
const text = (page, sel) => page.locator(sel).first().innerText();

async function payOnGateway(page, number) {
  await fillCard(page, number);
}

try {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.goto(`${base}/console/signup`);
  await signUp(page, { company: "Bergbahn Web GmbH", first: "Petra", last: "Keller", email: `petra-${stamp}@example.ch` });

  // Catalogue: six web hostings price at the 5 % tier (held 0 + ordered 6).
  await page.goto(`${base}/console/catalog`);
  await page.selectOption("select[name=plan]", "web-business");
  await page.selectOption("select[name=period]", "12");
  const names = Array.from({ length: 6 }, (_, i) => `site${i + 1}-${stamp}.ch`).join("\n");
  await page.fill("textarea[name=names]", names);
  await page.click("button[value=preview]");
  await page.waitForSelector("[data-testid=quote]");
  const quote = await text(page, "[data-testid=quote]");
  expect(quote.includes("−5 %"), `the quote applies the 5 % tier: ${quote}`);
  expect(quote.includes("CHF 347.20"), `list price shown: ${quote}`);
  await shot(page, "catalog-quote");
  await page.click("button[value=order]");
  await page.waitForURL(/\/console\/orders\/\d+$/);
  expect((await text(page, "[data-testid=order-status]")) === "pending", "a new order is pending");
  // 6 × 329.84 = 1979.04, VAT 8.1 % = 160.30, total 2139.34
  expect((await text(page, "[data-testid=order-total]")) === "CHF 2’139.34", "order total with VAT");
  await shot(page, "order-pending");
  const orderUrl = page.url();

  // A declined card on the gateway's page: nothing changes, the order page says why.
  await page.check("input[name=means][value=new_card]");
  await page.click("#pay button[type=submit]");
  await payOnGateway(page, "4000 0000 0000 0002");
  expect((await text(page, "[data-testid=checkout-amount]")) === "CHF 2’139.34", "the gateway shows the amount");
  await shot(page, "gateway");
  await page.click("main form button[type=submit]");
  await page.waitForURL(/\/confirm\?/);
  await shot(page, "confirm");
  await page.click("main form button[type=submit]");
  await page.waitForSelector(".alert.error");
  expect((await text(page, ".alert.error")).includes("declined"), "the refusal is explained");
  expect((await text(page, "[data-testid=order-status]")) === "pending", "still pending after a decline");
  await shot(page, "declined");

  // A good card, kept for later.
  await page.goto(orderUrl);
  await page.check("input[name=means][value=new_card]");
  await page.check("input[name=save]");
  await page.click("#pay button[type=submit]");
  await payOnGateway(page, "4242 4242 4242 4242");
  await page.click("main form button[type=submit]");
  await page.waitForURL(/\/confirm\?/);
  expect((await text(page, "[data-testid=confirm-card]")).includes("4242"), "confirm page names the card");
  await page.click("main form button[type=submit]");
  await page.waitForURL(/done=paid/);
  expect((await text(page, "[data-testid=order-status]")) === "paid", "paid");
  await shot(page, "paid");

  // The invoice.
  await page.click("[data-testid=invoice-link]");
  await page.waitForURL(/\/console\/invoices\/\d+$/);
  const number = await text(page, "[data-testid=invoice-number]");
  expect(/^\d{4}-\d{6}$/.test(number), `invoice number ${number}`);
  expect((await text(page, "[data-testid=invoice-total]")) === "CHF 2’139.34", "invoice total");
  expect(/^\d{2}( \d{5}){5}$/.test(await text(page, "[data-testid=invoice-reference]")), "a grouped QR reference");
  await shot(page, "invoice");

  // Top up the prepaid account with the saved card.
  await page.goto(`${base}/console/prepaid`);
  await page.fill("input[name=amount]", "500.00");
  await page.check("input[name=means][value^='card:']");
  await page.click("#top-up button[type=submit]");
  await page.waitForURL(/done=topped_up/);
  expect((await text(page, "[data-testid=prepaid-balance]")) === "CHF 500.00", "balance after top-up");
  await shot(page, "prepaid");

  // Products: the six bought today are on the first view (issue 18), with plan and price;
  // by name, then all six with "all"; bulk switch-off.
  await page.goto(`${base}/console/products`);
  expect((await text(page, "[data-testid=products-total]")).startsWith("6 "), "what was just bought is shown");
  expect((await text(page, "table")).includes("per 12 months"), "the renewal price is in the list");
  await page.click("[data-testid=sort-name]");
  await page.waitForURL(/sort=name/);
  await shot(page, "products-new");
  await page.selectOption("select[name=window]", "all");
  await page.click("form.filters button[type=submit]");
  await page.waitForURL(/window=all/);
  expect((await text(page, "[data-testid=products-total]")).startsWith("6 "), "six products in all");
  const boxes = page.locator("input[name=product]");
  // "Select all" (the console's script, allowed by the policy) ticks every box, and back.
  await page.check("input[data-select-all=product]");
  expect((await page.locator("input[name=product]:checked").count()) === 6, "select all ticks all six");
  await page.uncheck("input[data-select-all=product]");
  expect((await page.locator("input[name=product]:checked").count()) === 0, "and clears them");
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.selectOption("select[name=action]", "disable_auto_renew");
  await page.click(".bulk button[type=submit]");
  await page.waitForURL(/done=bulk/);
  expect((await page.locator(".alert.notice").first().innerText()).includes("Done for 2 products"), "both done, and said so after the redirect");
  await shot(page, "products-bulk");

  // A workspace suite paid partly from the prepaid account, then upgraded (prorated).
  await page.goto(`${base}/console/catalog`);
  await page.selectOption("select[name=plan]", "workspace-standard");
  await page.fill("input[name=seats]", "2");
  await page.selectOption("select[name=storage]", "workspace-storage-100");
  await page.fill("textarea[name=names]", `team-${stamp}`);
  await page.click("button[value=order]");
  await page.waitForURL(/\/console\/orders\/\d+$/);
  await page.check("input[name=means][value^='card:']");
  await page.fill("input[name=prepaid_part]", "100.00");
  await page.click("#pay button[type=submit]");
  await page.waitForURL(/done=paid/);
  await page.goto(`${base}/console/products?window=all&type=workspace_suite`);
  await page.click(`text=team-${stamp}`);
  await page.waitForURL(/\/console\/products\/\d+$/);
  await page.fill("#upgrade input[name=seats]", "5");
  await page.click("#upgrade button[type=submit]");
  await page.waitForURL(/\/console\/orders\/\d+$/);
  expect((await text(page, "table")).includes("prorated"), "the upgrade is prorated");
  await shot(page, "suite-upgrade-order");
  await page.goto(`${base}/console/products?window=all&type=workspace_suite`);
  await page.click(`text=team-${stamp}`);
  await shot(page, "suite");

  // A hosting site: database, MySQL prefix off with the before → after list, variables.
  await page.goto(`${base}/console/products?window=all&type=web_hosting`);
  await page.click(`text=site1-${stamp}.ch`);
  await page.fill("input[name=site_name]", `www.site1-${stamp}.ch`);
  await page.check("input[name=imported]");
  await page.click("#sites button[type=submit]");
  await page.waitForURL(/\/sites\/\d+$/);
  await page.fill("input[name=db_name]", "shop");
  await page.click("text=Add");
  await page.waitForSelector(".alert.notice");
  await page.check("input[name=mysql_prefix][value=off]");
  await page.locator("input[name=mysql_prefix][value=off]").locator("xpath=ancestor::form").locator("button").click();
  await page.waitForSelector("[data-testid=renames]");
  expect(/shop/.test(await text(page, "[data-testid=renames]")), "the before → after list names the database");
  await page.fill("textarea[name=env]", "APP_ENV=production\nPATH=/bin");
  await page.locator("textarea[name=env]").locator("xpath=ancestor::form").locator("button").click();
  await page.waitForSelector(".alert.error");
  expect((await text(page, ".alert.error")).includes("PATH"), "a reserved name is refused by name");
  await page.fill("textarea[name=env]", "APP_ENV=production\nDB_NAME=shop");
  await page.locator("textarea[name=env]").locator("xpath=ancestor::form").locator("button").click();
  await page.waitForSelector(".alert.notice");
  await shot(page, "site");
  console.log(`commerce browser test passed: ${shot.taken} screenshots`);
} finally {
  await ctx.close();
}
