import { expect, test, type Locator, type Page } from "@playwright/test";
import { expectNoAxeViolations, lanyun, waitForHydration } from "./helpers";
import { waitForMail } from "./mail";

/** Bills used by this file, per browser project, so the two projects never share one. */
const bills = {
  desktop: { general: "MO-20261001-05", special: "MO-20261001-07", noScript: "MO-20261001-09" },
  phone: { general: "MO-20261001-06", special: "MO-20261001-08", noScript: "MO-20261001-10" },
} as const;

async function logIn(page: Page, hydrated = true) {
  await page.goto("/login");
  if (hydrated) await waitForHydration(page);
  await page.getByLabel("邮箱").fill(lanyun.email);
  await page.getByLabel("密码").fill(lanyun.password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "我的账单" })).toBeVisible();
}

async function expectStep(page: Page, step: number, name: string) {
  const heading = `第 ${step} 步，共 4 步：${name}`;
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(heading));
}

function project(testInfo: { project: { name: string } }) {
  return bills[testInfo.project.name as keyof typeof bills];
}

test("a general electronic fapiao, from login to the confirmation email", async ({ page, request }, testInfo) => {
  const order = project(testInfo).general;
  await logIn(page);
  await expect(page.getByText("刚付款的订单最长可能需要 3 天")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("按订单号搜索").fill(order);
  await page.getByRole("button", { name: "搜索" }).click();
  await page.getByRole("link", { name: `申请发票 ${order}` }).click();

  await expectStep(page, 1, "发票类型");
  await waitForHydration(page);
  await expectNoAxeViolations(page);
  // (On the second project's run the form is pre-filled from the first one's application.)
  await page.getByLabel("企业", { exact: true }).check();
  await page.getByLabel("普通发票", { exact: true }).check();
  await page.getByLabel("数电发票（电子）").check();
  await page.getByRole("button", { name: "下一步" }).click();

  await expectStep(page, 2, "抬头信息");
  await expectNoAxeViolations(page);
  const title = page.getByLabel("发票抬头");
  await title.fill("蓝云科技（上海）有限公司");
  // An enterprise's 普票 needs its taxpayer ID (STA 2017 No. 16): refused at the field.
  const taxId = page.getByLabel("纳税人识别号", { exact: true });
  await taxId.fill("");
  await page.getByRole("button", { name: "下一步" }).click();
  await expect(page.getByText("此项为必填项。")).toBeVisible();
  await expect(taxId).toBeFocused();
  await taxId.fill("91330106673959654Q");
  await taxId.blur();
  await expect(page.getByText("校验位不正确")).toBeVisible();
  await taxId.fill("91330106673959654P");
  await taxId.blur();
  // Corrected: the message goes at once, not at the next submit.
  await expect(page.getByText("校验位不正确")).toHaveCount(0);
  await page.getByRole("button", { name: "下一步" }).click();

  await expectStep(page, 3, "收票方式");
  await expect(page.getByLabel("接收发票的邮箱")).toHaveValue(lanyun.email);
  await expectNoAxeViolations(page);
  // Back keeps what was typed.
  await page.getByRole("button", { name: "上一步" }).click();
  await expectStep(page, 2, "抬头信息");
  await expect(page.getByLabel("发票抬头")).toHaveValue("蓝云科技（上海）有限公司");
  await page.getByRole("button", { name: "下一步" }).click();
  await expectStep(page, 3, "收票方式");
  await page.getByLabel("接收发票的邮箱").fill(`${lanyun.email}, ap@lanyun.example.cn`);
  await page.getByRole("button", { name: "下一步" }).click();

  await expectStep(page, 4, "确认提交");
  await expect(page.getByText("91330106673959654P")).toBeVisible();
  await expect(page.getByText("电子发票（普通发票）")).toBeVisible();
  await expect(page.getByText("蓝云科技（上海）有限公司")).toBeVisible();
  await expect(page.getByText("税率", { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "确认提交" }).dblclick();

  await expect(page.getByText("申请已提交")).toBeVisible();
  const heading = await page.getByRole("heading", { level: 1 }).innerText();
  const number = heading.match(/FP\d+/)![0];
  await expect(page.getByText("已提交").first()).toBeVisible();
  await expectNoAxeViolations(page);

  const email = (await waitForMail(request, lanyun.email, number)).text;
  expect(email).toContain(number);
  expect(email).toContain(order);

  // The bill now leads to its application; a second application is not offered.
  await page.goto(`/bills?q=${order}`);
  await expect(page.getByRole("link", { name: `查看申请 ${order}` })).toBeVisible();
});

test("a natural person: 数电 by default, no special fapiao, a resident ID checked as typed", async ({ page, request }, testInfo) => {
  // 李雷 has one bill and no application in the demo data, so the form starts fresh.
  test.skip(testInfo.project.name !== "desktop", "one bill, one run");
  await page.goto("/login");
  await waitForHydration(page);
  await page.getByLabel("邮箱").fill("li.lei@example.cn");
  await page.getByLabel("密码").fill("Lilei-demo-2026");
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByRole("link", { name: "申请发票 MO-20261003-01" }).click();
  await expectStep(page, 1, "发票类型");
  await waitForHydration(page);
  // Paper is never the default any more.
  await expect(page.getByLabel("数电发票（电子）")).toBeChecked();
  await page.getByLabel("个人", { exact: true }).check();
  await page.getByLabel("增值税专用发票").check();
  await page.getByRole("button", { name: "下一步" }).click();
  await expect(page.getByRole("alert")).toContainText("有 1 处需要修改");
  await expect(page.getByText("个人不能取得增值税专用发票")).toBeVisible();
  await expectStep(page, 1, "发票类型");
  await page.getByLabel("普通发票", { exact: true }).check();
  await page.getByRole("button", { name: "下一步" }).click();

  await expectStep(page, 2, "抬头信息");
  await page.getByLabel("发票抬头").fill("李雷");
  const id = page.getByLabel("居民身份证号码（选填）");
  await id.fill("110105194912310021");
  await id.blur();
  await expect(page.getByText("校验位不正确")).toBeVisible();
  await id.fill("11010519491231002X");
  await page.getByRole("button", { name: "下一步" }).click();

  await expectStep(page, 3, "收票方式");
  await page.getByLabel("接收发票的邮箱").fill("li.lei@example.cn");
  await page.getByRole("button", { name: "下一步" }).click();
  await expectStep(page, 4, "确认提交");
  await expect(page.getByText("11010519491231002X")).toBeVisible();
  await page.getByRole("button", { name: "确认提交" }).click();
  await expect(page.getByText("申请已提交")).toBeVisible();
  const number = (await page.getByRole("heading", { level: 1 }).innerText()).match(/FP\d+/)![0];
  expect((await waitForMail(request, "li.lei@example.cn", number)).text).toContain(number);

  // The service center has not started: the customer withdraws (撤销) it, and the bill is free.
  await page.getByRole("button", { name: "撤销申请" }).click();
  await expect(page.getByRole("status").filter({ hasText: "申请已撤销" })).toBeVisible();
  await expect(page.getByText("已撤回").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "撤销申请" })).toHaveCount(0);
  await page.getByRole("link", { name: "重新申请发票" }).click();
  await expectStep(page, 1, "发票类型");
});

test("a special paper fapiao delivered by SF freight collect", async ({ page, request }, testInfo) => {
  const order = project(testInfo).special;
  await logIn(page);
  await page.goto(`/bills/${order}/apply`);
  await waitForHydration(page);
  await page.getByLabel("企业", { exact: true }).check();
  await page.getByLabel("增值税专用发票").check();
  await page.getByLabel("纸质发票").check();
  await page.getByRole("button", { name: "下一步" }).click();

  await expectStep(page, 2, "抬头信息");
  await page.getByLabel("发票抬头").fill("蓝云科技（上海）有限公司");
  await page.getByLabel("纳税人识别号", { exact: true }).fill("91330106673959654P");
  await page.getByLabel("注册地址").fill("上海市浦东新区张江路 88 号");
  await page.getByLabel("注册电话").fill("021-12345678");
  await page.getByLabel("开户银行").fill("招商银行上海张江支行");
  await page.getByLabel("银行账号").fill("6222 0210 0112 3456");
  // A lost connection or a reload loses nothing: every change is saved in the background.
  // (Reload only once the last field's own save is answered: an earlier field's save already
  // shows the message, and a reload in between would cut the last one off.)
  const lastSave = page.waitForResponse(
    (r) => r.url().includes("/api/save_application_step") && (r.request().postData() ?? "").includes("0112"),
  );
  await page.getByLabel("银行账号").blur();
  await lastSave;
  await expect(page.getByText("草稿已自动保存。")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("注册地址")).toHaveValue("上海市浦东新区张江路 88 号");
  await expect(page.getByLabel("银行账号")).toHaveValue("6222 0210 0112 3456");
  await waitForHydration(page);
  await page.getByRole("button", { name: "下一步" }).click();

  await expectStep(page, 3, "收票方式");
  await waitForHydration(page);
  await page.getByLabel("顺丰快递（到付）").check();
  await page.getByLabel("收件人").fill("韩梅梅");
  await page.getByLabel("手机号码").fill("13812345678");
  // Two picks whose answers cross (the first one's held back): the lists follow the later pick.
  let releaseFirst = () => {};
  const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
  let held = false;
  await page.route("**/api/division_options", async (route) => {
    if (!held) {
      held = true;
      await firstHeld;
    }
    await route.continue();
  });
  await page.getByLabel("省份").selectOption({ label: "河北省" });
  await page.getByLabel("省份").selectOption({ label: "上海市" });
  await expect(page.getByLabel("城市").locator("option", { hasText: "市辖区" })).toHaveCount(1);
  const lateAnswer = page.waitForResponse("**/api/division_options");
  releaseFirst();
  await lateAnswer;
  await page.waitForTimeout(500);
  await expect(page.getByLabel("城市").locator("option", { hasText: "石家庄市" })).toHaveCount(0);
  await expect(page.getByLabel("省份")).toHaveValue("31");
  await page.unroute("**/api/division_options");
  await page.getByLabel("城市").selectOption({ label: "市辖区" });
  await expect(page.getByLabel("区县").locator("option", { hasText: "浦东新区" })).toHaveCount(1);
  await page.getByLabel("区县").selectOption({ label: "浦东新区" });
  await page.getByLabel("详细地址").fill("张江路 88 号 3 楼");
  await page.getByLabel("邮政编码").fill("2012");
  await page.getByRole("button", { name: "下一步" }).click();
  await expect(page.getByText("格式不正确。")).toBeVisible();
  await expect(page.getByLabel("邮政编码")).toBeFocused();
  await page.getByLabel("邮政编码").fill("201203");
  await page.getByRole("button", { name: "下一步" }).click();

  await expectStep(page, 4, "确认提交");
  await expect(page.getByText("上海市 市辖区 浦东新区 张江路 88 号 3 楼")).toBeVisible();
  await expect(page.getByText("顺丰快递（到付）")).toBeVisible();
  await page.getByRole("button", { name: "确认提交" }).click();
  await expect(page.getByText("申请已提交")).toBeVisible();
  const heading = await page.getByRole("heading", { level: 1 }).innerText();
  const number = heading.match(/FP\d+/)![0];
  expect((await waitForMail(request, lanyun.email, number)).text).toContain(number);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the whole application works as plain forms, and refused input is kept", async ({ page }, testInfo) => {
    const order = project(testInfo).noScript;
    await logIn(page, false);
    await page.goto(`/bills/${order}/apply`);
    await page.getByLabel("企业", { exact: true }).check();
    await page.getByLabel("普通发票", { exact: true }).check();
    await page.getByLabel("纸质发票").check();
    await page.getByRole("button", { name: "下一步" }).click();

    await expectStep(page, 2, "抬头信息");
    await page.getByLabel("发票抬头").fill("蓝云科技（上海）有限公司");
    await page.getByLabel("纳税人识别号", { exact: true }).fill("91330106673959654P");
    await page.getByRole("button", { name: "下一步" }).click();

    await expectStep(page, 3, "收票方式");
    await page.getByLabel("韵达快递（免费）").check();
    await page.getByLabel("收件人").fill("韩梅梅");
    await page.getByLabel("手机号码").fill("1381234");
    await page.getByLabel("省份").selectOption({ label: "北京市" });
    await page.getByRole("button", { name: "更新城市和区县列表" }).click();
    await page.getByLabel("城市").selectOption({ label: "市辖区" });
    await page.getByRole("button", { name: "更新城市和区县列表" }).click();
    await page.getByLabel("区县").selectOption({ label: "海淀区" });
    await page.getByLabel("详细地址").fill("中关村大街 1 号");
    await page.getByLabel("邮政编码").fill("100080");
    await page.getByRole("button", { name: "下一步" }).click();
    // Refused: the message is shown and everything typed is still there.
    await expect(page.getByText("格式不正确。")).toBeVisible();
    await expect(page.getByLabel("收件人")).toHaveValue("韩梅梅");
    await expect(page.getByLabel("详细地址")).toHaveValue("中关村大街 1 号");
    await page.getByLabel("手机号码").fill("13812345678");
    await page.getByRole("button", { name: "下一步" }).click();

    await expectStep(page, 4, "确认提交");
    await expect(page.getByText("北京市 市辖区 海淀区 中关村大街 1 号")).toBeVisible();
    await page.getByRole("button", { name: "确认提交" }).click();
    await expect(page.getByText("申请已提交")).toBeVisible();
  });
});

test("the application form in English", async ({ page }) => {
  await logIn(page);
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My bills" })).toBeVisible();
  // The switch happens in place and writes the language cookie just after: wait for it before
  // typing an address, as a person would take longer than that anyway.
  await expect.poll(async () => (await page.context().cookies()).some((c) => c.value === "en")).toBe(true);
  // Only looked at, never submitted: both projects can use the same bill.
  await page.goto("/bills/MO-20261001-03/apply/1");
  await expect(page.getByRole("heading", { level: 1, name: "Step 1 of 4: Fapiao type" })).toBeVisible();
  await expect(page.getByLabel("Special VAT fapiao")).toBeVisible();
  await expectNoAxeViolations(page);
  // A natural person is refused a special fapiao, in English, at the field.
  await waitForHydration(page);
  await page.getByLabel("Individual", { exact: true }).check();
  await page.getByLabel("Special VAT fapiao").check();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("A natural person cannot receive a special VAT fapiao")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Step 1 of 4: Fapiao type" })).toBeVisible();
});

/** Presses Tab until `target` has the focus (as a keyboard user moves through the page). */
async function tabTo(page: Page, target: Locator, what: string) {
  for (let presses = 0; presses < 80; presses++) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`${what} cannot be reached with Tab`);
}

/**
 * Chooses a radio button as a keyboard user does: Tab into its group (a group is one Tab stop,
 * on the chosen option if there is one), then the arrow keys until it is the chosen one.
 */
async function chooseWithKeys(page: Page, target: Locator, what: string) {
  const group = await target.getAttribute("name");
  for (let presses = 0; presses < 80; presses++) {
    const inGroup = await page.evaluate((name) => (document.activeElement as HTMLInputElement | null)?.name === name, group);
    if (inGroup) break;
    await page.keyboard.press("Tab");
  }
  for (let presses = 0; presses < 6 && !(await target.isChecked()); presses++) {
    await page.keyboard.press("ArrowDown");
  }
  await expect(target, what).toBeChecked();
}

test("the whole application can be done with the keyboard alone", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "a keyboard is a desktop thing; one bill, one run");
  const order = "MO-20261101-07";
  await page.goto("/login");
  await waitForHydration(page);
  await tabTo(page, page.getByLabel("邮箱"), "the email field");
  await page.keyboard.type(lanyun.email);
  await tabTo(page, page.getByLabel("密码"), "the password field");
  await page.keyboard.type(lanyun.password);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "我的账单" })).toBeVisible();
  await waitForHydration(page);

  await tabTo(page, page.getByRole("link", { name: `申请发票 ${order}` }), "the bill's apply link");
  await page.keyboard.press("Enter");
  await expectStep(page, 1, "发票类型");
  await waitForHydration(page);
  await chooseWithKeys(page, page.getByLabel("企业", { exact: true }), "the enterprise choice");
  await chooseWithKeys(page, page.getByLabel("普通发票", { exact: true }), "the general fapiao choice");
  await chooseWithKeys(page, page.getByLabel("数电发票（电子）"), "the electronic choice");
  await tabTo(page, page.getByRole("button", { name: "下一步" }), "next");
  await page.keyboard.press("Enter");

  await expectStep(page, 2, "抬头信息");
  await waitForHydration(page);
  await tabTo(page, page.getByLabel("发票抬头"), "the title field");
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("蓝云科技（上海）有限公司");
  await tabTo(page, page.getByLabel("纳税人识别号", { exact: true }), "the taxpayer ID field");
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("91330106673959654P");
  await page.keyboard.press("Enter");

  await expectStep(page, 3, "收票方式");
  await waitForHydration(page);
  await expect(page.getByLabel("接收发票的邮箱")).toHaveValue(lanyun.email);
  await tabTo(page, page.getByRole("button", { name: "下一步" }), "next");
  await page.keyboard.press("Enter");

  await expectStep(page, 4, "确认提交");
  await waitForHydration(page);
  await tabTo(page, page.getByRole("button", { name: "确认提交" }), "confirm");
  await page.keyboard.press("Enter");
  await expect(page.getByText("申请已提交")).toBeVisible();
});
