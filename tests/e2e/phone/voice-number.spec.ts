import { expect, expectNoA11yViolations, expectNoHorizontalScroll, test } from "../fixtures";
import { ManagePage, RegistrationPage } from "../pages/registration";

/**
 * Issue 18, voice calls: a signed-in volunteer adds a landline for calls in the profile, gets the
 * code call (read from the development outbox: what the call says) and confirms the number with
 * the code; then stops calls and switches them on again.
 */
test("a volunteer adds a number for calls and confirms it with the code from the call", async ({ page, outbox }) => {
  test.setTimeout(120_000);
  const unique = Date.now().toString(36);
  const email = `karl.${unique}@example.net`;
  const registration = new RegistrationPage(page);
  await registration.goto();
  await registration.fill({ firstName: "Karl", lastName: "Festnetz", email, channel: "Per E-Mail", activities: ["Kleiderladen"], availability: ["Flexibel – fragen Sie mich jederzeit"] });
  await registration.submit();
  await registration.confirmEmail(outbox, email);
  const manage = new ManagePage(page);
  await manage.requestLink(email);
  await manage.signInWith(await outbox.waitForLink(email, "sign-in"));

  const card = page.locator("section, div").filter({ has: page.getByRole("heading", { level: 2, name: "Anrufe" }) }).last();
  await expect(page.getByRole("heading", { level: 2, name: "Anrufe" })).toBeVisible();
  // a typo is refused next to the field, what was typed stays
  const number = page.getByLabel("Telefonnummer für Anrufe");
  await number.fill("030 12");
  await page.getByRole("button", { name: "Nummer speichern und Code-Anruf erhalten" }).click();
  await expect(page.getByText("Bitte geben Sie eine gültige Telefonnummer ein")).toBeVisible();
  await expect(page.getByLabel(/Telefonnummer für Anrufe/)).toHaveValue("030 12");

  const landline = `+4930${String(Date.now()).slice(-7)}`;
  await page.getByLabel(/Telefonnummer für Anrufe/).fill(landline);
  await page.getByRole("button", { name: "Nummer speichern und Code-Anruf erhalten" }).click();
  await expect(page.getByText("Wir rufen Sie gleich an und lesen Ihnen den Code vor.")).toBeVisible();
  await expect(page.getByTestId("voice-number")).toContainText("noch nicht bestätigt");

  // what the call says, as the development outbox shows it
  let digits = "";
  await expect
    .poll(async () => {
      const [call] = await outbox.ofKind(landline, "confirm-voice");
      digits = call?.body?.match(/(\d, \d, \d, \d, \d, \d)/)?.[1] ?? "";
      return call?.channel === "voice" ? digits : "";
    })
    .toMatch(/\d/);
  await page.setViewportSize({ width: 320, height: 900 });
  await expectNoHorizontalScroll(page);
  await card.screenshot({ path: test.info().outputPath("voice-code-pending-320.png") });
  await expectNoHorizontalScroll(page);
  await expectNoA11yViolations(page);

  await page.getByLabel("Code aus dem Anruf").fill("000000" === digits.replace(/, /g, "") ? "111111" : "000000");
  await page.getByRole("button", { name: "Code bestätigen" }).click();
  await expect(page.getByText("Der Code stimmt nicht.")).toBeVisible();
  await page.getByLabel("Code aus dem Anruf").fill(digits.replace(/, /g, ""));
  await page.getByRole("button", { name: "Code bestätigen" }).click();
  await expect(page.getByText("Die Nummer ist bestätigt.")).toBeVisible();
  await expect(page.getByTestId("voice-number")).toContainText("Wir rufen Sie an unter");

  await page.getByRole("button", { name: "Keine Anrufe mehr" }).click();
  await expect(page.getByText("Sie bekommen keine Anrufe mehr.")).toBeVisible();
  await expect(page.getByTestId("voice-number")).toContainText("Sie haben Anrufe abbestellt.");
  await page.getByRole("button", { name: "Anrufe wieder einschalten" }).click();
  await expect(page.getByText("Anrufe sind wieder eingeschaltet.")).toBeVisible();
  await card.screenshot({ path: test.info().outputPath("voice-confirmed-320.png") });
  await page.setViewportSize({ width: 1280, height: 900 });
  await card.screenshot({ path: test.info().outputPath("voice-confirmed-desktop.png") });
  await expect(card).toBeVisible();
  await expectNoA11yViolations(page);
});
