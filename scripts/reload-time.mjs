// The browser side of scripts/reload-time.sh: opens the home page in Chromium, saves a
// component with one attribute added, and measures until the server serves the new markup and
// until the open page has reloaded by itself and shows it.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("../end2end/package.json", import.meta.url));
const { chromium } = require("@playwright/test");
const [base, component] = [process.env.BASE_URL, process.env.COMPONENT];
const original = readFileSync(component, "utf8");
const probe = `reload-${Date.now()}`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage();
  await page.goto(base);
  await page.waitForSelector("html[data-hydrated=true]");
  const saved = performance.now();
  writeFileSync(component, original.replace('<p class="lead">', `<p class="lead" data-probe="${probe}">`));
  const served = (async () => {
    for (;;) {
      const html = await fetch(base).then((r) => r.text(), () => "");
      if (html.includes(probe)) return performance.now();
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  await page.waitForSelector(`[data-probe="${probe}"]`, { timeout: 600_000, state: "attached" });
  const reloaded = performance.now();
  const seconds = (t) => `${((t - saved) / 1000).toFixed(1)} s`;
  console.log("| save → … | time |\n|---|---|");
  console.log(`| server serves the new markup | ${seconds(await served)} |`);
  console.log(`| the open page has reloaded and shows it | ${seconds(reloaded)} |`);
} finally {
  writeFileSync(component, original);
  await browser.close();
}
