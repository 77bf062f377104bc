import { expect, test, type Locator, type Page } from "@playwright/test";
import { expectNoAxeViolations, lanyun, logIn, staff, waitForHydration } from "./helpers";

// A screenshot of every page and application step, in both languages, at the project's width
// (360 px phone, 1280 px desktop), compared with the approved images in end2end/screenshots/,
// and each page checked with axe-core (WCAG 2.0/2.1/2.2 A and AA: no violations).
// Times, dates and record numbers change from run to run and are masked; everything else —
// layout, copy, components — must match. `make screenshots` approves a deliberate change.

/** A bill of its own per project for the application steps (end2end/fixtures/orders.csv). */
const stepBill = { "desktop-screens": "MO-20261101-05", "phone-screens": "MO-20261101-06" } as const;

async function shoot(page: Page, name: string, locale: string, mask: Locator[] = []) {
  await waitForHydration(page);
  await expect(page.locator("html"), `${name} is in ${locale}`).toHaveAttribute("lang", locale);
  await page.evaluate(() => document.fonts.ready);
  await expect(page, name).toHaveScreenshot(`${name}-${locale}.png`, { fullPage: true, mask });
  await expectNoAxeViolations(page);
}

async function useLocale(page: Page, locale: string, baseURL: string) {
  await page.context().addCookies([{ name: "i18n_pref_locale", value: locale, url: baseURL }]);
}

/**
 * What a phone needs of a customer page: every input says what it holds (autocomplete, so
 * the keyboard and password managers can help) and nothing scrolls sideways at 320 px.
 */
async function expectPhoneReady(page: Page, name: string) {
  const unlabelled = await page
    .locator("input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]):not([type=search])")
    .evaluateAll((fields) => fields.filter((f) => !f.getAttribute("autocomplete")).map((f) => f.id || f.getAttribute("name")));
  expect(unlabelled, `${name}: fields without autocomplete`).toEqual([]);
  const viewport = page.viewportSize()!;
  await page.setViewportSize({ width: 320, height: viewport.height });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name}: horizontal scroll at 320 px`).toBeLessThanOrEqual(0);
  // The on-screen keyboard open (the page resized to what is left above it): the last field,
  // focused, is wholly in view with its label.
  const last = page.locator("input:visible:not([type=checkbox]):not([type=radio]):not([type=hidden]), select:visible, textarea:visible").last();
  if ((await last.count()) > 0) {
    await page.setViewportSize({ width: 320, height: 280 });
    await last.focus();
    await expect(last, `${name}: the focused field is in view`).toBeInViewport({ ratio: 1 });
    const id = await last.getAttribute("id");
    if (id) await expect(page.locator(`label[for="${id}"]`), `${name}: its label too`).toBeInViewport();
  }
  await page.setViewportSize(viewport);
}

/**
 * Where a page shows what changes from run to run (submission and login times, due marks,
 * application numbers, which carry the date, the dashboard's figures): table bodies and detail values. The bills and
 * the steps have fixed data and are compared whole.
 */
function volatile(page: Page): Locator[] {
  return [
    // Visible ones only: a closed <details> table (the dashboard's data) has no place to mask.
    page.locator("table tbody").filter({ visible: true }),
    page.locator("dl.details dd"),
    page.locator(".hint time"),
    // The dashboard's figures and charts follow the clock (due times, the last 30 days).
    page.locator("dl.stats dd"),
    page.locator(".chart svg"),
    page.locator(".chart-scale, .chart-axis"),
    page.locator(".chart .legend strong"),
  ];
}

/** Visits each page and photographs it; `changing` pages mask their run-dependent parts. */
async function shootPages(page: Page, locale: string, pages: readonly (readonly [string, string, boolean])[], phone = true) {
  for (const [name, path, changing] of pages) {
    await page.goto(path);
    await shoot(page, name, locale, changing ? volatile(page) : []);
    if (phone) await expectPhoneReady(page, name);
  }
}

for (const locale of ["zh-CN", "en"]) {
  test(`public pages look as approved (${locale})`, async ({ page, baseURL }) => {
    await useLocale(page, locale, baseURL!);
    await shootPages(page, locale, [
      ["home", "/", false],
      ["login", "/login", false],
      ["register", "/register?order=MO-20261002-02", false],
      ["forgot", "/forgot", false],
      ["not-found", "/no-such-page", false],
    ]);
  });

  test(`customer pages and the application steps look as approved (${locale})`, async ({ page, baseURL }, testInfo) => {
    // Twelve full-page screenshots: 23–28 s on a 2-core machine, too close to the 30 s default.
    test.slow();
    await logIn(page, lanyun, "我的账单");
    // Hydrated first: the landing page's language setup must not overwrite the chosen cookie.
    await waitForHydration(page);
    await useLocale(page, locale, baseURL!);
    await shootPages(page, locale, [
      ["bills", "/bills", false],
      ["bill-refunded", "/bills/MO-20261001-04", false],
      ["applications", "/applications", true],
      ["support", "/support", false],
      ["account", "/account", false],
      ["title-book", "/account/titles", false],
      ["address-book", "/account/addresses", false],
      ["api-tokens", "/account/tokens", false],
    ]);
    // The steps filled in as a customer would (a general e-fapiao to 蓝云's finance mailbox),
    // so each shows its form with answers rather than "choose step 1 first".
    const order = stepBill[testInfo.project.name as keyof typeof stepBill];
    for (const [step, fields] of [
      ["1", { "form[buyer_type]": "enterprise", "form[fapiao_type]": "general", "form[medium]": "electronic" }],
      ["2", { "form[title]": "蓝云科技（上海）有限公司", "form[taxpayer_id]": "91330106673959654P" }],
      ["3", { "form[delivery_method]": "email", "form[delivery_emails]": lanyun.email }],
    ] as const) {
      const saved = await page.request.post("/api/save_application_step", {
        form: { order_number: order, step, go: "next", ...fields },
      });
      expect(saved.status(), `step ${step} saved`).toBe(200);
    }
    for (const step of [1, 2, 3, 4]) {
      await page.goto(`/bills/${order}/apply/${step}`);
      await shoot(page, `apply-step-${step}`, locale);
      await expectPhoneReady(page, `apply-step-${step}`);
    }
  });

  test(`service center pages look as approved (${locale})`, async ({ page, baseURL }) => {
    await logIn(page, staff, "服务中心 · 待处理申请");
    await waitForHydration(page);
    await useLocale(page, locale, baseURL!);
    // The service center is a desktop workplace: photographed at both widths, not held to
    // the phone checks.
    const phone = false;
    await shootPages(
      page,
      locale,
      [
        ["admin-queue", "/admin", true],
        ["admin-site", "/admin/site", false],
        ["admin-accounts", "/admin/accounts?q=example.cn", true],
        ["admin-calendar", "/admin/calendar?year=2026", false],
        ["admin-orders", "/admin/orders", false],
      ],
      phone,
    );
  });
}

// The comparison itself: a small accidental change (8 px more space above the login button,
// as a stray CSS edit would make) must fail against the approved image. Skipped while
// approving new images, which would overwrite the baseline with the changed page.
test("an unintended visual change fails the comparison", async ({ page }, testInfo) => {
  test.skip(["all", "changed"].includes(testInfo.config.updateSnapshots), "approving images");
  await page.goto("/login");
  await waitForHydration(page);
  await page.evaluate(() => document.fonts.ready);
  await expect(page).toHaveScreenshot("login-zh-CN.png", { fullPage: true });
  await page.getByRole("button", { name: "登录", exact: true }).evaluate((button) => {
    (button as HTMLElement).style.marginTop = "8px";
  });
  const verdict = await expect(page)
    .toHaveScreenshot("login-zh-CN.png", { fullPage: true, timeout: 3_000 })
    .then(() => "matched", (error: Error) => error.message);
  expect(verdict, "the moved button is noticed").toContain("pixels");
});
