import { expect, test, type Page } from "@playwright/test";
import { lanyun, logIn, logOut, openMenu, staff, waitForHydration } from "./helpers";

/** The Wasm the page fetches from now on: the bundle, islands' packs and single chunks. */
function recordWasm(page: Page) {
  const fetched: string[] = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith(".wasm") || path.endsWith(".bin")) fetched.push(path.replace("/pkg/", ""));
  });
  return fetched;
}

test("pages that only show fetch no Wasm; a step of the form fetches the bundle and that step's code only", async ({ page }) => {
  await logIn(page, lanyun, "我的账单");
  const fetched = recordWasm(page);
  for (const path of ["/", "/bills", "/bills/MO-20261001-04", "/applications", "/support", "/account"]) {
    await page.goto(path);
    await waitForHydration(page);
    expect(fetched, `no Wasm on ${path}`).toEqual([]);
  }

  // A page loaded from scratch: the bundle, then the island's code as one file (its pack).
  await page.goto("/bills/MO-20261001-03/apply/1");
  await waitForHydration(page);
  await expect.poll(() => fetched).toEqual(["fapiao.wasm", expect.stringMatching(/^pack_type_step_form_loader_\d+\.bin$/)]);

  // Step 2's island is other code: its pack is fetched when step 2 is shown, not before.
  fetched.length = 0;
  await page.goto("/bills/MO-20261001-03/apply/2");
  await waitForHydration(page);
  await expect.poll(() => fetched).toEqual(["fapiao.wasm", expect.stringMatching(/^pack_title_step_form_loader_\d+\.bin$/)]);

  // Moving on in place (as the form does after a save) to step 1, whose island shares most of
  // its code with step 2's: only what is missing, no pack and nothing twice.
  fetched.length = 0;
  await page.evaluate(() => (window as unknown as { fapiaoNavigate: (path: string) => void }).fapiaoNavigate("/bills/MO-20261001-03/apply/1"));
  await expect(page.getByRole("heading", { level: 1, name: "发票类型" })).toBeVisible();
  await waitForHydration(page);
  await expect.poll(() => fetched.some((file) => file.startsWith("split_type_step_form_loader_"))).toBe(true);
  expect(fetched.every((file) => /^(chunk_\d+|split_type_step_form_loader_\d+)\.wasm$/.test(file)), fetched.join(", ")).toBe(true);
  expect(new Set(fetched).size).toBe(fetched.length);
  await logOut(page);

  // The service center's pages are server-rendered: no Wasm either.
  fetched.length = 0;
  await logIn(page, staff, "服务中心 · 待处理申请");
  for (const path of ["/admin", "/admin/site", "/admin/accounts", "/admin/audit"]) {
    await page.goto(path);
    await waitForHydration(page);
  }
  expect(fetched, "no Wasm in the service center").toEqual([]);
});

test("navigation swaps pages in place: address, title, back and forward, scroll and focus as after a page load", async ({ page }) => {
  await logIn(page, lanyun, "我的账单");
  await page.goto("/bills?per=50");
  await waitForHydration(page);
  // A marker on window survives only if nothing reloads the page.
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  const stillHere = () => page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere === true);

  await page.evaluate(() => window.scrollTo(0, 600));
  // Clicked where it is, without scrolling to it first (as Playwright's click would); on a
  // phone the link is in the header's menu, opened where it is too (the page keeps what the
  // reader sees in place, so the scroll position is read after).
  await page.locator("details.site-menu").evaluate((menu: HTMLDetailsElement) => (menu.open = true));
  const scrolled = await page.evaluate(() => window.scrollY);
  expect(scrolled).toBeGreaterThan(0);
  await page.getByRole("link", { name: "申请记录" }).evaluate((link: HTMLElement) => link.click());
  await expect(page).toHaveURL(/\/applications$/);
  await expect(page.getByRole("heading", { level: 1, name: "申请记录" })).toBeVisible();
  await expect(page).toHaveTitle(/申请记录/);
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  expect(await page.evaluate(() => window.scrollY), "a new page starts at the top").toBe(0);
  expect(await stillHere()).toBe(true);

  await page.goBack();
  await expect(page).toHaveURL(/\/bills\?per=50$/);
  await expect(page.getByRole("heading", { level: 1, name: "我的账单" })).toBeVisible();
  await expect(page).toHaveTitle(/我的账单/);
  await expect.poll(() => page.evaluate(() => window.scrollY), { message: "back where the reader was" }).toBe(scrolled);
  await page.goForward();
  await expect(page.getByRole("heading", { level: 1, name: "申请记录" })).toBeVisible();

  // A form of the site (the search) and the language switch: also in place.
  await openMenu(page);
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "我的账单" }).click();
  await page.getByLabel("按订单号搜索").fill("MO-20261001-04");
  await page.getByRole("button", { name: "搜索" }).click();
  await expect(page).toHaveURL(/q=MO-20261001-04/);
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My bills" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page).toHaveTitle(/My bills/);
  await expect(page).toHaveURL(/q=MO-20261001-04/);
  expect(await stillHere()).toBe(true);
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await logOut(page);
});

test("a step's save that never reaches the server says so, and the page and what was chosen stay", async ({ page }) => {
  await logIn(page, lanyun, "我的账单");
  await page.goto("/bills/MO-20261001-03/apply/1");
  await waitForHydration(page);
  // The connection drops: every save of the form fails before the server sees it.
  await page.route("**/api/save_application_step", (route) => route.abort());
  const enterprise = page.getByLabel("企业", { exact: true });
  await enterprise.check();
  await page.getByRole("button", { name: "下一步" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "页面暂时无法显示，请稍后重试。" })).toBeVisible();
  await expect(page).toHaveURL(/\/bills\/MO-20261001-03\/apply\/1$/);
  await expect(enterprise).toBeChecked();
  await page.unroute("**/api/save_application_step");
});
