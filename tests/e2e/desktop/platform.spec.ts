import { expect, expectNoA11yViolations, expectNoHorizontalScroll, test, type Outbox } from "../fixtures";
import { SignInPage } from "../pages/sign-in";
import type { Page } from "@playwright/test";

/** The demo platform administrator (db/seed.ts DEMO_PLATFORM_ADMIN_EMAIL): no membership anywhere. */
const PLATFORM = "plattform@example.org";
const SCREENS = process.env.E2E_SCREENSHOTS;

/** Signs in from the outbox link the way a person does; the sign-in ends where the person belongs. */
async function signInFromOutbox(page: Page, outbox: Outbox, email: string) {
  const link = await new SignInPage(page, outbox).requestLink(email);
  await page.goto(link);
  await page.getByRole("button", { name: /Jetzt anmelden|Sign in now/ }).click();
}

/** Screenshots at 320 px and desktop width (when E2E_SCREENSHOTS names a folder), and axe and no sideways scrolling at both. */
async function checkBothWidths(page: Page, name: string) {
  for (const [width, height] of [[320, 720], [1280, 900]] as const) {
    await page.setViewportSize({ width, height });
    await expectNoA11yViolations(page);
    await expectNoHorizontalScroll(page);
    if (SCREENS) await page.screenshot({ path: `${SCREENS}/${name}-${width}.png`, fullPage: true });
  }
}

test("a platform administrator creates an organisation and invites its admin, who signs in to their empty organisation", async ({ page, browser, outbox, baseURL }) => {
  const slug = `caritas-${Date.now().toString(36)}`;
  const adminEmail = `leitung-${slug}@example.org`;

  await signInFromOutbox(page, outbox, PLATFORM);
  await expect(page).toHaveURL(/\/platform$/);
  await expect(page.getByRole("heading", { level: 1, name: "Plattform" })).toBeVisible();
  // the seeded organisation with figures only
  await expect(page.getByTestId("platform-organization").first()).toContainText("Helfer*innen");
  await checkBothWidths(page, "platform");

  // the coordinator area of an organisation it is not a member of is not open to it
  await page.goto("/admin/volunteers");
  await expect(page).toHaveURL(/\/platform$/);

  // a reserved slug is refused next to the field, what was typed stays
  await page.getByLabel("Name", { exact: true }).fill("Caritas Musterstadt");
  await page.getByLabel("Kurzname für Adressen").fill("admin");
  await page.getByRole("button", { name: "Organisation anlegen" }).click();
  await expect(page.getByText("Dieser Kurzname ist für Seiten der Installation reserviert.")).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Caritas Musterstadt");
  await expectNoA11yViolations(page);

  await page.getByLabel("Kurzname für Adressen").fill(slug);
  await page.getByRole("button", { name: "Organisation anlegen" }).click();
  await expect(page).toHaveURL(/\/platform\/organizations\/[0-9a-f-]{36}\?created=1$/);
  await expect(page.getByRole("heading", { level: 1, name: "Caritas Musterstadt" })).toBeVisible();
  await expect(page.getByTestId("platform-figures")).toContainText("0 aktiv");
  await expect(page.getByTestId("platform-figures")).toContainText("noch kein Admin");

  const invitations = await outbox.ids(adminEmail);
  await page.getByLabel("E-Mail-Adresse").fill(adminEmail);
  await page.getByRole("button", { name: "Einladung senden" }).click();
  await expect(page.getByText("Die Einladung ist unterwegs.")).toBeVisible();
  await expect(page.getByTestId("platform-figures")).toContainText("1 Admin");
  await checkBothWidths(page, "platform-organization");

  // the invited admin: the invitation in the outbox leads to the sign-in page; the link signs them in
  const invitationLink = await outbox.waitForLink(adminEmail, "member-invitation", { except: invitations });
  const context = await browser.newContext({ locale: "de-DE", baseURL });
  const admin = await context.newPage();
  await admin.goto(invitationLink);
  await expect(admin).toHaveURL(/\/admin\/sign-in$/);
  await signInFromOutbox(admin, outbox, adminEmail);
  await expect(admin).toHaveURL(/\/admin$/);
  await admin.goto("/admin/volunteers");
  await expect(admin.getByText("Keine Freiwilligen gefunden")).toBeVisible();
  await admin.goto("/admin/settings");
  await expect(admin.getByLabel("Name der Organisation")).toHaveValue("Caritas Musterstadt");

  // suspended: its admin sees why nothing works, on every coordinator page
  await page.getByRole("checkbox", { name: "Ja, die Organisation sperren" }).check();
  await page.getByRole("button", { name: "Organisation sperren" }).click();
  await expect(page.getByText(/^Gesperrt seit /)).toBeVisible();
  await admin.goto("/admin/volunteers");
  await expect(admin).toHaveURL(/\/admin\/suspended$/);
  await expect(admin.getByRole("heading", { name: "Organisation gesperrt" })).toBeVisible();
  await expect(admin.getByText("„Caritas Musterstadt“ ist zurzeit gesperrt")).toBeVisible();
  await checkBothWidths(admin, "suspended");
  // reactivated: back to work
  await page.getByRole("button", { name: "Organisation reaktivieren" }).click();
  await expect(page.getByRole("checkbox", { name: "Ja, die Organisation sperren" })).toBeVisible();
  await admin.goto("/admin/volunteers");
  await expect(admin.getByText("Keine Freiwilligen gefunden")).toBeVisible();
  await context.close();
});
