import { expect, test } from "@playwright/test";
import { apply, expectNoAxeViolations, lanyun, logIn, logOut, openInQueue, staff, waitForHydration } from "./helpers";
import { waitForMail } from "./mail";

/** Bills used by this file, per browser project. */
const bills = {
  desktop: { electronic: "MO-20261001-01", paper: "MO-20261001-11" },
  phone: { electronic: "MO-20261001-02", paper: "MO-20261001-12" },
} as const;

test("a 数电专票 with only name and USCC: staff issue it with the PDF, it arrives by email, the customer downloads it", async ({ page, request }, testInfo) => {
  const order = bills[testInfo.project.name as keyof typeof bills].electronic;
  const number = await apply(page, order, "电子", "蓝云科技（上海）有限公司", "special");
  await logOut(page);

  await openInQueue(page, number);
  await page.getByRole("button", { name: "开始处理" }).click();
  await expect(page.getByRole("heading", { name: "开具发票" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("发票号码").fill("26312000000099" + (testInfo.project.name === "desktop" ? "000001" : "000002"));
  await page.getByLabel("电子发票文件").setInputFiles({
    name: "电子发票.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"),
  });
  await page.getByRole("button", { name: "确认开具" }).click();
  await expect(page.locator("dd").getByText("已开具")).toBeVisible();
  await logOut(page);

  // The receiving address gets the e-fapiao, the PDF attached, the buyer's name as typed.
  const fapiaoNumber = "26312000000099" + (testInfo.project.name === "desktop" ? "000001" : "000002");
  const mail = await waitForMail(request, lanyun.email, fapiaoNumber);
  expect(mail.subject).toContain("蓝云科技（上海）有限公司");
  expect(mail.attachments?.map((a) => a.filename)).toEqual(["电子发票.pdf"]);
  expect(mail.text).toContain("价税合计");

  await logIn(page, lanyun, "我的账单");
  await page.goto(`/applications/${number}`);
  await expect(page.locator("dd").getByText("已开具")).toBeVisible();
  await expect(page.getByText(`发票已发送至 ${lanyun.email}`)).toBeVisible();
  await expect(page.getByText("电子发票（增值税专用发票）")).toBeVisible();
  await expect(page.getByText(/^26312000000099/).first()).toBeVisible();
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: /下载 电子发票\.pdf/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toContain(".pdf");
});

test("a paper fapiao is issued and mailed; the customer sees the tracking number", async ({ page }, testInfo) => {
  const order = bills[testInfo.project.name as keyof typeof bills].paper;
  const number = await apply(page, order, "纸质");
  await logOut(page);

  await openInQueue(page, number);
  await page.getByRole("button", { name: "开始处理" }).click();
  await page.getByLabel("发票代码").fill("031002300111");
  await page.getByLabel("发票号码").fill(testInfo.project.name === "desktop" ? "10000001" : "10000002");
  await page.getByRole("button", { name: "确认开具" }).click();
  await expect(page.getByRole("heading", { name: "邮寄" })).toBeVisible();
  await page.getByLabel("运单号").fill("YD4312889900");
  await page.getByRole("button", { name: "确认已邮寄" }).click();
  await expect(page.locator("dd").getByText("已邮寄")).toBeVisible();
  await logOut(page);

  await logIn(page, lanyun, "我的账单");
  await page.goto(`/applications/${number}`);
  await expect(page.locator("dd").getByText("已邮寄")).toBeVisible();
  await expect(page.getByText("YD4312889900").first()).toBeVisible();
  await expectNoAxeViolations(page);
});

test("customers never see the service center", async ({ page }) => {
  await logIn(page, lanyun, "我的账单");
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "页面不存在" })).toBeVisible();
});
