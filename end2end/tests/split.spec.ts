import { expect, test } from "@playwright/test";
import { apply, expectNoAxeViolations, importLanyunOrders, issueEFapiao, lanyun, logIn, logOut, staff, waitForHydration } from "./helpers";

// A bill split in two parts with two titles: the customer asks for the split (a support
// request), the service center splits it by amount right there, each part is applied for with
// its own title and issued for its own amount. The customer's part in both languages.
const labels = {
  "zh-CN": {
    kind: "请求类型", split: "拆分账单（多个抬头或金额）", order: "相关订单号（选填）", subject: "主题", body: "详细说明",
    send: "提交请求", splitBadge: "已拆分", bills: "我的账单",
  },
  en: {
    kind: "Request type", split: "Split a bill (titles or amounts)", order: "Order number (optional)", subject: "Subject", body: "Details",
    send: "Send request", splitBadge: "Split into parts", bills: "My bills",
  },
} as const;

for (const locale of ["zh-CN", "en"] as const) {
  test(`a bill split in two parts with two titles, both issued (${locale})`, async ({ page, context, baseURL }, testInfo) => {
    const l = labels[locale];
    const run = `${testInfo.project.name === "desktop" ? 1 : 2}${locale === "en" ? 5 : 0}`;
    const bill = `MO-20261127-${run}1`;
    await importLanyunOrders(page, [[bill, 300000, "2026-11-20T02:00:00Z"]]);

    // The customer asks for the split.
    await logIn(page, lanyun, "我的账单");
    await context.addCookies([{ name: "i18n_pref_locale", value: locale, url: baseURL! }]);
    await page.goto("/support");
    await waitForHydration(page);
    await page.getByLabel(l.kind).selectOption({ label: l.split });
    await page.getByLabel(l.order).fill(bill);
    await page.getByLabel(l.subject).fill(`拆分 ${bill}`);
    await page.getByLabel(l.body).fill("¥2,000 开给上海公司，¥1,000 开给北京公司。");
    await page.getByRole("button", { name: l.send }).click();
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(`拆分 ${bill}`) })).toBeVisible();
    await context.clearCookies({ name: "i18n_pref_locale" });
    await page.goto("/bills");
    await logOut(page);

    // The service center splits it where it was asked for: a wrong sum is refused at the field.
    await logIn(page, staff, "服务中心 · 待处理申请");
    await page.goto("/support");
    await page.getByRole("row", { name: new RegExp(`拆分 ${bill}`) }).getByRole("link").first().click();
    await expect(page.getByRole("heading", { level: 2, name: "拆分账单" })).toBeVisible();
    await waitForHydration(page);
    await page.getByLabel("各部分金额（元）").fill("2000, 900");
    await page.getByRole("button", { name: "拆分", exact: true }).click();
    await expect(page.getByText("各部分合计 ¥2,900.00，须等于账单金额 ¥3,000.00。")).toBeVisible();
    await page.getByLabel("各部分金额（元）").fill("2000, 1000");
    await page.getByRole("button", { name: "拆分", exact: true }).click();
    await expect(page.getByText("账单已拆分")).toBeVisible();
    await expectNoAxeViolations(page);
    await logOut(page);

    // The customer sees the bill split and its two parts.
    await logIn(page, lanyun, "我的账单");
    await context.addCookies([{ name: "i18n_pref_locale", value: locale, url: baseURL! }]);
    await page.goto(`/bills?q=${bill}`);
    await expect(page.getByRole("heading", { level: 1, name: l.bills })).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(`${bill} `) }).getByText(l.splitBadge)).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(`${bill}-1`) }).getByText("¥2,000.00")).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(`${bill}-2`) }).getByText("¥1,000.00")).toBeVisible();
    await context.clearCookies({ name: "i18n_pref_locale" });
    await page.goto("/bills");
    await logOut(page);

    // Each part applied for with its own title, and issued for its own amount.
    const shanghai = await apply(page, `${bill}-1`, "电子", "蓝云科技（上海）有限公司");
    await logOut(page);
    const beijing = await apply(page, `${bill}-2`, "电子", "蓝云科技（北京）有限公司");
    await logOut(page);
    await logIn(page, staff, "服务中心 · 待处理申请");
    await issueEFapiao(page, shanghai, `26312000000057${run}0001`, "2000.00");
    await issueEFapiao(page, beijing, `26312000000057${run}0002`, "1000.00");
    await expect(page.getByText("蓝云科技（北京）有限公司").first()).toBeVisible();
  });
}
