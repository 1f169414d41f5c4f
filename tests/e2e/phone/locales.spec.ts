import { devices, type Browser, type Page } from "@playwright/test";
import { localeDirection, localeNames, type Locale } from "@/i18n/config";
import { DEFAULT_ACTIVITIES } from "@/lib/activities/defaults";
import { activityName } from "@/lib/activities/names";
import { languageName } from "@/lib/volunteers/languages";
import { fill, messagesOf as getMessages } from "../catalogue";
import { chooseLanguage, expect, PUBLIC_LANDING, expectNoA11yViolations, expectNoHorizontalScroll, RESPONSE_LINK, test, type Outbox } from "../fixtures";
import { RequestFormPage } from "../pages/request-form";
import { SignInPage } from "../pages/sign-in";

/**
 * An Arabic-speaking interpreter and a Ukrainian-speaking mentor register, confirm and answer a
 * request entirely in their own language, on a 320 px phone: axe finds nothing, nothing scrolls
 * sideways, Arabic is right to left. The Arabic journey also works with JavaScript off. Texts
 * come from the catalogues (German where a key is missing), so the test follows the translators.
 * Matching is made deterministic by a language no demo volunteer speaks; one coordinator of its
 * own (sprachen@example.org) signs in, so the tests of this file run one after the other.
 */
test.describe.configure({ mode: "serial" });

const run = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
const interpreting = DEFAULT_ACTIVITIES.find((a) => a.key === "interpreting")!;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** a label's text up to its first rich-text tag or placeholder */
const start = (text: string) => new RegExp(escape(text.split(/[<{]/)[0].trim().slice(0, 30)));

async function expectPageIn(page: Page, locale: Locale) {
  await expect(page.locator("html")).toHaveAttribute("lang", locale);
  await expect(page.locator("html")).toHaveAttribute("dir", localeDirection(locale));
}

async function checkPage(page: Page, locale: Locale, js: boolean) {
  await expectPageIn(page, locale);
  await expectNoHorizontalScroll(page);
  if (js) await expectNoA11yViolations(page);
  // for a person to look at: does right to left look right at 320 px? (attached to the report)
  const name = `${locale}${js ? "" : "-nojs"}-${new URL(page.url()).pathname.split("/")[1] || "landing"}-${test.info().attachments.length}.png`;
  const path = test.info().outputPath(name);
  await page.screenshot({ path, fullPage: true });
  await test.info().attach(name, { path, contentType: "image/png" });
}

async function register(page: Page, locale: Locale, o: { email: string; language: string; js: boolean }) {
  const v = getMessages(locale).volunteers;
  await page.getByRole("link", { name: getMessages(locale).landing.register }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(v.register.title);
  await checkPage(page, locale, o.js);
  await page.getByLabel(v.fields.firstName).fill(locale === "ar" ? "أمل" : "Олена");
  await page.getByLabel(v.fields.lastName).fill(locale === "ar" ? "حداد" : "Коваленко");
  await page.getByLabel(v.fields.email).fill(o.email);
  await page.getByLabel(v.fields.pref.email, { exact: true }).check();
  // the message language is preselected from the page language
  await expect(page.getByRole("radio", { name: localeNames[locale], exact: true })).toBeChecked();
  await page.getByLabel(activityName(interpreting, locale)).check();
  const spoken = languageName(o.language, locale);
  if (o.js) await page.getByLabel(v.fields.languagesFilter).fill(spoken);
  else await page.locator("summary", { hasText: start(v.fields.languagesOther) }).click();
  await page.getByLabel(spoken, { exact: true }).check();
  await page.getByLabel(v.fields.flexible).check();
  await page.locator('input[name="consent"]').check();
  await page.getByRole("button", { name: v.register.submit }).click();
  await expect(page).toHaveURL(/\/register\/sent/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(v.sent.title);
  await checkPage(page, locale, o.js);
}

/** Opens the confirmation link on a phone that never chose a language: the mail's language rules. */
async function confirm(browser: Browser, outbox: Outbox, locale: Locale, email: string, js: boolean) {
  const v = getMessages(locale).volunteers;
  const link = await outbox.waitForLink(email, "confirm-email");
  const [mail] = await outbox.ofKind(email, "confirm-email");
  expect(mail.subject).toBe(fill(getMessages(locale).volunteerMessages["confirm-email"].subject, { org: "Helferkreis Musterstadt", name: locale === "ar" ? "أمل" : "Олена" }));
  const { defaultBrowserType: _ignored, ...phone } = devices["Pixel 7"];
  const context = await browser.newContext({ ...phone, baseURL: test.info().project.use.baseURL, javaScriptEnabled: js, viewport: { width: 320, height: 720 } });
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.getByRole("button", { name: v.confirm.button })).toBeVisible();
  await checkPage(page, locale, js);
  await page.getByRole("button", { name: v.confirm.button }).click();
  await expect(page.getByText(v.confirm.confirmedEmail)).toBeVisible();
  await checkPage(page, locale, js);
  await context.close();
}

/** A coordinator (German) asks for the one language only this volunteer speaks. */
async function sendRequest(browser: Browser, outbox: Outbox, title: string, language: string) {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, viewport: { width: 1280, height: 900 }, javaScriptEnabled: true });
  const page = await context.newPage();
  await new SignInPage(page, outbox).signIn("sprachen@example.org");
  const form = await RequestFormPage.open(page);
  await form.activity.selectOption({ label: interpreting.nameDe });
  await form.fill({ title, helpersNeeded: 1, emailOnly: true });
  await form.requireLanguages("all", languageName(language, "de"));
  await form.send();
  await expect(page).toHaveURL(/\/admin\/requests\/[0-9a-f-]{36}\?sent=\d+$/);
  await context.close();
}

async function answer(page: Page, outbox: Outbox, locale: Locale, email: string, title: string, js: boolean) {
  const r = getMessages(locale).respond;
  const link = await outbox.waitForLink(email, "invitation", { pattern: RESPONSE_LINK });
  const [invitation] = await outbox.ofKind(email, "invitation");
  expect(invitation.body).toContain(getMessages(locale).requests.mail.accept);
  expect(invitation.subject).toContain(title);
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText(activityName(interpreting, locale), { exact: true })).toBeVisible();
  await checkPage(page, locale, js);
  await page.getByRole("button", { name: r.accept, exact: true }).click();
  await expect(page.getByText(r.state.accepted)).toBeVisible();
  await expect(page.getByTestId("your-answer")).toHaveText(r.answer.accepted);
  await checkPage(page, locale, js);
  const confirmation = await outbox.waitForLink(email, "confirmation");
  expect(confirmation).toContain("/r/");
}

async function journey(page: Page, browser: Browser, outbox: Outbox, locale: Locale, language: string, js: boolean) {
  test.setTimeout(150_000);
  const email = `${locale}.${language}.${run}@example.net`;
  const title = `Dolmetschen ${locale} ${run}`;
  await page.setViewportSize({ width: 320, height: 720 });
  await page.goto(PUBLIC_LANDING);
  await chooseLanguage(page, localeNames[locale]);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(getMessages(locale).landing.title);
  await checkPage(page, locale, js);
  await register(page, locale, { email, language, js });
  await confirm(browser, outbox, locale, email, js);
  await sendRequest(browser, outbox, title, language);
  await answer(page, outbox, locale, email, title, js);
}

test("an Arabic-speaking interpreter registers, confirms and answers a request in Arabic, right to left", async ({ page, browser, outbox }) => {
  await journey(page, browser, outbox, "ar", "tig", true);
});

test("a Ukrainian-speaking mentor registers, confirms and answers a request in Ukrainian", async ({ page, browser, outbox }) => {
  await journey(page, browser, outbox, "uk", "gv", true);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the Arabic journey works as plain forms", async ({ page, browser, outbox }) => {
    await journey(page, browser, outbox, "ar", "kw", false);
  });
});

test("the coordinator area stays German or English for a visitor who chose Arabic", async ({ page }) => {
  await page.goto("/");
  await chooseLanguage(page, localeNames.ar);
  await expectPageIn(page, "ar");
  await page.goto("/admin/sign-in");
  await expectPageIn(page, "de");
  await page.locator("header details > summary").click();
  await expect(page.getByRole("button", { name: "English", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: localeNames.ar, exact: true })).toHaveCount(0);
  await expectNoA11yViolations(page);
});

test("the accessibility statement, Leichte Sprache, sign-language and privacy pages speak Arabic and Ukrainian", async ({ page }) => {
  for (const locale of ["ar", "uk"] as const) {
    const m = getMessages(locale);
    await page.goto("/");
    await chooseLanguage(page, localeNames[locale]);
    await page.getByRole("link", { name: m.accessibility.links.easy }).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(m.accessibility.easy.heading);
    await checkPage(page, locale, true);
    await page.goto("/gebaerdensprache");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(m.accessibility.sign.heading);
    await checkPage(page, locale, true);
    await page.goto("/accessibility");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(m.accessibility.statement.title);
    // a translated legal text says that the German one is binding
    await expect(page.getByTestId("translation-note")).toHaveText(m.legal.translationNote);
    await expect(page.getByLabel(m.accessibility.feedback.message)).toBeVisible();
    await checkPage(page, locale, true);
    await page.goto("/privacy");
    await expect(page.getByTestId("translation-note")).toHaveText(m.legal.translationNote);
    await expect(page.getByTestId("privacy-how-long")).toContainText(m.privacy.public.howLongLead);
    await checkPage(page, locale, true);
  }
});
