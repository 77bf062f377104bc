import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** Shared steps of the end-to-end flows: logging in and out as the demo people, applying. */

export const lanyun = { email: "finance@lanyun.example.cn", password: "Lanyun-demo-2026" };
export const staff = { email: "staff@fapiao.example.cn", password: "Staff-demo-2026" };
export const admin = { email: "admin@fapiao.example.cn", password: "Admin-demo-2026" };

export async function waitForHydration(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

export async function expectNoAxeViolations(page: Page) {
  // The server renders every page whole, title included, and a navigation swaps title and body
  // together: there is no moment without a title to wait out.
  await expect(page).toHaveTitle(/发票管理中心|Fapiao Center|组件库/);
  const tags = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"];
  const results = await new AxeBuilder({ page }).withTags(tags).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
}

export async function logIn(page: Page, who: { email: string; password: string }, landing: string) {
  await page.goto("/login");
  await waitForHydration(page);
  await page.getByLabel("邮箱").fill(who.email);
  await page.getByLabel("密码").fill(who.password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: landing })).toBeVisible();
}

/**
 * On a phone the header's links (the pages, the account) are in the menu button: opens it if
 * it is shown and closed. On a wide screen the links are in the header and nothing happens.
 */
export async function openMenu(page: Page) {
  const menu = page.locator("details.site-menu");
  const button = menu.locator("summary");
  if ((await button.isVisible()) && (await menu.getAttribute("open")) === null) {
    await button.click();
  }
}

export async function logOut(page: Page) {
  await waitForHydration(page);
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page.getByRole("link", { name: "登录", exact: true })).toBeVisible();
}

/**
 * Applies for `order` as 蓝云 and returns the application number: by default an enterprise's
 * 普通发票 with its taxpayer ID; `special` asks for a 增值税专用发票 with only the name and the
 * USCC (what a 数电专票 needs); `person` for a natural person without any ID number.
 */
export async function apply(
  page: Page,
  order: string,
  medium: "电子" | "纸质",
  title = "蓝云科技（上海）有限公司",
  buyer: "enterprise" | "special" | "person" = "enterprise",
) {
  await logIn(page, lanyun, "我的账单");
  await page.goto(`/bills/${order}/apply/1`);
  await waitForHydration(page);
  await page.getByLabel(buyer === "person" ? "个人" : "企业", { exact: true }).check();
  await page.getByLabel(buyer === "special" ? "增值税专用发票" : "普通发票", { exact: true }).check();
  await page.getByLabel(medium === "电子" ? "数电发票（电子）" : "纸质发票").check();
  await page.getByRole("button", { name: "下一步" }).click();
  await page.getByLabel("发票抬头").fill(title);
  if (buyer === "person") {
    await page.getByLabel("居民身份证号码（选填）").fill("");
  } else {
    // An enterprise gives its taxpayer ID on every fapiao; nothing else on a 数电专票.
    await page.getByLabel("纳税人识别号", { exact: true }).fill("91330106673959654P");
  }
  await page.getByRole("button", { name: "下一步" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /第 3 步/ })).toBeVisible();
  if (medium === "电子") {
    await page.getByLabel("接收发票的邮箱").fill(lanyun.email);
  } else {
    await page.getByLabel("韵达快递（免费）").check();
    await page.getByLabel("收件人").fill("韩梅梅");
    await page.getByLabel("手机号码").fill("13812345678");
    await page.getByLabel("省份").selectOption({ label: "上海市" });
    await expect(page.getByLabel("城市").locator("option", { hasText: "市辖区" })).toHaveCount(1);
    await page.getByLabel("城市").selectOption({ label: "市辖区" });
    await expect(page.getByLabel("区县").locator("option", { hasText: "浦东新区" })).toHaveCount(1);
    await page.getByLabel("区县").selectOption({ label: "浦东新区" });
    await page.getByLabel("详细地址").fill("张江路 88 号");
    await page.getByLabel("邮政编码").fill("201203");
  }
  await page.getByRole("button", { name: "下一步" }).click();
  await page.getByRole("button", { name: "确认提交" }).click();
  await expect(page.getByText("申请已提交")).toBeVisible();
  const heading = await page.getByRole("heading", { level: 1 }).innerText();
  return heading.match(/FP\d+/)![0];
}

/** As staff: finds the application in the queue and opens it. */
export async function openInQueue(page: Page, number: string) {
  await logIn(page, staff, "服务中心 · 待处理申请");
  await expectNoAxeViolations(page);
  await page.getByLabel("搜索（申请编号、订单号、抬头、税号）").fill(number);
  await page.getByRole("button", { name: "筛选" }).click();
  await page.getByRole("link", { name: number }).click();
  await expect(page.getByRole("heading", { level: 1, name: `申请 ${number}` })).toBeVisible();
  await waitForHydration(page);
}

/** As an administrator: imports orders of 蓝云 (CUST-1001), each `[number, amount in fen, paid at]`. */
export async function importLanyunOrders(page: Page, orders: [string, number, string][]) {
  await logIn(page, admin, "服务中心 · 待处理申请");
  await page.goto("/admin/orders");
  const rows = orders.map(
    ([number, fen, paidAt]) =>
      `${number},CUST-1001,蓝云科技（上海）有限公司,Azure,${fen},蓝云科技（上海）有限公司,${lanyun.email},paid,${paidAt}`,
  );
  await page.getByLabel("订单文件（CSV 或 JSON）").setInputFiles({
    name: "orders.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(
      "order_number,customer_ref,customer_name,product,amount_fen,payer_name,buyer_email,status,paid_at\n" + rows.join("\n") + "\n",
    ),
  });
  await page.getByRole("button", { name: "导入" }).click();
  await expect(page.getByText(new RegExp(`导入完成：新建 ${orders.length}`))).toBeVisible();
  await logOut(page);
}

/** As staff: starts the application and issues its e-fapiao (a PDF) for `amount` as offered. */
export async function issueEFapiao(page: Page, number: string, fapiaoNumber: string, amount: string) {
  await page.goto(`/admin/applications/${number}`);
  await waitForHydration(page);
  await page.getByRole("button", { name: "开始处理" }).click();
  await expect(page.getByLabel("金额（元）")).toHaveValue(amount);
  await page.getByLabel("发票号码").fill(fapiaoNumber);
  await page.getByLabel("电子发票文件").setInputFiles({
    name: "电子发票.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"),
  });
  await page.getByRole("button", { name: "确认开具" }).click();
  await expect(page.locator("dd").getByText("已开具")).toBeVisible();
}
