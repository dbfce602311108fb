// Browser test of the home page and the menu (issue 18), at 1280 and at 375 pixels wide: a new
// customer lands on the home page after sign-up, orders a hosting from the home page's order
// button and pays it by card on the sandbox gateway, and the home page then counts it under
// its family; ending it asks first, leaving is refused with its reason. On a phone the menu folds behind its button, opens on a tap (no script needed:
// a label and a check box), and no page scrolls sideways. Screenshots under $SCREENSHOTS
// (prefix "h").
import { base, expect, fillCard, launch, screenshots, signUp } from "./harness.mjs";

const stamp = Date.now();
const ctx = await launch();
const shot = screenshots("h");
const text = (page, sel) => page.locator(sel).first().innerText();

async function noSidewaysScroll(page) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll <= width, `${page.url()} scrolls sideways at ${width} px: ${scroll} px wide`);
}

try {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await signUp(page, { first: "Hanna", last: "Home", email: `hanna-${stamp}@example.ch` });
  expect((await text(page, "h1")) === "Home", "sign-up leads to the home page");
  expect((await text(page, "[data-testid=home-families]")).includes("No products yet."), "nothing held yet");
  await shot(page, "home-new");

  await page.click("[data-testid=home-families] a.button");
  await page.waitForURL("**/console/catalog");
  expect((await page.getAttribute("nav.menu a[href='/console/catalog']", "aria-current")) === "page", "the menu marks the page");
  await page.selectOption("select[name=plan]", "web-starter");
  await page.selectOption("select[name=period]", "12");
  await page.fill("textarea[name=names]", `home-${stamp}.ch`);
  await page.click("button[value=order]");
  await page.waitForURL(/\/console\/orders\/\d+$/);
  await page.goto(`${base}/console`);
  expect((await text(page, "[data-testid=home-orders]")).includes("Order"), "the pending order waits on the home page");
  await shot(page, "home-order-pending");
  await page.click("[data-testid=home-orders] a.button");
  await page.check("input[name=means][value=new_card]");
  await page.click("#pay button[type=submit]");
  await fillCard(page);
  await page.click("main form button[type=submit]");
  await page.waitForURL(/\/confirm\?/);
  await page.click("main form button[type=submit]");
  await page.waitForURL(/done=paid/);
  await page.goto(`${base}/console`);
  const families = await text(page, "[data-testid=home-families]");
  expect(/Web hosting\s*1/.test(families), `the hosting is counted: ${families}`);
  expect((await page.locator("[data-testid=home-orders]").count()) === 0, "no order waits any more");
  await shot(page, "home-paid");

  // Ending the product asks first and names it; "No, keep it" leaves it as it was.
  await page.goto(`${base}/console/products?window=all`);
  await page.click(`a:text("home-${stamp}.ch")`);
  const productUrl = page.url();
  await page.click("form[action$='/cancel'] button[type=submit]");
  await page.waitForSelector("[data-testid=confirm]");
  expect((await text(page, "[data-testid=confirm]")).includes(`home-${stamp}.ch (Web hosting) will be ended now.`), "the step names the product");
  await shot(page, "confirm-end");
  await Promise.all([page.waitForURL(productUrl), page.click("[data-testid=confirm] a.cancel-link")]);

  // Leaving: the only legal representative is refused at once, with the reason.
  await page.goto(`${base}/console/members`);
  await page.click("form[action='/console/members/leave'] button");
  await page.waitForSelector(".alert.error");
  expect((await text(page, ".alert.error")).includes("legal representative"), "the refusal names the reason");
  await shot(page, "leave-refused");

  // A phone: the menu folds, opens from its button, and nothing scrolls sideways.
  await page.setViewportSize({ width: 375, height: 780 });
  await page.goto(`${base}/console`);
  expect(!(await page.isVisible("nav.menu")), "under 600 px the menu is folded");
  await noSidewaysScroll(page);
  await shot(page, "phone-home");
  await page.click("[data-testid=menu-button]");
  expect(await page.isVisible("nav.menu a[href='/console/invoices']"), "the button opens the menu");
  await shot(page, "phone-menu");
  await Promise.all([page.waitForURL("**/console/invoices"), page.click("nav.menu a[href='/console/invoices']")]);
  for (const path of ["/console/invoices", "/console/products?window=all", "/console/catalog", "/console/members", "/console/billing", "/console/profile"]) {
    await page.goto(`${base}${path}`);
    await noSidewaysScroll(page);
  }
  await shot(page, "phone-profile");
  console.log(`home browser test passed: ${shot.taken} screenshots`);
} finally {
  await ctx.close();
}
