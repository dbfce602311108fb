// Accessibility walk (issue 18 item 10): axe-core over every page of the customer console — the
// signed-out pages, a form answered with errors, every page of the menu, a product, an order, an
// invoice and a confirmation step — at 1280 and at 375 pixels wide. Any serious or critical
// violation fails the run (harness `accessible`); at 375 px no page may scroll sideways. The
// other browser tests check every page they take a screenshot of the same way (staff pages
// included). Screenshots under $SCREENSHOTS (prefix "a").
import { accessible, axeChecked, base, expect, fillCard, launch, screenshots, signUp } from "./harness.mjs";

const stamp = Date.now();
const ctx = await launch();
const shot = screenshots("a");

async function check(page, path, width) {
  const response = await page.goto(`${base}${path}`);
  expect(response.status() < 400, `${path} answers ${response.status()}`);
  await accessible(page);
  if (width < 600) {
    const [scroll, inner, wide] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth,
      // The outermost elements that stick out, to name in the failure.
      [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest(".table-wrap"))
        .filter((e) => !(e.parentElement && e.parentElement.getBoundingClientRect().right > window.innerWidth + 1))
        .slice(0, 3)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`),
    ]);
    expect(scroll <= inner, `${path} scrolls sideways at ${inner} px: ${scroll} px wide; ${wide.join(", ")}`);
  }
}

try {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  const signedOut = ["/console/signin", "/console/signup", "/console/password-reset", "/console/directory",
                     "/console/affiliate"];
  for (const path of signedOut) await check(page, path, 1280);

  // A form answered with its errors: each error tied to its field.
  // (The browser's own checks set aside, so the server's answer is what is looked at.)
  await page.goto(`${base}/console/signup`);
  await page.$eval("form.card", (f) => { f.noValidate = true; });
  await page.fill("input[name=email]", "not-an-address");
  await page.click("form.card button[type=submit]");
  await page.waitForSelector(".alert.error, [aria-invalid=true]");
  await shot(page, "signup-errors");

  await signUp(page, { first: "Alma", last: "Access", email: `alma-${stamp}@example.ch` });

  // Something to look at: a hosting ordered and paid by card, so product, order and invoice exist.
  await page.goto(`${base}/console/catalog`);
  await page.selectOption("select[name=plan]", "web-starter");
  await page.selectOption("select[name=period]", "12");
  await page.fill("textarea[name=names]", `alma-${stamp}.ch`);
  await page.click("button[value=order]");
  await page.waitForURL(/\/console\/orders\/\d+$/);
  const order = new URL(page.url()).pathname;
  await page.check("input[name=means][value=new_card]");
  await page.click("#pay button[type=submit]");
  await page.waitForURL(/\/sandbox\/checkout/);
  await accessible(page);
  await fillCard(page);
  await page.click("main form button[type=submit]");
  await page.waitForURL(/\/confirm\?/);
  await accessible(page);
  await page.click("main form button[type=submit]");
  await page.waitForURL(/done=paid/);
  await shot(page, "order-paid");

  await page.goto(`${base}/console/products?window=all`);
  const product = await page.getAttribute(`a:text("alma-${stamp}.ch")`, "href");
  await page.goto(`${base}/console/invoices`);
  const invoice = await page.getAttribute("main a[href^='/console/invoices/']:not([href$='export'])", "href");
  expect(product && invoice, "a product and an invoice to look at");

  const pages = ["/console", "/console/products", "/console/products?window=all", product, "/console/renewals",
                 "/console/catalog", "/console/orders", order, "/console/invoices", invoice, "/console/billing",
                 "/console/prepaid", "/console/organization", "/console/members", "/console/workgroups",
                 "/console/tokens", "/console/audit", "/console/profile", "/console/security",
                 "/console/support-access", "/console/partners", "/console/partner", "/console/directory",
                 "/console/tenders", "/console/affiliate", "/console/premium-support"];
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 860 });
    for (const path of pages) await check(page, path, width);
  }
  await page.setViewportSize({ width: 1280, height: 860 });

  // A confirmation step and a refusal.
  await page.goto(`${base}${product}`);
  await page.click("form[action$='/cancel'] button[type=submit]");
  await page.waitForSelector("[data-testid=confirm]");
  await shot(page, "confirm-end");
  await page.goto(`${base}/console/members`);
  await page.click("form[action='/console/members/leave'] button");
  await page.waitForSelector(".alert.error");
  await shot(page, "leave-refused");

  console.log(`accessibility walk passed: ${axeChecked.size} pages checked with axe-core, ${shot.taken} screenshots`);
} finally {
  await ctx.close();
}
