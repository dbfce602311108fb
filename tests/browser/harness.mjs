// What every browser test shares: where Kontor and the screenshots are, Debian's Chromium
// launched headless with a fresh profile (never a browser download), numbered screenshots.
import { chromium } from "playwright-core";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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
  context.pages().forEach(watch);
  context.on("page", watch);
  return context;
}

// Full-page screenshots `<prefix><nn>-<name>.png`, numbered in the order taken.
// `shot.taken` counts them.
export function screenshots(prefix) {
  const shot = async (page, name) => {
    shot.taken += 1;
    await page.screenshot({ path: `${shots}/${prefix}${String(shot.taken).padStart(2, "0")}-${name}.png`, fullPage: true });
  };
  shot.taken = 0;
  return shot;
}
