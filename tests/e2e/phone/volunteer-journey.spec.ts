import { readFileSync } from "node:fs";
import { ANY_LINK, chooseLanguage, expect, expectNoA11yViolations, expectNoHorizontalScroll, linkIn, test } from "../fixtures";
import { ManagePage, RegistrationPage, type Registration } from "../pages/registration";

const unique = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** Maja's registration: driving and interpreting, Arabic, two slots, a driving licence. */
const maja = (o: { email: string; phone?: string; consent?: boolean }): Registration => ({
  firstName: "Maja",
  lastName: "Beispiel-Özdemir",
  email: o.email,
  phone: o.phone,
  channel: o.phone ? "Per SMS und E-Mail" : "Per E-Mail",
  activities: ["Fahrdienst", "Dolmetschen & Übersetzen"],
  languages: ["Arabisch"],
  availability: ["Dienstag, Vormittag", "Samstag, Abend"],
  drivingLicence: true,
  consent: o.consent,
});

test.describe("volunteer registration and self-service", () => {
  test("register → confirm → manage → pause → export → delete", async ({ page, outbox }) => {
    test.setTimeout(120_000); // the longest journey: two sign-ins, export and erasure on a loaded CI machine
    const email = `maja.${unique()}@example.net`;
    const registration = new RegistrationPage(page);
    const manage = new ManagePage(page);
    await registration.goto();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Als Helfer*in registrieren");
    await expectNoA11yViolations(page);
    await registration.fill(maja({ email }));
    // the filter box narrows the language list once JavaScript runs
    await page.getByLabel("Sprache suchen").fill("sorani");
    await expect(page.getByLabel("Kurdisch (Sorani)")).toBeVisible();
    await expect(page.getByLabel("Türkisch", { exact: true })).toBeHidden();
    await page.getByLabel("Sprache suchen").fill("");
    await registration.submit();

    await expect(page).toHaveURL(/\/register\/sent/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fast geschafft – bitte bestätigen");
    await expectNoA11yViolations(page);

    const confirmLink = await outbox.waitForLink(email, "confirm-email");
    expect(confirmLink).toMatch(/\/confirm\/[A-Za-z0-9_-]{43}$/);
    await page.goto(confirmLink);
    await expect(page.getByText("Bitte bestätigen Sie, dass diese E-Mail-Adresse Ihnen gehört.")).toBeVisible();
    await expectNoA11yViolations(page);
    await page.getByRole("button", { name: "Bestätigen" }).click();
    await expect(page.getByText("Danke! Ihre E-Mail-Adresse ist bestätigt.")).toBeVisible();
    await expectNoA11yViolations(page);
    // a second visit says "already confirmed"
    await page.goto(confirmLink);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Schon bestätigt");
    await expectNoA11yViolations(page);

    await page.goto("/manage");
    await expectNoA11yViolations(page);
    await manage.fillAndSend(email.toUpperCase());
    await expectNoA11yViolations(page);
    const signInLink = await outbox.waitForLink(email, "sign-in");
    await page.goto(signInLink);
    await expectNoA11yViolations(page);
    await page.getByRole("button", { name: "Anmelden" }).click();

    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByText("Hallo Maja!")).toBeVisible();
    await expect(page.getByTestId("volunteer-status")).toContainText("Aktiv");
    await expect(page.getByLabel("Fahrdienst")).toBeChecked();
    await expect(page.getByLabel("Samstag, Abend")).toBeChecked();
    await expectNoA11yViolations(page);
    // the link was single use
    await page.context().clearCookies();
    const reused = await page.goto(signInLink);
    expect(reused?.status()).toBe(404);
    await page.goBack();

    // sign in again (cookies were cleared), then edit, pause, export and delete
    await manage.requestLink(email);
    await expect.poll(async () => (await outbox.ofKind(email, "sign-in")).length).toBe(2);
    await manage.signInWith(linkIn((await outbox.ofKind(email, "sign-in"))[0], ANY_LINK)!);

    await page.getByLabel("Postleitzahl").fill("12345");
    await page.getByRole("button", { name: "Änderungen speichern" }).click();
    await expect(page.getByText("Ihre Änderungen sind gespeichert.")).toBeVisible();
    // the focus moves to the "saved" notice at the top of the form, not to <body> far below it
    await expect(page.locator(":focus")).toContainText("Ihre Änderungen sind gespeichert.");
    await expect(page.locator(":focus")).toBeInViewport();
    await expect(page.getByLabel("Postleitzahl")).toHaveValue("12345");

    await page.getByLabel("Pausieren bis einschließlich").fill(inDays(10));
    await page.getByRole("button", { name: "Pausieren", exact: true }).click();
    await expect(page.getByTestId("volunteer-status")).toContainText("Pausiert bis einschließlich");
    await page.getByRole("button", { name: "Pause beenden" }).click();
    await expect(page.getByTestId("volunteer-status")).toContainText("Aktiv");
    await page.getByLabel("Pausieren bis einschließlich").fill(inDays(5));
    await page.getByRole("button", { name: "Pausieren", exact: true }).click();
    await expect(page.getByTestId("volunteer-status")).toContainText("Pausiert");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Meine Daten herunterladen (JSON)" }).click()]);
    const data = JSON.parse(readFileSync((await download.path())!, "utf8"));
    expect(data.profile).toMatchObject({ firstName: "Maja", lastName: "Beispiel-Özdemir", email, status: "paused", postalCode: "12345", hasDrivingLicence: true });
    expect(data.activities.map((a: { key: string }) => a.key)).toEqual(["driving", "interpreting"]);
    expect(data.languages).toEqual([{ code: "ar", name: "Arabisch" }]);
    expect(data.availability.slots).toEqual([{ weekday: 2, partOfDay: "morning" }, { weekday: 6, partOfDay: "evening" }]);
    expect(data.consent.version).toMatch(/\S/);
    expect(data.messages.length).toBeGreaterThanOrEqual(3);

    await page.getByRole("link", { name: "Registrierung löschen" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Registrierung wirklich löschen?");
    await expectNoA11yViolations(page);
    await page.getByRole("link", { name: "Nein, zurück" }).click();
    await expect(page).toHaveURL(/\/profile$/);
    await page.getByRole("link", { name: "Registrierung löschen" }).click();
    await page.getByRole("button", { name: "Ja, endgültig löschen" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ihre Registrierung ist gelöscht");
    await expectNoA11yViolations(page);
    await page.goto("/profile");
    await expect(page).toHaveURL(/\/manage$/);
    // nothing addressed to her is readable any more
    expect(await outbox.messages(email)).toEqual([]);
  });

  test("GET and HEAD on confirmation and sign-in links change nothing", async ({ page, request, outbox }) => {
    const email = `scanner.${unique()}@example.net`;
    const phone = `0151 ${String(Math.floor(10_000_000 + Math.random() * 89_999_999))}`;
    const registration = new RegistrationPage(page);
    await registration.goto();
    await registration.fill(maja({ email, phone }));
    await registration.submit();
    await expect(page).toHaveURL(/\/register\/sent\?via=both/);
    const e164 = `+49${phone.replace(/\D/g, "").slice(1)}`;
    const mailLink = await outbox.waitForLink(email, "confirm-email");
    const smsLink = await outbox.waitForLink(e164, "confirm-phone");

    for (const link of [mailLink, smsLink]) {
      for (let i = 0; i < 2; i++) {
        expect((await request.get(link)).status()).toBe(200);
        expect((await request.head(link)).status()).toBe(200);
      }
    }
    // still unconfirmed: both pages still offer the button
    await page.goto(smsLink);
    await expect(page.getByText("Bitte bestätigen Sie, dass diese Handynummer Ihnen gehört.")).toBeVisible();
    await page.getByRole("button", { name: "Bestätigen" }).click();
    await expect(page.getByText("Danke! Ihre Handynummer ist bestätigt.")).toBeVisible();
    await page.goto(mailLink);
    await expect(page.getByRole("button", { name: "Bestätigen" })).toBeVisible();

    const manage = new ManagePage(page);
    await manage.requestLink(phone);
    const signIn = await outbox.waitForLink(e164, "sign-in");
    for (let i = 0; i < 2; i++) {
      expect((await request.get(signIn)).status()).toBe(200);
      expect((await request.head(signIn)).status()).toBe(200);
    }
    expect((await request.get(signIn)).headers()["set-cookie"] ?? "").not.toContain("helferruf_volunteer");
    await manage.signInWith(signIn);
    await expect(page.getByText("Ihre E-Mail-Adresse ist noch nicht bestätigt.")).toBeVisible();
    await page.getByRole("button", { name: "Bestätigungslink erneut senden" }).click();
    await expect(page.getByText("Wir haben Ihnen einen neuen Bestätigungslink geschickt.")).toBeVisible();
    await expect.poll(async () => (await outbox.ofKind(email, "confirm-email")).length).toBe(2);
  });

  test("unknown, tampered and used links show a calm 404 page", async ({ page }) => {
    for (const path of ["/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "/confirm/kaputt", "/manage/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]) {
      const res = await page.goto(path);
      expect(res?.status()).toBe(404);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(/gilt nicht \(mehr\)/);
      await expectNoA11yViolations(page);
    }
  });

  test("the same address registered twice gets the same screen, and the owner a manage link", async ({ page, outbox }) => {
    const email = `twice.${unique()}@example.net`;
    const registration = new RegistrationPage(page);
    for (let i = 0; i < 2; i++) {
      await registration.goto();
      await registration.fill(maja({ email }));
      await registration.submit();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fast geschafft – bitte bestätigen");
      if (i === 0) await registration.confirmEmail(outbox, email);
    }
    expect(await outbox.waitForLink(email, "already-registered")).toMatch(/\/manage\/[A-Za-z0-9_-]{43}$/);
  });

  test("legal pages are filled from the organisation and pass axe", async ({ page }) => {
    await page.goto("/privacy");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Datenschutzerklärung");
    await expect(page.getByText("datenschutz@example.org")).toBeVisible();
    await expect(page.getByText(/Rathausplatz 1, 12345 Musterstadt/)).toBeVisible();
    await expectNoA11yViolations(page);
    await page.goto("/imprint");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Impressum");
    await expect(page.getByText(/Vertreten durch den Vorstand/)).toBeVisible();
    await expectNoA11yViolations(page);
    await page.goto("/accessibility");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Erklärung zur Barrierefreiheit");
    await expectNoA11yViolations(page);
  });

  test("every volunteer page is usable at 320 px without horizontal scrolling", async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    for (const path of ["/register", "/register/sent?via=both", "/manage", "/privacy", "/imprint", "/accessibility", "/confirm/x", "/profile/deleted"]) {
      await page.goto(path);
      await expectNoHorizontalScroll(page);
    }
    const registration = new RegistrationPage(page);
    await registration.goto();
    await registration.submit();
    await expect(page.getByText("Bitte prüfen Sie die markierten Angaben.")).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectNoA11yViolations(page);
    const box = await page.getByLabel("Montag, Vormittag").locator("..").boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
  });
});

test("the registration form speaks English when English is chosen", async ({ page }) => {
  await page.goto("/register");
  await chooseLanguage(page, "English");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Register as a volunteer");
  await page.getByLabel("E-mail address").fill("not-an-address");
  await page.getByRole("button", { name: "Register" }).click();
  await expect(page.getByText("Please check the marked fields. Nothing has been saved yet.")).toBeVisible();
  await expect(page.getByLabel("E-mail address")).toHaveAccessibleDescription(/not a valid e-mail address/);
  await expect(page.getByLabel("E-mail address")).toHaveValue("not-an-address");
  await expect(page.getByText("Please choose at least one activity.")).toBeVisible();
  await expectNoA11yViolations(page);
});

test("the data download needs a volunteer session", async ({ request }) => {
  expect((await request.get("/profile/export")).status()).toBe(401);
});

test.describe("registration without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("shows translated errors next to the fields, keeps everything typed, then registers", async ({ page, outbox }) => {
    const email = `nojs.${unique()}@example.net`;
    const registration = new RegistrationPage(page);
    await registration.goto();
    await expect(page.getByLabel("Sprache suchen")).toHaveCount(0);
    await registration.fill(maja({ email, phone: "030 1234567", consent: false }));
    await page.getByLabel("Vorname").fill("<script>alert(1)</script>");
    await page.locator("summary", { hasText: "Weitere Sprachen" }).click();
    await page.getByLabel("Isländisch", { exact: true }).check();
    await registration.submit();

    await expect(page.getByText("Bitte prüfen Sie die markierten Angaben. Es wurde noch nichts gespeichert.")).toBeVisible();
    await expect(page.getByLabel("Vorname")).toHaveAccessibleDescription(/nur Buchstaben/);
    await expect(page.getByLabel("Handynummer")).toHaveAccessibleDescription(/keine Handynummer/);
    await expect(page.getByText("Ohne Ihr Einverständnis können wir Sie nicht registrieren.")).toBeVisible();
    // everything typed is kept
    await expect(page.getByLabel("Vorname")).toHaveValue("<script>alert(1)</script>");
    await expect(page.getByLabel("E-Mail-Adresse")).toHaveValue(email);
    await expect(page.getByLabel("Handynummer")).toHaveValue("030 1234567");
    await expect(page.getByLabel("Fahrdienst")).toBeChecked();
    await expect(page.getByLabel("Samstag, Abend")).toBeChecked();
    await expect(page.getByLabel("Isländisch", { exact: true })).toBeChecked();
    await expect(page.getByLabel("Ich habe einen Führerschein")).toBeChecked();
    // (axe needs JavaScript; the same error page is checked with axe in the 320 px test)

    await page.getByLabel("Vorname").fill("Maja");
    await page.getByLabel("Handynummer").fill("0151 2345 6789");
    await page.getByLabel(/Ich bin einverstanden/).check();
    await registration.submit();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fast geschafft – bitte bestätigen");

    await registration.confirmEmail(outbox, email);
  });
});
