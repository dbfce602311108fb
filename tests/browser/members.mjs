// Browser test of the organization pages: a legal representative invites a colleague, the
// colleague accepts with a new account from the e-mailed link, gets a workgroup, and the audit
// log shows it all. Screenshots under $SCREENSHOTS (prefix "m"). Reads e-mails from
// $KONTOR_DATA-mail (beside the data folder), where Kontor writes them without SMTP.
import { base, expect, launch, mailedLink, password, screenshots } from "./harness.mjs";

const stamp = Date.now();
const owner = `owner-${stamp}@example.ch`;
const colleague = `colleague-${stamp}@example.ch`;

const ownerCtx = await launch();
const colleagueCtx = await launch();
const shot = screenshots("m");

try {
  const page = ownerCtx.pages()[0] ?? (await ownerCtx.newPage());
  await page.goto(`${base}/console/signup`);
  await page.check("input[name=kind][value=company]");
  await page.fill("input[name=company_name]", "Alpenhost AG");
  await page.fill("input[name=first_name]", "Olga");
  await page.fill("input[name=last_name]", "Owner");
  await page.fill("input[name=email]", owner);
  await page.fill("input[name=password]", password);
  await Promise.all([page.waitForURL("**/console"), page.click("form.card button[type=submit]")]);

  await page.goto(`${base}/console/members`);
  await page.fill("form[action='/console/members'] input[name=email]", colleague);
  await page.selectOption("form[action='/console/members'] select[name=role]", "user");
  await page.click("form[action='/console/members'] button[type=submit]");
  await page.waitForSelector(".pending");
  expect((await page.textContent(".pending")).includes(colleague), "the invitation is pending");
  await shot(page, "members-invited");

  const other = colleagueCtx.pages()[0] ?? (await colleagueCtx.newPage());
  await other.goto(`${base}${await mailedLink(colleague, "/console/invitations/")}`);
  expect((await other.textContent("main")).includes("Alpenhost AG"), "the invitation names the organization");
  await shot(other, "invitation");
  await other.fill("input[name=first_name]", "Carl");
  await other.fill("input[name=last_name]", "Colleague");
  await other.fill("input[name=password]", password);
  await Promise.all([other.waitForURL("**/console/organization"), other.click("button[name=answer][value=accept]")]);
  await shot(other, "colleague-organization");
  await other.goto(`${base}/console/members`);
  expect((await other.textContent("main")).includes("Role user cannot change this"), "a user sees why the members list is refused");
  await shot(other, "colleague-members-refused");

  await page.goto(`${base}/console/workgroups`);
  await page.fill("form[action='/console/workgroups'] input[name=name]", "Web team");
  await Promise.all([page.waitForURL(/\/console\/workgroups\/\d+$/), page.click("form[action='/console/workgroups'] button[type=submit]")]);
  const carl = page.locator("label", { hasText: "Carl Colleague" }).locator("input[name=member]");
  await carl.check();
  await page.click("form:not(.inline) button[type=submit]");
  await page.waitForSelector(".alert.notice");
  await shot(page, "workgroup");

  await page.goto(`${base}/console/members`);
  expect((await page.textContent("table")).includes(colleague), "the colleague is a member");
  await shot(page, "members");
  await page.goto(`${base}/console/audit`);
  const log = await page.textContent("table");
  for (const said of [`invited ${colleague} as a user.`, "Carl Colleague joined the organization.",
                      "created the workgroup Web team.", "set the members of the workgroup Web team."]) {
    expect(log.includes(said), `the audit log says: ${said}`);
  }
  expect(!log.includes("member.invite"), "no action codes in the log");
  await shot(page, "audit");
  console.log(`organization browser test passed: ${shot.taken} screenshots`);
} finally {
  await ownerCtx.close();
  await colleagueCtx.close();
}
