import { defineConfig, devices } from "@playwright/test";

// The server is started by end2end/run.sh (a fresh database, a free port) and its URL given
// in BASE_URL. The browser is Debian's Chromium: Playwright never downloads one here.
const visual = /(screens|gallery)\.spec\.ts$/;
const screensURL = process.env.SCREENS_BASE_URL ?? process.env.BASE_URL ?? "http://127.0.0.1:3000";
const screenshots = (width: string) => `{testDir}/../screenshots/${width}/{arg}{ext}`;
const desktop = { ...devices["Desktop Chrome"], channel: undefined };
const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: {
    timeout: 10_000,
    // A deliberate change is approved with `make screenshots`; anything else fails the test.
    toHaveScreenshot: { maxDiffPixelRatio: 0.002, animations: "disabled", caret: "hide" },
  },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: process.env.BASE_URL ?? "http://127.0.0.1:3000",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  // The flows run against BASE_URL; the screenshots (screens, gallery) against a server of
  // their own (SCREENS_BASE_URL), so what they show never depends on the flows run before.
  projects: [
    { name: "desktop", testIgnore: visual, use: { ...desktop } },
    { name: "phone", testIgnore: visual, use: { ...phone } },
    { name: "desktop-screens", testMatch: visual, snapshotPathTemplate: screenshots("desktop"), use: { ...desktop, baseURL: screensURL } },
    { name: "phone-screens", testMatch: visual, snapshotPathTemplate: screenshots("phone"), use: { ...phone, baseURL: screensURL } },
  ],
});
