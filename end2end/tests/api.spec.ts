import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, lanyun, logIn } from "./helpers";

// The customer API as an enterprise customer meets it: its OpenAPI document (checked against
// the OpenAPI 3.1 schema), and a token made on the account page, shown once, used from a
// script, then revoked. In both languages.

test("the API's OpenAPI document is valid OpenAPI 3.1", async ({ request }) => {
  const response = await request.get("/api/v1/openapi.json");
  expect(response.status()).toBe(200);
  const document = await response.json();
  // ESM only: loaded dynamically from this CommonJS-compiled spec.
  const { Validator } = await import("@seriousme/openapi-schema-validator");
  const validator = new Validator();
  const result = await validator.validate(document);
  expect(result.errors ?? [], "schema errors").toEqual([]);
  expect(result.valid).toBe(true);
  expect(validator.version).toBe("3.1");
});

const labels = {
  "zh-CN": {
    account: "账户设置", tokens: "API 访问令牌", name: "名称", validity: "有效期", days: "365 天", create: "创建令牌",
    created: "令牌已创建", newToken: "新令牌", revoke: "撤销", revoked: "令牌已撤销", revokedBadge: "已撤销",
  },
  en: {
    account: "Account settings", tokens: "API access tokens", name: "Name", validity: "Valid for", days: "365 days",
    create: "Create token", created: "The token was created", newToken: "New token", revoke: "Revoke",
    revoked: "The token is revoked", revokedBadge: "Revoked",
  },
} as const;

for (const locale of ["zh-CN", "en"] as const) {
  test(`a token made on the account page works from a script until it is revoked (${locale})`, async ({ page, context, baseURL, request }, testInfo) => {
    const l = labels[locale];
    const name = `ERP ${testInfo.project.name} ${locale}`;
    await logIn(page, lanyun, "我的账单");
    await context.addCookies([{ name: "i18n_pref_locale", value: locale, url: baseURL! }]);
    await page.goto("/account");
    await page.getByRole("main").getByRole("link", { name: l.tokens }).click();
    await expect(page.getByRole("heading", { level: 1, name: l.tokens })).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByLabel(l.name).fill(name);
    await page.getByLabel(l.validity).selectOption({ label: l.days });
    await page.getByRole("button", { name: l.create }).click();
    await expect(page.getByRole("status").filter({ hasText: l.created })).toBeVisible();
    const token = await page.getByLabel(l.newToken).inputValue();
    expect(token).toMatch(/^fpc_[0-9a-f]{64}$/);
    await expect(page.getByRole("row", { name: new RegExp(name) })).toBeVisible();
    await expectNoAxeViolations(page);

    // A script lists the bills with it.
    const bills = await request.get("/api/v1/bills", { headers: { Authorization: `Bearer ${token}` } });
    expect(bills.status()).toBe(200);
    expect(JSON.stringify(await bills.json())).toContain("MO-20261001-01");

    // Shown once: the page does not show it again.
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: l.tokens })).toBeVisible();
    await expect(page.getByLabel(l.newToken)).toHaveCount(0);

    await page.getByRole("button", { name: `${l.revoke} ${name}` }).click();
    await expect(page.getByRole("status").filter({ hasText: l.revoked })).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(name) }).getByText(l.revokedBadge)).toBeVisible();
    const refused = await request.get("/api/v1/bills", { headers: { Authorization: `Bearer ${token}` } });
    expect(refused.status()).toBe(401);
    await context.clearCookies({ name: "i18n_pref_locale" });
  });
}
