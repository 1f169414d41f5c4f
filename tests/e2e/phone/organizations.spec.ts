import type { Page } from "@playwright/test";
import { messagesOf } from "../catalogue";
import { chooseLanguage, expect, expectNoA11yViolations, expectNoHorizontalScroll, SECOND_ORG, test } from "../fixtures";
import { RegistrationPage } from "../pages/registration";

/**
 * Several organisations on one installation (issue 16): the demo seeds a second, listed
 * organisation (db/seed.ts DEMO_SECOND_ORG), so `/` lists both; each has its own pages under
 * /o/<slug>, and a registered volunteer can join the other one from the profile.
 */
const FIRST_ORG = "Helferkreis Musterstadt";
const unique = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`;

async function shot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

test("/ lists both organisations, each with its own page and registration, at 320 px in German and Arabic", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 720 });
  await page.goto("/");
  const list = page.getByTestId("organization-list");
  await expect(list.getByRole("link", { name: FIRST_ORG, exact: true })).toHaveAttribute("href", "/o/helferruf-demo");
  await expect(list.getByRole("link", { name: SECOND_ORG.name, exact: true })).toHaveAttribute("href", `/o/${SECOND_ORG.slug}`);
  await expect(list.getByRole("link", { name: `Bei ${SECOND_ORG.name} registrieren` })).toHaveAttribute("href", `/o/${SECOND_ORG.slug}/register`);
  await expectNoHorizontalScroll(page);
  await expectNoA11yViolations(page);
  await shot(page, "organizations-de-320");

  await chooseLanguage(page, "العربية");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.getByRole("heading", { level: 2, name: messagesOf("ar").landing.organizationsTitle })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectNoA11yViolations(page);
  await shot(page, "organizations-ar-320");
  await page.setViewportSize({ width: 1280, height: 900 });
  await expectNoHorizontalScroll(page);
  await shot(page, "organizations-ar-desktop");
});

test("the second organisation's landing and legal pages are its own; an unknown organisation is a translated 404", async ({ page }) => {
  await page.goto(`/o/${SECOND_ORG.slug}`);
  await expect(page.getByTestId("brand-header")).toContainText(SECOND_ORG.name);
  await expect(page.getByRole("link", { name: "Jetzt als Helfer*in registrieren" })).toHaveAttribute("href", `/o/${SECOND_ORG.slug}/register`);
  await expectNoA11yViolations(page);
  // the footer's legal links stay with the organisation
  await page.getByRole("navigation", { name: "Service und Rechtliches" }).getByRole("link", { name: "Impressum" }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${SECOND_ORG.slug}/imprint$`));
  await expect(page.getByText("Lindenweg 5, 12345 Musterstadt", { exact: true })).toBeVisible();
  await expect(page.getByText("Rathausplatz 1")).toHaveCount(0);
  await page.goto(`/o/${SECOND_ORG.slug}/privacy`);
  await expect(page.getByText(/Nachbarschaftshilfe Musterstadt/).first()).toBeVisible();
  await expectNoA11yViolations(page);

  const res = await page.goto("/o/gibt-es-nicht/register");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Seite nicht gefunden");
});

test("a volunteer registers with the second organisation, confirms from the outbox, and joins the first one from the profile", async ({ page, outbox }) => {
  test.setTimeout(120_000);
  const email = `zweite.${unique()}@example.net`;
  await page.setViewportSize({ width: 320, height: 720 });
  await page.goto(`/o/${SECOND_ORG.slug}/register`);
  await expect(page.getByTestId("register-organization")).toHaveText(`Sie registrieren sich bei ${SECOND_ORG.name}.`);
  // the consent names the organisation as the controller and links to its privacy page
  const consent = page.getByText(`Ich bin einverstanden, dass ${SECOND_ORG.name} meine Angaben speichert`);
  await expect(consent).toBeVisible();
  await expect(page.getByRole("link", { name: "Datenschutzerklärung" })).toHaveAttribute("href", `/o/${SECOND_ORG.slug}/privacy`);
  await expectNoHorizontalScroll(page);
  await expectNoA11yViolations(page);
  await shot(page, "register-second-org-320");

  const registration = new RegistrationPage(page);
  await registration.fill({ firstName: "Zora", lastName: "Zweite", email, channel: "Per E-Mail", activities: ["Fahrdienst"], availability: ["Dienstag, Vormittag"] });
  await registration.submit();
  await expect(page).toHaveURL(new RegExp(`/o/${SECOND_ORG.slug}/register/sent`));
  // the confirmation comes from the organisation registered with
  await expect.poll(async () => (await outbox.ofKind(email, "confirm-email"))[0]?.subject ?? "").toContain(SECOND_ORG.name);
  await registration.confirmEmail(outbox, email);

  // sign in at the organisation's own manage page
  await page.goto(`/o/${SECOND_ORG.slug}/manage`);
  await expect(page.getByTestId("manage-organization")).toHaveText(`Anmeldung bei ${SECOND_ORG.name}`);
  const known = await outbox.ids(email);
  await page.getByLabel("E-Mail-Adresse oder Handynummer").fill(email);
  await page.getByRole("button", { name: "Link schicken" }).click();
  await expect(page.getByText("Bitte schauen Sie in Ihr Postfach oder auf Ihr Handy")).toBeVisible();
  await page.goto(await outbox.waitForLink(email, "sign-in", { except: known }));
  await page.getByRole("button", { name: "Anmelden" }).click();
  await expect(page).toHaveURL(/\/profile$/);

  const mine = page.getByTestId("my-organizations");
  await expect(mine).toContainText(`${SECOND_ORG.name} (dieses Profil)`);
  await expect(page.getByRole("navigation", { name: "Service und Rechtliches" }).getByRole("link", { name: "Datenschutz" })).toHaveAttribute("href", `/o/${SECOND_ORG.slug}/privacy`);
  await page.getByRole("link", { name: `Bei ${FIRST_ORG} mitmachen` }).click();
  await expect(page.getByTestId("join-title")).toHaveText(`Bei ${FIRST_ORG} mitmachen`);
  // their details and the matching activity are filled in; the consent is their own, for that organisation
  await expect(page.getByLabel("E-Mail-Adresse")).toHaveValue(email);
  await expect(page.getByLabel("Fahrdienst")).toBeChecked();
  await expect(page.getByLabel(/Ich bin einverstanden/)).not.toBeChecked();
  await expect(page.getByText(`Ich bin einverstanden, dass ${FIRST_ORG} meine Angaben speichert`)).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectNoA11yViolations(page);
  await shot(page, "join-320");

  // without consent nothing is written
  await page.getByRole("button", { name: `Bei ${FIRST_ORG} mitmachen` }).click();
  await expect(page.getByText("Bitte prüfen Sie die markierten Angaben. Es wurde noch nichts gespeichert.")).toBeVisible();
  await page.getByLabel(/Ich bin einverstanden/).check();
  await page.getByRole("button", { name: `Bei ${FIRST_ORG} mitmachen` }).click();
  await expect(page.getByTestId("joined-notice")).toHaveText(`Sie sind jetzt auch bei ${FIRST_ORG} registriert. Ihre Registrierung dort öffnen Sie mit „Dort anmelden“.`);
  await expect(mine).toContainText(FIRST_ORG);
  await expect(mine.getByRole("link", { name: "Dort anmelden" })).toHaveAttribute("href", "/manage");
  await expect(page.getByRole("link", { name: `Bei ${FIRST_ORG} mitmachen` })).toHaveCount(0);
  await expectNoA11yViolations(page);
  await shot(page, "profile-joined-320");
});
