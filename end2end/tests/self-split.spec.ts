import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, importLanyunOrders, lanyun, logIn, waitForHydration } from "./helpers";

// A site that lets customers split their own bills (`site.customer_split = true`, a server of
// its own): the customer divides a bill by amount on the bill's page, a wrong sum is refused at
// the field, and the two parts are bills of their own. On a site that does not allow it (every
// other test's server) the bill page offers the split request instead.
test.use({ baseURL: process.env.SELF_SPLIT_BASE_URL });

const labels = {
  "zh-CN": {
    heading: "拆分账单", amounts: "各部分金额（元）", submit: "拆分", done: "账单已拆分，您现在可以在账单列表中为每一部分单独申请发票。",
    wrong: "各部分合计 ¥2,900.00，须等于账单金额 ¥3,000.00。", back: "返回账单列表", bills: "我的账单", splitBadge: "已拆分",
  },
  en: {
    heading: "Split the bill", amounts: "Amounts of the parts (yuan)", submit: "Split",
    done: "The bill is split: you can now apply for each part separately from your bills.",
    wrong: "The parts add up to ¥2,900.00; they must add up to the bill, ¥3,000.00.", back: "Back to my bills", bills: "My bills",
    splitBadge: "Split into parts",
  },
} as const;

for (const locale of ["zh-CN", "en"] as const) {
  test(`a customer splits a bill on its page where the site allows it (${locale})`, async ({ page, context, baseURL }, testInfo) => {
    test.skip(!process.env.SELF_SPLIT_BASE_URL, "needs the self-split server of end2end/run.sh");
    const l = labels[locale];
    const run = `${testInfo.project.name === "desktop" ? 1 : 2}${locale === "en" ? 5 : 0}`;
    const bill = `MO-20261130-${run}1`;
    await importLanyunOrders(page, [[bill, 300000, "2026-11-21T02:00:00Z"]]);

    await logIn(page, lanyun, "我的账单");
    await context.addCookies([{ name: "i18n_pref_locale", value: locale, url: baseURL! }]);
    await page.goto(`/bills/${bill}`);
    await expect(page.getByRole("heading", { level: 2, name: l.heading })).toBeVisible();
    await waitForHydration(page);
    await page.getByLabel(l.amounts).fill("2000, 900");
    await page.getByRole("button", { name: l.submit, exact: true }).click();
    await expect(page.getByText(l.wrong)).toBeVisible();
    await expect(page.getByLabel(l.amounts)).toHaveValue("2000, 900");
    await page.getByLabel(l.amounts).fill("2000, 1000");
    await page.getByRole("button", { name: l.submit, exact: true }).click();
    await expect(page.getByText(l.done)).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByRole("main").getByRole("link", { name: l.back }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: l.bills })).toBeVisible();
    await page.goto(`/bills?q=${bill}`);
    await expect(page.getByRole("row", { name: new RegExp(`${bill} `) }).getByText(l.splitBadge)).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(`${bill}-1`) }).getByText("¥2,000.00")).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(`${bill}-2`) }).getByText("¥1,000.00")).toBeVisible();
    await context.clearCookies({ name: "i18n_pref_locale" });
  });
}
