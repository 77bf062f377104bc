import { expect, test } from "@playwright/test";
import { waitForHydration } from "./helpers";

// Every specimen of the component gallery (/dev/gallery), photographed in both languages at
// the project's width (360 px phone, 1280 px desktop) and compared with the approved image in
// end2end/screenshots/. `make screenshots` approves the current look after a deliberate change.

for (const locale of ["zh-CN", "en"]) {
  test(`every component in the gallery looks as approved (${locale})`, async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: "i18n_pref_locale", value: locale, url: baseURL! }]);
    await page.goto("/dev/gallery");
    await waitForHydration(page);
    const names = await page.locator("[data-specimen]").evaluateAll((sections) =>
      sections.map((section) => section.getAttribute("data-specimen")!),
    );
    expect(names.length, "the gallery lists its specimens").toBeGreaterThan(20);
    for (const name of names) {
      await expect(page.locator(`[data-specimen="${name}"]`), name).toHaveScreenshot(`${name}-${locale}.png`);
    }
  });
}

// The gallery shows islands as well as server components: its island specimens are the real
// islands, hydrated as on their own pages (the bundle is loaded only because they are there).
test("the gallery's islands answer as on their own pages", async ({ page }) => {
  await page.goto("/dev/gallery");
  await waitForHydration(page);
  const register = page.locator('[data-specimen="island-register-form"]');
  await register.getByLabel("邮箱").fill("not-an-email");
  await register.getByLabel("邮箱").blur();
  await expect(register.getByText("格式不正确。")).toBeVisible();
  const title = page.locator('[data-specimen="island-title-step"]');
  await title.getByLabel("纳税人识别号", { exact: false }).first().fill("91330106673959654X");
  await title.getByLabel("纳税人识别号", { exact: false }).first().blur();
  await expect(title.getByText("校验位不正确，请检查是否输错。")).toBeVisible();
});
