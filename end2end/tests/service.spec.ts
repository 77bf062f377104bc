import { expect, test } from "@playwright/test";
import { admin, apply, expectNoAxeViolations, lanyun, logIn, logOut, openMenu, staff, waitForHydration } from "./helpers";
import { waitForMail } from "./mail";

/** Bills imported for this file by run.sh (end2end/fixtures/orders.csv), per browser project. */
const bills = {
  desktop: { titleChange: "MO-20261101-01", shortage: "MO-20261101-02" },
  phone: { titleChange: "MO-20261101-03", shortage: "MO-20261101-04" },
} as const;

function project(testInfo: { project: { name: string } }) {
  return bills[testInfo.project.name as keyof typeof bills];
}

test("a title change: the customer asks, staff answer and reverse, the bill is applied for again", async ({ page, request }, testInfo) => {
  const order = project(testInfo).titleChange;
  const first = await apply(page, order, "电子");
  await logOut(page);

  // Staff issue the e-fapiao.
  await logIn(page, staff, "服务中心 · 待处理申请");
  await page.goto(`/admin/applications/${first}`);
  await waitForHydration(page);
  await page.getByRole("button", { name: "开始处理" }).click();
  await page.getByLabel("发票号码").fill("26312000000077" + (testInfo.project.name === "desktop" ? "000001" : "000002"));
  await page.getByLabel("电子发票文件").setInputFiles({
    name: "电子发票.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"),
  });
  await page.getByRole("button", { name: "确认开具" }).click();
  await expect(page.locator("dd").getByText("已开具")).toBeVisible();
  await logOut(page);

  // The customer asks for another title.
  await logIn(page, lanyun, "我的账单");
  await page.goto("/support");
  await waitForHydration(page);
  await page.getByLabel("请求类型").selectOption({ label: "更换抬头" });
  await expect(page.getByText("纸质发票需先寄回服务中心")).toBeVisible();
  await page.getByLabel("相关订单号（选填）").fill(order);
  await page.getByLabel("主题").fill(`更换抬头 ${order}`);
  await page.getByLabel("详细说明").fill("抬头应为 蓝云科技（北京）有限公司。");
  await page.getByRole("button", { name: "提交请求" }).click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(`更换抬头 ${order}`) })).toBeVisible();
  await logOut(page);

  // Staff answer the request, then reverse the fapiao from the application it links to.
  await logIn(page, staff, "服务中心 · 待处理申请");
  await page.goto("/support");
  await page.getByRole("row", { name: new RegExp(`更换抬头 ${order}`) }).getByRole("link").first().click();
  await waitForHydration(page);
  await page.getByLabel("回复").fill("已收到，原发票红冲后请重新申请。");
  await page.getByRole("button", { name: "发送" }).click();
  await expect(page.getByText("已收到，原发票红冲后请重新申请。")).toBeVisible();
  await page.getByRole("link", { name: first }).click();
  await waitForHydration(page);
  // 红冲: never a void. The reason and the 红字确认单; the buyer already booked the fapiao.
  await page.getByLabel("红冲原因").selectOption({ label: "开票有误" });
  await page.getByLabel("红字确认单编号").fill("4403122500000012345" + (testInfo.project.name === "desktop" ? "1" : "2"));
  await page.getByLabel("购买方已用于抵扣或已入账，需购买方确认").check();
  await page.getByRole("button", { name: "开始红冲" }).click();
  await expect(page.locator("dd").getByText("待购买方确认")).toBeVisible();
  await logOut(page);

  // The buyer confirms online.
  await logIn(page, lanyun, "我的账单");
  await page.goto(`/applications/${first}`);
  await waitForHydration(page);
  await expect(page.getByText("需要您确认后才能开具红字发票")).toBeVisible();
  await page.getByRole("button", { name: "确认红字确认单" }).click();
  await expect(page.locator("dd").getByText("红冲中")).toBeVisible();
  await logOut(page);

  // Staff record the red-letter fapiao; only now is the bill free.
  await logIn(page, staff, "服务中心 · 待处理申请");
  await expect(page.getByRole("heading", { name: "红冲待办" })).toBeVisible();
  await page.goto(`/admin/applications/${first}`);
  await waitForHydration(page);
  await page.getByLabel("红字发票号码").fill("26312000000066" + (testInfo.project.name === "desktop" ? "000001" : "000002"));
  await page.getByRole("button", { name: "登记并完成红冲" }).click();
  await expect(page.locator("dd").getByText("已红冲")).toBeVisible();
  await logOut(page);

  // The customer got both emails and applies again for the same bill, with the new title.
  await waitForMail(request, lanyun.email, "服务中心已回复");
  await waitForMail(request, lanyun.email, `${first}：待购买方确认`);
  await waitForMail(request, lanyun.email, `${first}：红冲中`);
  await waitForMail(request, lanyun.email, `${first}：已红冲`);
  const second = await apply(page, order, "电子", "蓝云科技（北京）有限公司");
  expect(second).not.toBe(first);
  await page.goto(`/applications/${first}`);
  await expect(page.locator("dd").getByText("已红冲")).toBeVisible();
  await page.goto(`/bills/${order}`);
  await expect(page.locator("dd").getByText("已提交")).toBeVisible();
  await expect(page.locator(`a[href="/applications/${second}"]`)).toBeVisible();
});

test("a stock-shortage announcement shows on customer pages and on a paper confirmation", async ({ page }, testInfo) => {
  const order = project(testInfo).shortage;
  const title = `纸质发票库存不足 ${testInfo.project.name}`;
  await logIn(page, staff, "服务中心 · 待处理申请");
  await page.goto("/admin/site");
  await waitForHydration(page);
  await page.getByLabel("公告类型").selectOption({ label: "发票库存不足" });
  await page.getByLabel("标题（中文）").fill(title);
  await page.getByLabel("标题（英文）").fill("Paper fapiao stock is low");
  await page.getByLabel("预计寄出日期（库存不足时必填）").fill("2026-12-15");
  await page.getByRole("button", { name: "发布公告" }).click();
  await expect(page.getByRole("button", { name: new RegExp(`结束公告 ${title}`) })).toBeVisible();
  await logOut(page);

  try {
    // (A natural person's paper 普票, without any ID number: a 个人 needs none.)
    await apply(page, order, "纸质", "韩梅梅", "person");
    await expect(page.getByText("目前纸质发票库存不足，您的发票预计于 2026-12-15 寄出。")).toBeVisible();
    await page.goto("/bills");
    await expect(page.getByText(title).first()).toBeVisible();
    await expect(page.getByText("2026-12-15").first()).toBeVisible();
    await expectNoAxeViolations(page);
    await logOut(page);
  } finally {
    // The other tests run without the notice.
    await page.context().clearCookies();
    await logIn(page, staff, "服务中心 · 待处理申请");
    await page.goto("/admin/site");
    await waitForHydration(page);
    await page.getByRole("button", { name: new RegExp(`结束公告 ${title}`) }).click();
    await expect(page.getByRole("button", { name: new RegExp(`结束公告 ${title}`) })).toHaveCount(0);
    await logOut(page);
  }
  await logIn(page, lanyun, "我的账单");
  await expect(page.getByText(title)).toHaveCount(0);
});

test("the staff tools: accounts, working days, order import, audit log", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one browser is enough for the staff's desk tools");
  // Staff see the calendar, but adding days (like the order import and maintenance) is an admin's.
  await logIn(page, staff, "服务中心 · 待处理申请");
  await openMenu(page);
  await page.getByRole("link", { name: "工作日历" }).click();
  await expect(page.getByText("只有管理员可以更改此项。")).toBeVisible();
  await expect(page.getByLabel("要添加的日期")).toBeHidden();
  await logOut(page);
  await logIn(page, admin, "服务中心 · 待处理申请");

  await openMenu(page);
  await page.getByRole("link", { name: "账户", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "账户管理" })).toBeVisible();
  await waitForHydration(page);
  await page.getByLabel("按邮箱查找").fill("li.lei");
  await page.getByRole("button", { name: "查找" }).click();
  await expect(page.getByRole("rowheader", { name: "li.lei@example.cn" })).toBeVisible();
  await expectNoAxeViolations(page);
  await waitForHydration(page);
  await page.getByRole("button", { name: "停用 li.lei@example.cn" }).click();
  await expect(page.getByText("已完成：li.lei@example.cn")).toBeVisible();
  await expect(page.getByRole("cell", { name: "已停用" })).toBeVisible();
  await page.getByRole("button", { name: "启用 li.lei@example.cn" }).click();
  await expect(page.getByRole("cell", { name: "正常" })).toBeVisible();

  await openMenu(page);
  await page.getByRole("link", { name: "工作日历" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "工作日历" })).toBeVisible();
  await waitForHydration(page);
  await page.getByLabel("要添加的日期").fill("2027-01-01 holiday 元旦\n2027-13-01 holiday 不存在");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("第 2 行格式不正确。")).toBeVisible();
  await expect(page.getByLabel("要添加的日期")).toHaveValue(/元旦/);
  await page.getByLabel("要添加的日期").fill("2027-01-01 holiday 元旦\n2027-02-06 workday 春节调休");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("已保存 2 天。")).toBeVisible();
  await page.getByLabel("年份").selectOption("2027");
  await page.getByRole("button", { name: "查看" }).click();
  await expect(page.getByRole("cell", { name: "春节调休" })).toBeVisible();
  await expectNoAxeViolations(page);

  await openMenu(page);
  await page.getByRole("link", { name: "订单导入" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "订单导入" })).toBeVisible();
  await page.getByLabel("订单文件（CSV 或 JSON）").setInputFiles({
    name: "orders.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(
      "order_number,customer_ref,customer_name,product,amount_fen,payer_name,buyer_email,status,paid_at\n" +
        "MO-20261124-09,CUST-3001,北辰数据有限公司,Azure,880000,北辰数据有限公司,ap@beichen.example.cn,paid,2026-11-24T02:00:00Z\n",
    ),
  });
  await page.getByRole("button", { name: "导入" }).click();
  await expect(page.getByText(/导入完成：新建 1/)).toBeVisible();
  await expectNoAxeViolations(page);
  const downloading = page.waitForEvent("download");
  await page.getByLabel("开始日期").fill("2026-01-01");
  await page.getByLabel("结束日期").fill("2026-12-31");
  await page.getByRole("button", { name: "导出 CSV" }).click();
  expect((await downloading).suggestedFilename()).toBe("applications-2026-01-01-2026-12-31.csv");

  await openMenu(page);
  await page.getByRole("link", { name: "审计日志" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "审计日志" })).toBeVisible();
  await expect(page.getByText("orders.import").first()).toBeVisible();
  await expect(page.getByText("account.disable").first()).toBeVisible();
  await expectNoAxeViolations(page);
});
