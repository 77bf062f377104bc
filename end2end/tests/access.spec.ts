import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { waitForHydration } from "./helpers";
import { linkIn, waitForMail } from "./mail";

// An order number is not a secret. The order confirmation email's claim link attaches the order
// at once; a typed order number waits until the order's buyer email says yes; a buyer who
// ignores the request keeps the bills closed. 星河 (ap@xinghe.example.cn) has no login in the
// demo data, so every test here starts from nothing.

const buyer = "ap@xinghe.example.cn";
const password = "Xinghe-colleague-2026";

/** Fills and sends the register form on the page that is open, activates, and logs in. */
async function registerActivateLogIn(page: Page, request: APIRequestContext, email: string) {
  await waitForHydration(page);
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码", { exact: true }).fill(password);
  await page.getByLabel("再次输入密码").fill(password);
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "请查收激活邮件" })).toBeVisible();
  const activation = await waitForMail(request, email, "激活您的发票管理中心账户");
  await page.goto(linkIn(activation, /https?:\/\/\S+\/activate\?token=[0-9a-f]{32}/));
  await waitForHydration(page);
  await page.getByRole("button", { name: "激活账户" }).click();
  await expect(page.getByText("账户已激活，请登录。")).toBeVisible();
  await waitForHydration(page);
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.getByText(`已登录：${email}`)).toBeVisible();
}

test("the claim link of the order confirmation email shows the bill right after activation", async ({ page, request }, testInfo) => {
  // One order per project: a claim link works once.
  const order = testInfo.project.name === "desktop" ? "MO-20261002-01" : "MO-20261002-02";
  const email = `claim-${testInfo.project.name}-${Date.now()}@xinghe.example.cn`;
  const confirmation = await waitForMail(request, buyer, `订单确认：${order}`);
  const link = linkIn(confirmation, /https?:\/\/\S+\/register\?order=[^&\s]+&claim=[0-9a-f]{32}/);
  await page.goto(link);
  await expect(page.getByLabel("订单号")).toHaveValue(order);
  await registerActivateLogIn(page, request, email);
  await page.goto("/bills");
  await expect(page.getByRole("link", { name: order }).first()).toBeVisible();
});

test("a typed order number shows the bills once the buyer's email confirms", async ({ page, request }, testInfo) => {
  const email = `typed-${testInfo.project.name}-${Date.now()}@example.cn`;
  await page.goto("/register");
  await page.getByLabel("订单号").fill("MO-20261002-02");
  await registerActivateLogIn(page, request, email);
  await page.goto("/bills");
  await expect(page.getByText("等待确认的订单：MO-20261002-02")).toBeVisible();
  await expect(page.getByText("还没有账单。")).toBeVisible();

  // The buyer's mailbox: who asks, for which company; one click to allow.
  const asked = await waitForMail(request, buyer, `确认授权：${email}`);
  await page.goto(linkIn(asked, /https?:\/\/\S+\/access\?token=[0-9a-f]{32}/));
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1, name: "确认授权" })).toBeVisible();
  await expect(page.getByText(`申请以登录邮箱 ${email} 查看`)).toBeVisible();
  await page.getByRole("button", { name: "确认授权" }).click();
  await expect(page.getByRole("status")).toContainText(`已授权：${email}`);

  await page.goto("/bills");
  await expect(page.getByRole("link", { name: "MO-20261002-02" }).first()).toBeVisible();
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 2, name: "可以查看账单的登录邮箱" })).toBeVisible();
  await expect(page.getByRole("button", { name: `移除 ${email}` })).toBeVisible();
});

test("a request the buyer ignores opens nothing, in English too", async ({ page, request }, testInfo) => {
  const email = `refused-${testInfo.project.name}-${Date.now()}@example.cn`;
  await page.goto("/register");
  await page.getByLabel("订单号").fill("MO-20261002-01");
  await registerActivateLogIn(page, request, email);

  const asked = await waitForMail(request, buyer, `确认授权：${email}`);
  await page.goto(linkIn(asked, /https?:\/\/\S+\/access\?token=[0-9a-f]{32}/));
  await waitForHydration(page);
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Confirm access" })).toBeVisible();
  await waitForHydration(page);
  await page.getByRole("button", { name: "Ignore" }).click();
  await expect(page.getByRole("status")).toContainText(`Ignored: ${email} sees nothing.`);

  await page.goto("/bills");
  await expect(page.getByText("No bills yet.")).toBeVisible();
  await expect(page.getByText(/Waiting for confirmation/)).toHaveCount(0);
  const bill = await page.goto("/bills/MO-20261002-01");
  expect(bill?.status()).toBe(404);
});
