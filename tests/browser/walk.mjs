// The customer's walk through the console (issue 18), at 1280 and at 375 pixels wide: sign-up
// → home → a cart of a domain for 24 months and a hosting for 1 month, ordered together →
// paid by card on the sandbox gateway → both products on the products page's first view →
// one renewed from its page and paid with the saved card → invoices → members (a colleague
// invited and joined) → leaving, refused for the only legal representative and confirmed for
// the colleague. Numbered screenshots under $SCREENSHOTS (prefix "w1280-" and "w375-"); at
// 375 px no page scrolls sideways. Needs KONTOR_DATA (the invitation is read from its mail).
import { base, expect, fillCard, launch, mailedLink, password, screenshots, signUp } from "./harness.mjs";

const text = (page, sel) => page.locator(sel).first().innerText();

async function noSidewaysScroll(page, width) {
  if (width > 600) return;
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll <= inner, `${page.url()} scrolls sideways at ${inner} px: ${scroll} px wide`);
}

// Pays the order page's pending order: with a new card through the gateway, or the saved one.
async function pay(page, means) {
  if (means === "new_card") await page.check("input[name=means][value=new_card]");
  await page.click("#pay button[type=submit]");
  if (means === "new_card") {
    await fillCard(page);
    await page.click("main form button[type=submit]");
  }
  await page.waitForURL(/\/confirm\?|done=paid/);
  if (/\/confirm\?/.test(page.url())) await page.click("main form button[type=submit]");
  await page.waitForURL(/done=paid/);
}

async function walk(width) {
  const stamp = `${Date.now()}-${width}`;
  const ctx = await launch();
  const other = await launch();
  const shot = screenshots(`w${width}-`);
  const look = async (page, name) => {
    await noSidewaysScroll(page, width);
    await shot(page, name);
  };
  try {
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    await page.setViewportSize({ width, height: 860 });
    await signUp(page, { company: `Wanderweg ${width} GmbH`, first: "Wanda", last: "Walker", email: `wanda-${stamp}@example.ch` });
    expect((await text(page, "h1")) === "Home", "sign-up leads home");
    await look(page, "home");

    // The cart: a catalogue row's button, then another type for another period.
    await page.goto(`${base}/console/catalog`);
    await page.selectOption("select[name=period-domain-ch]", "24");
    await page.click("[data-testid=pick-domain-ch]");
    await page.fill("textarea[name=names]", `wander-${stamp}.ch`);
    await page.click("[data-testid=cart-add]");
    await page.waitForSelector("[data-testid=cart]");
    await page.selectOption("select[name=period-web-starter]", "1");
    await page.click("[data-testid=pick-web-starter]");
    await page.fill("textarea[name=names]", `wander-${stamp}.example`);
    await page.click("[data-testid=cart-add]");
    await page.waitForSelector("[data-testid=quote-total]");
    const cart = await text(page, "[data-testid=cart]");
    expect(cart.includes("24 months") && cart.includes("1 month"), `two periods in one cart: ${cart}`);
    await look(page, "cart");
    await Promise.all([page.waitForURL(/\/console\/orders\/\d+$/), page.click("button[value=order]")]);
    await look(page, "order");
    await pay(page, "new_card");
    await look(page, "paid");

    // Both products on the first view of the products page.
    await page.goto(`${base}/console/products`);
    const list = await text(page, "main");
    expect(list.includes(`wander-${stamp}.ch`) && list.includes(`wander-${stamp}.example`), "the purchase is listed at once");
    await look(page, "products");

    // Renew the hosting from its page, paid with the card saved by the first payment.
    await page.click(`a:text-is("wander-${stamp}.example")`);
    await page.waitForSelector("[data-testid=product-renew]");
    await look(page, "product");
    await Promise.all([page.waitForURL(/\/console\/orders\/\d+/), page.click("[data-testid=product-renew]")]);
    await pay(page, "saved");
    await look(page, "renewed");

    await page.goto(`${base}/console/invoices`);
    expect((await page.locator("main table tbody tr").count()) >= 2, "an invoice per payment");
    await look(page, "invoices");

    // Members: a colleague invited joins with a new account.
    const colleague = `carla-${stamp}@example.ch`;
    await page.goto(`${base}/console/members`);
    await page.fill("form[action='/console/members'] input[name=email]", colleague);
    await page.selectOption("form[action='/console/members'] select[name=role]", "user");
    await page.click("form[action='/console/members'] button[type=submit]");
    await page.waitForSelector(".pending");
    await look(page, "members");
    const c = other.pages()[0] ?? (await other.newPage());
    await c.setViewportSize({ width, height: 860 });
    await c.goto(`${base}${await mailedLink(colleague, "/console/invitations/")}`);
    await c.fill("input[name=first_name]", "Carla");
    await c.fill("input[name=last_name]", "Rossi");
    await c.fill("input[name=password]", password);
    await Promise.all([c.waitForURL("**/console/organization"), c.click("button[name=answer][value=accept]")]);

    // Leaving: refused for the only legal representative, with the reason …
    await page.goto(`${base}/console/members`);
    await page.click("form[action='/console/members/leave'] button");
    await page.waitForSelector(".alert.error");
    expect((await text(page, ".alert.error")).includes("legal representative"), "the refusal names the reason");
    await look(page, "leave-refused");
    // … and for the colleague a confirmation first, then gone.
    await c.goto(`${base}/console/members`);
    await c.click("form[action='/console/members/leave'] button");
    await c.waitForSelector("[data-testid=confirm]");
    expect((await text(c, "[data-testid=confirm]")).includes(`Wanderweg ${width} GmbH`), "the confirmation names the organization");
    await look(c, "leave-confirm");
    await Promise.all([c.waitForURL(/notice=left/), c.click("[data-testid=confirm-button]")]);
    await look(c, "left");
    return shot.taken;
  } finally {
    await ctx.close();
    await other.close();
  }
}

const taken = (await walk(1280)) + (await walk(375));
console.log(`walk browser test passed at 1280 and 375 px: ${taken} screenshots`);
