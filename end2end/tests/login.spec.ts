import { expect, test } from "@playwright/test";

const staff = { email: "staff@fapiao.example.cn", password: "Staff-demo-2026" };

async function waitForHydration(page: import("@playwright/test").Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

test("log in and out from the header", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await page.getByRole("link", { name: "登录", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "登录" })).toBeVisible();
  await waitForHydration(page);

  // A wrong login (on an unknown address, so the demo account never gets locked by reruns).
  await page.getByLabel("邮箱").fill("nobody@example.cn");
  await page.getByLabel("密码").fill("wrong password");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("alert")).toHaveText("邮箱或密码不正确。");

  await page.getByLabel("邮箱").fill(staff.email);
  await page.getByLabel("密码").fill(staff.password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByText(`已登录：${staff.email}`)).toBeVisible();
  await expect(page).toHaveURL(/\/admin$/);

  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page.getByRole("link", { name: "登录", exact: true })).toBeVisible();
  await expect(page.getByText("已登录")).toHaveCount(0);
});

test("the login page in English", async ({ page }) => {
  await page.goto("/login");
  await waitForHydration(page);
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Log in" })).toBeVisible();
  await page.getByLabel("Email").fill(staff.email);
  await page.getByLabel("Password").fill(staff.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByText(`Logged in as ${staff.email}`)).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("logging in works and errors are shown", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("邮箱").fill("nobody@example.cn");
    await page.getByLabel("密码").fill("wrong password");
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.getByRole("alert")).toHaveText("邮箱或密码不正确。");

    // Without JavaScript the page is loaded again, so the email is typed again.
    await page.getByLabel("邮箱").fill(staff.email);
    await page.getByLabel("密码").fill(staff.password);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.getByText(`已登录：${staff.email}`)).toBeVisible();
  });
});

// A link from an email (here the application form of a bill) opened while logged out: the login
// page comes first and logging in goes on to the linked page, in one go.
for (const [locale, labels] of [
  ["zh-CN", { login: "登录", email: "邮箱", password: "密码", heading: /发票类型/ }],
  ["en", { login: "Log in", email: "Email", password: "Password", heading: /Fapiao type/ }],
] as const) {
  test(`a link from an email survives the login page (${locale})`, async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: "i18n_pref_locale", value: locale, url: baseURL! }]);
    await page.goto("/bills/MO-20261001-03/apply/1");
    await expect(page.getByRole("heading", { level: 1, name: labels.login })).toBeVisible();
    await expect(page).toHaveURL(/\/login\?next=%2Fbills%2FMO-20261001-03%2Fapply%2F1$/);
    await page.getByLabel(labels.email).fill("finance@lanyun.example.cn");
    await page.getByLabel(labels.password).fill("Lanyun-demo-2026");
    await page.getByRole("button", { name: labels.login, exact: true }).click();
    await expect(page).toHaveURL(/\/bills\/MO-20261001-03\/apply\/1$/);
    await expect(page.getByRole("heading", { level: 1, name: labels.heading })).toBeVisible();
  });
}
