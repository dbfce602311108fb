// Browser test of the console in Debian's headless Chromium: sign up, sign out, sign in, read
// the support code on the profile page, create an API token, sign out. One screenshot per page
// under $SCREENSHOTS. Exits non-zero on the first failed expectation.
import { base, expect, launch, password, screenshots, signUp } from "./harness.mjs";

const email = `browser-${Date.now()}@example.ch`;
const context = await launch();
const page = context.pages()[0] ?? (await context.newPage());
const pageShot = screenshots("");
const shot = (name) => pageShot(page, name);

try {
  await page.goto(`${base}/console/signup`);
  await shot("signup");
  await signUp(page, { first: "Browser", last: "Tester", email });
  await shot("profile-after-signup");

  await Promise.all([page.waitForURL("**/console/signin**"), page.click("header form[action='/console/signout'] button")]);
  await shot("signed-out");

  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", password);
  await Promise.all([page.waitForURL("**/console"), page.click("form.card button[type=submit]")]);
  await shot("home");
  expect(await page.isVisible("[data-testid=home-families]"), "sign-in leads to the home page");
  expect((await page.getAttribute("nav.menu a.start", "aria-current")) === "page", "the menu marks the home page");
  await page.goto(`${base}/console/organization`);
  await shot("organization");
  expect((await page.inputValue("input[name=name]")) === "Browser Tester", "the organization is named after the person");

  await page.goto(`${base}/console/profile`);
  const code = (await page.textContent("[data-testid=support-code]")).trim();
  expect(/^\d{8}$/.test(code), `support code has 8 digits, got "${code}"`);
  await shot("profile");

  await page.goto(`${base}/console/tokens`);
  await page.fill("input[name=name]", "browser test");
  await page.check("input[name=scope][value=profile]");
  await page.click("form[action='/console/tokens'] button[type=submit]");
  await page.waitForSelector("[data-testid=new-token]");
  const token = (await page.textContent("[data-testid=new-token]")).trim();
  expect(token.startsWith("kt_"), "the new token is shown once");
  await shot("token-created");

  const profile = await fetch(`${base}/1/profile`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json());
  expect(profile.data.support_code === code, "the token reads the same profile");

  await Promise.all([page.waitForURL("**/console/signin**"), page.click("header form[action='/console/signout'] button")]);
  await shot("signed-out-again");
  await page.goto(`${base}/console/profile`);
  expect(page.url().includes("/console/signin"), "after sign-out the profile needs a sign-in");
  console.log(`browser test passed: ${pageShot.taken} pages, support code ${code}`);
} finally {
  await context.close();
}
