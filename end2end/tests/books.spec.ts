import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, importLanyunOrders, lanyun, logIn, waitForHydration } from "./helpers";

// The title book (/account/titles): a title added there, checked as the application form
// checks it, edited, offered by the application form of any bill, and deleted again (so the
// demo customer's book is as before for the other tests). In both languages.
const labels = {
  "zh-CN": {
    account: "账户设置", book: "常用抬头", add: "添加抬头", title: "发票抬头", taxpayerId: "纳税人识别号",
    save: "保存", saved: "已保存。", edit: "编辑", editHeading: "编辑抬头", bank: "开户银行", deleted: "已删除。",
    remove: "删除", badCheck: "校验位不正确", step2: /第 2 步/,
  },
  en: {
    account: "Account settings", book: "Saved titles", add: "Add a title", title: "Fapiao title", taxpayerId: "Taxpayer ID",
    save: "Save", saved: "Saved.", edit: "Edit", editHeading: "Edit the title", bank: "Bank", deleted: "Deleted.",
    remove: "Delete", badCheck: "The check character does not match", step2: /Step 2 of 4/,
  },
} as const;

for (const locale of ["zh-CN", "en"] as const) {
  test(`the title book: add, edit, offered in the application form, delete (${locale})`, async ({ page, context, baseURL }, testInfo) => {
    const l = labels[locale];
    const name = `蓝云科技（${locale === "en" ? "北京" : "广州"}${testInfo.project.name.length}）有限公司`;
    await logIn(page, lanyun, "我的账单");
    await context.addCookies([{ name: "i18n_pref_locale", value: locale, url: baseURL! }]);
    await page.goto("/account");
    await page.getByRole("link", { name: l.book }).click();
    await expect(page.getByRole("heading", { level: 1, name: l.book })).toBeVisible();
    await expectNoAxeViolations(page);

    // A wrong check character is refused at the field; nothing is saved.
    const form = page.locator("form").filter({ has: page.getByLabel(l.title) });
    await form.getByLabel(l.title).fill(name);
    await form.getByLabel(l.taxpayerId).fill("91330106673959654X");
    await form.getByRole("button", { name: l.save }).click();
    await expect(page.getByText(l.badCheck)).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(name) })).toHaveCount(0);

    await form.getByLabel(l.title).fill(name);
    await form.getByLabel(l.taxpayerId).fill("91330106673959654P");
    await form.getByRole("button", { name: l.save }).click();
    await expect(page.getByRole("status").filter({ hasText: l.saved })).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(name) })).toBeVisible();

    // Edited on its own page.
    await page.getByRole("link", { name: `${l.edit} ${name}` }).click();
    await expect(page.getByRole("heading", { level: 1, name: l.editHeading })).toBeVisible();
    await expect(page.getByLabel(l.title)).toHaveValue(name);
    await page.getByLabel(l.bank, { exact: true }).fill("招商银行上海张江支行");
    await page.getByLabel(l.bank, { exact: true }).press("Enter");
    await expect(page.getByRole("heading", { level: 1, name: l.book })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: l.saved })).toBeVisible();

    // Offered by the application form of a bill (only looked at here).
    await page.goto("/bills/MO-20261001-03/apply/2");
    await expect(page.getByRole("heading", { level: 1, name: l.step2 })).toBeVisible();
    await expect(page.getByRole("button", { name: new RegExp(name) })).toBeVisible();

    await page.goto("/account/titles");
    await page.getByRole("button", { name: `${l.remove} ${name}` }).click();
    await expect(page.getByRole("status").filter({ hasText: l.deleted })).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(name) })).toHaveCount(0);
    await waitForHydration(page);
  });
}

const addressLabels = {
  "zh-CN": {
    book: "常用地址", add: "添加地址", recipient: "收件人", mobile: "手机号码", province: "省份", city: "城市", district: "区县",
    update: "更新城市和区县列表", street: "详细地址", postal: "邮政编码", save: "保存", saved: "已保存。", edit: "编辑", remove: "删除",
    deleted: "已删除。", editHeading: "编辑地址",
  },
  en: {
    book: "Saved addresses", add: "Add an address", recipient: "Recipient", mobile: "Mobile number", province: "Province", city: "City",
    district: "District", update: "Update the city and district lists", street: "Street address", postal: "Postal code", save: "Save",
    saved: "Saved.", edit: "Edit", remove: "Delete", deleted: "Deleted.", editHeading: "Edit the address",
  },
} as const;

for (const locale of ["zh-CN", "en"] as const) {
  test(`the address book: add (city and district lists following the province), edit, delete (${locale})`, async ({ page, context, baseURL }, testInfo) => {
    const l = addressLabels[locale];
    const recipient = `韩梅梅${locale === "en" ? "E" : "Z"}${testInfo.project.name.length}`;
    await logIn(page, lanyun, "我的账单");
    await context.addCookies([{ name: "i18n_pref_locale", value: locale, url: baseURL! }]);
    await page.goto("/account/addresses");
    await expect(page.getByRole("heading", { level: 1, name: l.book })).toBeVisible();
    await page.getByRole("link", { name: l.add }).click();
    await expect(page.getByRole("heading", { level: 1, name: l.add })).toBeVisible();
    await page.getByLabel(l.recipient).fill(recipient);
    await page.getByLabel(l.mobile).fill("13812345678");
    await page.getByLabel(l.province).selectOption({ label: "上海市" });
    await page.getByRole("button", { name: l.update }).click();
    // The lists follow, and what was typed stays.
    await expect(page.getByLabel(l.recipient)).toHaveValue(recipient);
    await page.getByLabel(l.city).selectOption({ label: "市辖区" });
    await page.getByRole("button", { name: l.update }).click();
    await page.getByLabel(l.district).selectOption({ label: "浦东新区" });
    await page.getByLabel(l.street).fill("张江路 88 号");
    await page.getByLabel(l.postal).fill("201203");
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: l.save, exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: l.saved })).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(recipient) })).toContainText("浦东新区 张江路 88 号");

    // Edited on its own form: a wrong mobile is refused at the field, then the street changes.
    await page.getByRole("link", { name: new RegExp(`${l.edit} ${recipient}`) }).click();
    await expect(page.getByRole("heading", { level: 1, name: l.editHeading })).toBeVisible();
    await expect(page.getByLabel(l.district)).toHaveValue("310115");
    await page.getByLabel(l.mobile).fill("12345");
    await page.getByRole("button", { name: l.save, exact: true }).click();
    await expect(page.locator("#address-mobile-error")).not.toBeEmpty();
    await page.getByLabel(l.mobile).fill("13812345678");
    await page.getByLabel(l.street).fill("张江路 99 号");
    await page.getByRole("button", { name: l.save, exact: true }).click();
    await expect(page.getByRole("row", { name: new RegExp(recipient) })).toContainText("张江路 99 号");

    await page.getByRole("button", { name: new RegExp(`${l.remove} ${recipient}`) }).click();
    await expect(page.getByRole("status").filter({ hasText: l.deleted })).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(recipient) })).toHaveCount(0);
    await context.clearCookies({ name: "i18n_pref_locale" });
  });
}

// A title kept in the book, used for the applications of two bills without typing it again;
// then the second application withdrawn while the service center has not started on it.
const twoApplications = {
  "zh-CN": {
    enterprise: "企业", general: "普通发票", electronic: "数电发票（电子）", next: "下一步", title: "发票抬头", emails: "接收发票的邮箱",
    confirm: "确认提交", submitted: "申请已提交", withdraw: "撤销申请", withdrawn: "申请已撤销", withdrawnBadge: "已撤回",
    list: "申请记录", remove: "删除", deleted: "已删除。", save: "保存", saved: "已保存。", taxpayerId: "纳税人识别号",
  },
  en: {
    enterprise: "Enterprise", general: "General fapiao", electronic: "Digital e-fapiao", next: "Next", title: "Fapiao title",
    emails: "Email addresses for the fapiao", confirm: "Confirm and submit", submitted: "Your application was submitted",
    withdraw: "Withdraw application", withdrawn: "The application is withdrawn", withdrawnBadge: "Withdrawn", list: "Applications",
    remove: "Delete", deleted: "Deleted.", save: "Save", saved: "Saved.", taxpayerId: "Taxpayer ID",
  },
} as const;

for (const locale of ["zh-CN", "en"] as const) {
  test(`a saved title used for two applications, the second withdrawn (${locale})`, async ({ page, context, baseURL }, testInfo) => {
    const l = twoApplications[locale];
    const run = `${testInfo.project.name === "desktop" ? 1 : 2}${locale === "en" ? 5 : 0}`;
    const bills = [`MO-20261126-${run}1`, `MO-20261126-${run}2`];
    const name = `蓝云科技（杭州${run}）有限公司`;
    await importLanyunOrders(page, bills.map((b, i) => [b, 120000 + i * 100, "2026-11-22T02:00:00Z"] as [string, number, string]));

    await logIn(page, lanyun, "我的账单");
    await context.addCookies([{ name: "i18n_pref_locale", value: locale, url: baseURL! }]);
    await page.goto("/account/titles");
    const book = page.locator("form").filter({ has: page.getByLabel(l.title) });
    await book.getByLabel(l.title).fill(name);
    await book.getByLabel(l.taxpayerId).fill("91330106673959654P");
    await book.getByRole("button", { name: l.save }).click();
    await expect(page.getByRole("status").filter({ hasText: l.saved })).toBeVisible();

    const numbers: string[] = [];
    for (const bill of bills) {
      await page.goto(`/bills/${bill}/apply/1`);
      await waitForHydration(page);
      await page.getByLabel(l.enterprise, { exact: true }).check();
      await page.getByLabel(l.general, { exact: true }).check();
      await page.getByLabel(l.electronic).check();
      await page.getByRole("button", { name: l.next }).click();
      // The book's title fills the step: nothing is typed.
      await page.getByRole("button", { name: new RegExp(name) }).click();
      await expect(page.getByLabel(l.title)).toHaveValue(name);
      await expect(page.getByLabel(l.taxpayerId, { exact: true })).toHaveValue("91330106673959654P");
      await page.getByRole("button", { name: l.next }).click();
      await page.getByLabel(l.emails).fill(lanyun.email);
      await page.getByRole("button", { name: l.next }).click();
      await page.getByRole("button", { name: l.confirm }).click();
      await expect(page.getByText(l.submitted)).toBeVisible();
      await expect(page.getByText(name).first()).toBeVisible();
      numbers.push((await page.getByRole("heading", { level: 1 }).innerText()).match(/FP\d+/)![0]);
    }

    // The second one withdrawn: the bill is free again.
    await waitForHydration(page);
    await page.getByRole("button", { name: l.withdraw }).click();
    await expect(page.getByRole("status").filter({ hasText: l.withdrawn })).toBeVisible();
    await expect(page.getByText(l.withdrawnBadge).first()).toBeVisible();
    await expect(page.getByRole("button", { name: l.withdraw })).toHaveCount(0);

    await page.goto("/applications");
    await expect(page.getByRole("heading", { level: 1, name: l.list })).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(numbers[0]) }).getByText(name)).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(numbers[1]) }).getByText(l.withdrawnBadge)).toBeVisible();

    await page.goto("/account/titles");
    await page.getByRole("button", { name: `${l.remove} ${name}` }).click();
    await expect(page.getByRole("status").filter({ hasText: l.deleted })).toBeVisible();
    await context.clearCookies({ name: "i18n_pref_locale" });
  });
}
