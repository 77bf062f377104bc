import { expect, test, type Page } from "@playwright/test";
import { openMenu } from "./helpers";
import { linkIn, waitForMail } from "./mail";

async function waitForHydration(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

test("register with the order number from the email, activate, log in", async ({ page, request }, testInfo) => {
  const email = `buyer-${testInfo.project.name}-${Date.now()}@xinghe.example.cn`;
  await page.goto("/register?order=MO-20261002-01");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1, name: "注册" })).toBeVisible();
  await expect(page.getByLabel("订单号")).toHaveValue("MO-20261002-01");

  // The shared parser answers as soon as a field is left.
  await page.getByLabel("邮箱").fill("not-an-email");
  await page.getByLabel("邮箱").blur();
  await expect(page.getByText("格式不正确。")).toBeVisible();

  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码", { exact: true }).fill("Xinghe-finance-2026");
  await page.getByLabel("再次输入密码").fill("Xinghe-finance-2025");
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page.getByText("两次输入的密码不一致。")).toBeVisible();

  await page.getByLabel("再次输入密码").fill("Xinghe-finance-2026");
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "请查收激活邮件" })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();

  // The activation mail, as the SMTP server received it: text and HTML, same link.
  const activation = await waitForMail(request, email, "激活您的发票管理中心账户");
  const activationLink = linkIn(activation, /https?:\/\/\S+\/activate\?token=[0-9a-f]{32}/);
  expect(activation.html).toContain(activationLink);
  await page.goto(activationLink);
  await waitForHydration(page);
  await page.getByRole("button", { name: "激活账户" }).click();
  await expect(page.getByText("账户已激活，请登录。")).toBeVisible();

  await waitForHydration(page);
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码").fill("Xinghe-finance-2026");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByText(`已登录：${email}`)).toBeVisible();

  // Change the password from the account page, log out, log in with the new one.
  await openMenu(page);
  await page.getByRole("link", { name: `已登录：${email}` }).click();
  await expect(page.getByRole("heading", { level: 2, name: "修改密码" })).toBeVisible();
  await waitForHydration(page);
  await page.getByLabel("当前密码").fill("Xinghe-finance-2026");
  await page.getByLabel("新密码", { exact: true }).fill("Xinghe-changed-2027");
  await page.getByLabel("再次输入新密码").fill("Xinghe-changed-2027");
  await page.getByRole("button", { name: "修改密码" }).click();
  await expect(page.getByRole("status")).toHaveText("密码已修改，其他设备上的登录已退出。");
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page.getByRole("link", { name: "登录", exact: true })).toBeVisible();

  // Forgot it already: reset by email, then log in.
  await page.goto("/login");
  await page.getByRole("link", { name: "忘记密码？" }).click();
  // The new page first (until it is swapped in, the login page still says it is hydrated).
  await expect(page.getByRole("heading", { level: 1, name: "忘记密码" })).toBeVisible();
  await waitForHydration(page);
  await page.getByLabel("邮箱").fill(email);
  await page.getByRole("button", { name: "发送重设链接" }).click();
  await expect(page.getByRole("status")).toContainText("如果该邮箱已注册");
  const reset = await waitForMail(request, email, "重设发票管理中心密码");
  await page.goto(linkIn(reset, /https?:\/\/\S+\/reset\?token=[0-9a-f]{32}/));
  await waitForHydration(page);
  await page.getByLabel("新密码", { exact: true }).fill("Xinghe-reset-2028");
  await page.getByLabel("再次输入新密码").fill("Xinghe-reset-2028");
  await page.getByRole("button", { name: "设置新密码" }).click();
  await expect(page.getByText("密码已重设，请使用新密码登录。")).toBeVisible();
  await waitForHydration(page);
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码").fill("Xinghe-reset-2028");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByText(`已登录：${email}`)).toBeVisible();
});

test("an unknown order number gets the same answer as a known one, in English too", async ({ page }) => {
  // Whether a paid order has a number is never told: that would let anyone try numbers.
  await page.goto("/register");
  await waitForHydration(page);
  await page.getByRole("button", { name: "English" }).click();
  await page.getByLabel("Order number").fill("MO-00000000-00");
  await page.getByLabel("Email").fill(`someone-${Date.now()}@example.cn`);
  await page.getByLabel("Password", { exact: true }).fill("Some-long-password-1");
  await page.getByLabel("Password again").fill("Some-long-password-1");
  await page.getByRole("button", { name: "Register" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
});
