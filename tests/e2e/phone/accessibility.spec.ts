import type { Page } from "@playwright/test";
import { expect, expectNoA11yViolations, expectNoHorizontalScroll, Outbox, test } from "../fixtures";

const readOutbox = (request: ConstructorParameters<typeof Outbox>[0], to: string) => new Outbox(request).messages(to);

const CONTACT = "barrierefreiheit@example.org"; // the seeded organisation's accessibility contact
const unique = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`;

/** The text of the element that has the focus (document.activeElement), or null for <body>. */
async function focusedText(page: Page): Promise<string | null> {
  return page.evaluate(() => (document.activeElement && document.activeElement !== document.body ? (document.activeElement as HTMLElement).innerText : null));
}

test.describe("accessible information from the start page", () => {
  test("the Leichte Sprache page is linked from the start page and explains the four things", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Barrierefreie Angebote" }).getByRole("link", { name: "Leichte Sprache" }).click();
    await expect(page).toHaveURL(/\/leichte-sprache$/);
    await expect(page).toHaveTitle("Leichte Sprache · Helferruf");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Helferruf in Leichter Sprache");
    for (const heading of ["Was ist Helferruf?", "So melden Sie sich an", "So antworten Sie auf eine Anfrage", "So erreichen Sie uns"]) {
      await expect(page.getByRole("heading", { level: 2, name: heading })).toBeVisible();
    }
    await expect(page.getByText("Ehren·amt bedeutet:")).toBeVisible();
    await expect(page.getByRole("link", { name: CONTACT })).toHaveAttribute("href", `mailto:${CONTACT}`);
    await expect(page.getByRole("link", { name: "Zur Anmeldung" })).toHaveAttribute("href", "/register");
    await expectNoA11yViolations(page);
    // large text: the body copy is at least 20 px
    const size = await page.getByText("Hier erklären wir Helferruf in Leichter Sprache.").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(20);
  });

  test("the sign-language page is linked from the start page, shows the DGS symbol and a video or says there is none", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Barrierefreie Angebote" }).getByRole("link", { name: "Gebärdensprache" }).click();
    await expect(page).toHaveURL(/\/gebaerdensprache$/);
    await expect(page).toHaveTitle("Gebärdensprache · Helferruf");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Informationen in Deutscher Gebärdensprache (DGS)");
    await expect(page.getByRole("img", { name: /Symbol für Gebärdensprache/ })).toBeVisible();
    // the desktop admin test switches a video on and off again; either state must read right
    await expect(page.getByTestId("sign-none").or(page.getByTestId("sign-video"))).toBeVisible();
    await expect(page.getByRole("link", { name: CONTACT })).toBeVisible();
    await expectNoA11yViolations(page);
  });

  test("the accessibility statement is linked from every page's footer and follows the EU model", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Service und Rechtliches" }).getByRole("link", { name: "Barrierefreiheit" }).click();
    await expect(page).toHaveURL(/\/accessibility$/);
    await expect(page).toHaveTitle("Erklärung zur Barrierefreiheit · Helferruf");
    for (const heading of ["Stand der Vereinbarkeit mit den Anforderungen", "Nicht barrierefreie Inhalte", "Erstellung dieser Erklärung", "Feedback und Kontaktangaben", "Schlichtungsverfahren"]) {
      await expect(page.getByRole("heading", { level: 2, name: heading })).toBeVisible();
    }
    await expect(page.getByTestId("conformance")).toHaveText(/teilweise mit den Anforderungen der BITV 2.0 vereinbar/);
    // the seeded list of non-accessible content, with reason and alternative
    await expect(page.getByText("Texte der Anfragen", { exact: true })).toBeVisible();
    await expect(page.getByText("Diese Erklärung wurde am 30. November 2026 erstellt.", { exact: false })).toBeVisible();
    await expect(page.getByText(/Selbstbewertung/)).toBeVisible();
    await expect(page.getByRole("link", { name: CONTACT })).toHaveAttribute("href", /^mailto:barrierefreiheit@example\.org\?subject=/);
    // the long word carries soft hyphens (U+00AD) so that it breaks well on narrow screens
    await expect(page.getByRole("link", { name: /^Schlichtungsstelle nach §\s16 Behinderten\u00ad?gleichstellungs\u00ad?gesetz \(BGG\)$/ })).toHaveAttribute("href", "https://www.schlichtungsstelle-bgg.de");
    await expectNoA11yViolations(page);
    // the footer links are on other pages too
    await page.goto("/register");
    const footer = page.getByRole("navigation", { name: "Service und Rechtliches" });
    await expect(footer.getByRole("link", { name: "Barrierefreiheit" })).toHaveAttribute("href", "/accessibility");
    await expect(footer.getByRole("link", { name: "Leichte Sprache" })).toHaveAttribute("href", "/leichte-sprache");
    await expect(footer.getByRole("link", { name: "Gebärdensprache" })).toHaveAttribute("href", "/gebaerdensprache");
  });

  test("the new pages are readable at 320 px without horizontal scrolling", async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    for (const path of ["/", "/leichte-sprache", "/gebaerdensprache", "/accessibility", "/accessibility/thanks"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoHorizontalScroll(page);
    }
  });
});

test.describe("the statement's feedback form", () => {
  test("sends the report as an e-mail to the organisation's accessibility contact", async ({ page, request }) => {
    const marker = `Der Kontrast der Knöpfe ist zu schwach (${unique()}).`;
    await page.goto("/accessibility");
    await page.getByLabel("Ihre Meldung").fill(marker);
    await page.getByLabel(/Seite oder Inhalt/).fill("Startseite");
    await page.getByLabel(/Ihre E-Mail-Adresse/).fill("erika@example.net");
    await page.getByRole("button", { name: "Meldung senden" }).click();
    await expect(page).toHaveURL(/\/accessibility\/thanks$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Danke für Ihre Meldung");
    await expect(page).toHaveTitle("Danke für Ihre Meldung · Helferruf");
    await expectNoA11yViolations(page);
    await expect
      .poll(async () => (await readOutbox(request, CONTACT)).find((m) => m.kind === "accessibility-feedback" && m.body?.includes(marker))?.body ?? "")
      .toContain("erika@example.net");
  });

  test("bad input: errors next to the fields, what was typed stays, and the focus lands on the summary", async ({ page, request }) => {
    await page.goto("/accessibility");
    await page.getByLabel(/Ihr Name/).fill("Erika Muster");
    await page.getByLabel(/Ihre E-Mail-Adresse/).fill("erika@");
    await page.getByRole("button", { name: "Meldung senden" }).click();
    await expect(page.locator("#feedback-message-error")).toHaveText("Bitte schreiben Sie Ihre Meldung.");
    await expect(page.locator("#feedback-email-error")).toContainText("gültige E-Mail-Adresse");
    await expect(page.getByLabel("Ihre Meldung")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel(/Ihr Name/)).toHaveValue("Erika Muster");
    await expect(page.getByLabel(/Ihre E-Mail-Adresse/)).toHaveValue("erika@");
    await expect.poll(() => focusedText(page)).toContain("Bitte prüfen Sie Ihre Angaben:");
    await expectNoA11yViolations(page);
    // a link in the summary takes the focus into its field
    await page.getByRole("alert").getByRole("link", { name: "Ihre Meldung" }).click();
    await expect(page.getByLabel("Ihre Meldung")).toBeFocused();
    expect((await readOutbox(request, CONTACT)).filter((m) => m.body?.includes("Erika Muster"))).toEqual([]);
  });

  test("offers a mailto: link as well", async ({ page }) => {
    await page.goto("/accessibility");
    const href = await page.getByRole("link", { name: CONTACT }).getAttribute("href");
    expect(new URL(href!).protocol).toBe("mailto:");
    expect(decodeURIComponent(href!)).toContain("subject=Barriere auf Helferruf");
  });
});

test.describe("the feedback form without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("keeps what was typed on an error and sends on a correct submit", async ({ page, request }) => {
    const marker = `Ohne JavaScript gemeldet (${unique()}).`;
    await page.goto("/accessibility");
    await page.getByLabel(/Seite oder Inhalt/).fill("Profil");
    await page.getByRole("button", { name: "Meldung senden" }).click();
    await expect(page.locator("#feedback-message-error")).toHaveText("Bitte schreiben Sie Ihre Meldung.");
    await expect(page.getByLabel(/Seite oder Inhalt/)).toHaveValue("Profil");
    await page.getByLabel("Ihre Meldung").fill(marker);
    await page.getByRole("button", { name: "Meldung senden" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Danke für Ihre Meldung");
    await expect.poll(async () => (await readOutbox(request, CONTACT)).some((m) => m.body?.includes(marker) && m.body.includes("Profil"))).toBe(true);
  });
});

test.describe("focus after a submit with JavaScript", () => {
  test("a failed registration moves the focus to the error summary at the top, and its links lead to the fields", async ({ page }) => {
    await page.goto("/register");
    await page.getByLabel("Vorname").fill("Maja");
    // the submit button is far down the page: scroll there and press it like a phone user
    const submit = page.getByRole("button", { name: "Registrieren" });
    await submit.scrollIntoViewIfNeeded();
    await submit.click();
    await expect.poll(() => focusedText(page)).toContain("Bitte prüfen Sie die markierten Angaben.");
    await expect(page.locator(":focus")).toBeInViewport();
    const summary = page.getByRole("alert").filter({ hasText: "Bitte prüfen Sie die markierten Angaben." });
    await expect(page.getByLabel("Vorname")).toHaveValue("Maja");
    await expectNoA11yViolations(page);
    await summary.getByRole("link", { name: "Nachname" }).click();
    await expect(page.getByLabel("Nachname")).toBeFocused();
    await expect(page.getByLabel("Nachname")).toBeInViewport();
    // a group's link focuses its first choice
    await summary.getByRole("link", { name: "Was möchten Sie tun?" }).click();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe("activities");
  });

  test("the registration's groups are headings as well as legends", async ({ page }) => {
    await page.goto("/register");
    for (const name of ["Was möchten Sie tun?", "Welche Sprachen sprechen Sie?", "Wann haben Sie meistens Zeit?"]) {
      const group = page.getByRole("group", { name });
      await expect(group.getByRole("heading", { level: 2, name })).toBeVisible();
    }
    for (const name of ["Wie sollen wir Sie anfragen?", "Sprache unserer Nachrichten", "Für Fahrdienste"]) {
      await expect(page.getByRole("group", { name }).getByRole("heading", { level: 3, name })).toBeVisible();
    }
  });
});
