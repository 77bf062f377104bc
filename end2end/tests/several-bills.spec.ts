import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, importLanyunOrders, lanyun, logIn, logOut, openInQueue, waitForHydration } from "./helpers";
import { waitForMail } from "./mail";

// Several bills on one fapiao: three new bills of 蓝云, ticked on the bill list in three
// separate searches (the ticks stay from one list to the next), applied for once, issued by the
// service center for their total; the e-fapiao email names all three orders. In both languages.
const labels = {
  "zh-CN": {
    bills: "我的账单", search: "按订单号搜索", searchButton: "搜索", select: "选择账单", keep: "保存选择",
    applySelected: "为所选账单申请一张发票", together: /本发票包含的账单（3 张）/, status: (n: number, total: string) => `已选 ${n} 张账单，合计 ${total}`,
    enterprise: "企业", general: "普通发票", electronic: "数电发票（电子）", next: "下一步", title: "发票抬头",
    taxpayerId: "纳税人识别号", emails: "接收发票的邮箱", confirm: "确认提交", submitted: "申请已提交",
    listed: "等 3 张账单",
  },
  en: {
    bills: "My bills", search: "Search by order number", searchButton: "Search", select: "Select bill", keep: "Keep selection",
    applySelected: "Apply for one fapiao for the selected bills", together: /Bills on this fapiao \(3\)/, status: (n: number, total: string) => `${n} bills selected, ${total} in total`,
    enterprise: "Enterprise", general: "General fapiao", electronic: "Digital e-fapiao", next: "Next", title: "Fapiao title",
    taxpayerId: "Taxpayer ID", emails: "Email addresses for the fapiao", confirm: "Confirm and submit", submitted: "Your application was submitted",
    listed: "(3 bills in all)",
  },
} as const;

for (const locale of ["zh-CN", "en"] as const) {
  test(`three bills on one fapiao: ticked across lists, applied for once, issued for the total, every order in the email (${locale})`, async ({ page, context, baseURL, request }, testInfo) => {
    const l = labels[locale];
    // Numbers of this run's own bills: per project and language, so no two tests share one.
    const series = `MO-20261129-${testInfo.project.name === "desktop" ? 1 : 2}${locale === "en" ? 5 : 0}`;
    const orders = [1, 2, 3].map((n) => `${series}${n}`);
    const amounts = [120000, 34567, 500000]; // ¥1,200.00 + ¥345.67 + ¥5,000.00 = ¥6,545.67

    // The billing platform's orders arrive (here through an administrator's import).
    await importLanyunOrders(page, orders.map((o, i) => [o, amounts[i], `2026-11-2${i}T02:00:00Z`] as [string, number, string]));

    await logIn(page, lanyun, "我的账单");
    await context.addCookies([{ name: "i18n_pref_locale", value: locale, url: baseURL! }]);
    // Each bill found by its own search, ticked, and kept: the running total counts them all.
    for (const [i, order] of orders.entries()) {
      await page.goto(`/bills?q=${order}`);
      await expect(page.getByRole("heading", { level: 1, name: l.bills })).toBeVisible();
      await waitForHydration(page);
      await page.getByRole("checkbox", { name: `${l.select} ${order}` }).check();
      const total = ["¥1,200.00", "¥1,545.67", "¥6,545.67"][i];
      // Live as the box is ticked (the page script), and from the server once kept.
      await expect(page.getByRole("status").filter({ hasText: l.status(i + 1, total) })).toBeVisible();
      if (i < 2) {
        await page.getByRole("button", { name: l.keep }).click();
        // Kept once the server answered (the status above says the same before and after).
        await expect(page).toHaveURL(/done=selection_kept/);
        await expect(page.getByRole("status").filter({ hasText: l.status(i + 1, total) })).toBeVisible();
      }
    }
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: l.applySelected }).click();

    // One form for the three, the first bill's; the bills and their total above it.
    await expect(page.getByRole("heading", { level: 2, name: l.together })).toBeVisible();
    await expect(page.getByRole("cell", { name: "¥6,545.67" })).toBeVisible();
    await waitForHydration(page);
    await page.getByLabel(l.enterprise, { exact: true }).check();
    await page.getByLabel(l.general, { exact: true }).check();
    await page.getByLabel(l.electronic).check();
    await page.getByRole("button", { name: l.next }).click();
    await page.getByLabel(l.title).fill("蓝云科技（上海）有限公司");
    await page.getByLabel(l.taxpayerId, { exact: true }).fill("91330106673959654P");
    await page.getByRole("button", { name: l.next }).click();
    await page.getByLabel(l.emails).fill(lanyun.email);
    await page.getByRole("button", { name: l.next }).click();
    await expect(page.getByRole("heading", { level: 2, name: l.together })).toBeVisible();
    await page.getByRole("button", { name: l.confirm }).click();
    await expect(page.getByText(l.submitted)).toBeVisible();
    const number = (await page.getByRole("heading", { level: 1 }).innerText()).match(/FP\d+/)![0];
    for (const order of orders) await expect(page.getByRole("cell", { name: order })).toBeVisible();
    await expectNoAxeViolations(page);

    // The application list names its first bill and how many it covers.
    await page.goto("/applications");
    await expect(page.getByRole("row", { name: new RegExp(number) }).getByText(l.listed)).toBeVisible();

    // Each bill shows that application.
    await page.goto(`/bills?q=${series}`);
    for (const order of orders) {
      await expect(page.getByRole("row", { name: new RegExp(order) }).getByText(/已提交|Submitted/)).toBeVisible();
    }
    await context.clearCookies({ name: "i18n_pref_locale" });
    await page.goto("/bills");
    await logOut(page);

    // The service center issues it for the total (the form offers the total).
    await openInQueue(page, number);
    for (const order of orders) await expect(page.getByRole("cell", { name: order })).toBeVisible();
    await page.getByRole("button", { name: "开始处理" }).click();
    await expect(page.getByRole("heading", { name: "开具发票" })).toBeVisible();
    await expect(page.getByLabel("金额（元）")).toHaveValue("6545.67");
    const fapiaoNumber = `263120000000${series.slice(-2)}0${orders.length}0001`.slice(0, 20);
    await page.getByLabel("发票号码").fill(fapiaoNumber);
    await page.getByLabel("电子发票文件").setInputFiles({
      name: "电子发票.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"),
    });
    await page.getByRole("button", { name: "确认开具" }).click();
    await expect(page.locator("dd").getByText("已开具")).toBeVisible();
    await logOut(page);

    const mail = await waitForMail(request, lanyun.email, fapiaoNumber);
    for (const order of orders) expect(mail.text).toContain(order);
    expect(mail.text).toContain("¥6,545.67");
  });
}
