import { expect, test } from "@playwright/test";
import { apply, expectNoAxeViolations, importLanyunOrders, issueEFapiao, lanyun, logIn, logOut, staff, waitForHydration } from "./helpers";

// 换开 without a ticket: an issued e-fapiao with the wrong title; the customer asks for a re-issue
// on the application's page; the service center reverses the fapiao (红冲) from its work list;
// the new application waits pre-filled with the new title, and the customer submits it. The
// customer's part in both languages.
const labels = {
  "zh-CN": {
    heading: "换开发票", reason: "换开原因", type: "发票类型", special: "增值税专用发票", title: "新的发票抬头",
    taxpayerId: "新的纳税人识别号（个人可不填）", submit: "申请换开", requested: /申请换开为「蓝云科技（北京）有限公司」/,
    review: "核对并提交新的申请", confirm: "确认提交", submitted: "申请已提交", taxpayerError: "校验位不正确",
  },
  en: {
    heading: "Re-issue the fapiao", reason: "Reason for the re-issue", type: "Fapiao type", special: "Special VAT fapiao", title: "New fapiao title",
    taxpayerId: "New taxpayer ID (optional for an individual)", submit: "Ask for a re-issue", requested: /re-issue to “蓝云科技（北京）有限公司”/,
    review: "Check and submit the new application", confirm: "Confirm and submit", submitted: "Your application was submitted", taxpayerError: "The check character does not match",
  },
} as const;

for (const locale of ["zh-CN", "en"] as const) {
  test(`a re-issue with a new title goes through the 红冲 into a new application (${locale})`, async ({ page, context, baseURL }, testInfo) => {
    const l = labels[locale];
    const run = `${testInfo.project.name === "desktop" ? 1 : 2}${locale === "en" ? 5 : 0}`;
    const order = `MO-20261128-${run}1`;
    await importLanyunOrders(page, [[order, 88000, "2026-11-20T02:00:00Z"]]);

    // Applied for and issued with the Shanghai title.
    const number = await apply(page, order, "电子");
    await logOut(page);
    await logIn(page, staff, "服务中心 · 待处理申请");
    await issueEFapiao(page, number, `26312000000055${run}0001`, "880.00");
    await logOut(page);

    // The customer asks for the Beijing title on a 专票: a wrong taxpayer ID is refused at the
    // field, then the request is sent.
    await logIn(page, lanyun, "我的账单");
    await context.addCookies([{ name: "i18n_pref_locale", value: locale, url: baseURL! }]);
    await page.goto(`/applications/${number}`);
    await expect(page.getByRole("heading", { level: 2, name: l.heading })).toBeVisible();
    await page.getByLabel(l.reason).fill("抬头应为北京公司");
    await page.getByLabel(l.type).selectOption({ label: l.special });
    await page.getByLabel(l.title).fill("蓝云科技（北京）有限公司");
    await page.getByLabel(l.taxpayerId).fill("91330106673959654X");
    await page.getByRole("button", { name: l.submit }).click();
    await expect(page.getByText(l.taxpayerError)).toBeVisible();
    await page.getByLabel(l.taxpayerId).fill("91330106673959654P");
    await page.getByRole("button", { name: l.submit }).click();
    await expect(page.getByText(l.requested)).toBeVisible();
    await expectNoAxeViolations(page);
    await context.clearCookies({ name: "i18n_pref_locale" });
    await page.goto("/bills");
    await logOut(page);

    // The service center sees it in its 红冲 work and reverses the fapiao.
    await logIn(page, staff, "服务中心 · 待处理申请");
    await expect(page.getByRole("listitem").filter({ hasText: number }).getByText("客户申请换开")).toBeVisible();
    await page.goto(`/admin/applications/${number}`);
    await waitForHydration(page);
    await expect(page.getByRole("heading", { name: "客户的换开申请" })).toBeVisible();
    await page.getByLabel("红冲原因").selectOption({ label: "开票有误" });
    await page.getByLabel("红字确认单编号").fill(`4403122500000055${run}01`);
    await page.getByRole("button", { name: "开始红冲" }).click();
    await expect(page.locator("dd").getByText("红冲中")).toBeVisible();
    await waitForHydration(page);
    await page.getByLabel("红字发票号码").fill(`26312000000056${run}0001`);
    await page.getByRole("button", { name: "登记并完成红冲" }).click();
    await expect(page.locator("dd").getByText("已红冲")).toBeVisible();
    await logOut(page);

    // The new application waits, pre-filled; the customer checks it and submits it.
    await logIn(page, lanyun, "我的账单");
    await context.addCookies([{ name: "i18n_pref_locale", value: locale, url: baseURL! }]);
    await page.goto(`/applications/${number}`);
    await page.getByRole("link", { name: l.review }).click();
    await expect(page.getByText("蓝云科技（北京）有限公司").first()).toBeVisible();
    await waitForHydration(page);
    await page.getByRole("button", { name: l.confirm }).click();
    await expect(page.getByText(l.submitted)).toBeVisible();
    const heading = await page.getByRole("heading", { level: 1 }).innerText();
    expect(heading).not.toContain(number);
    await context.clearCookies({ name: "i18n_pref_locale" });
  });
}
