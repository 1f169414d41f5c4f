import { readFileSync } from "node:fs";
import { pdfText } from "../../helpers/pdf-text";
import { expect, expectNoA11yViolations, expectNoHorizontalScroll, test } from "../fixtures";

/**
 * Issue 14, the volunteer's side: "my commitments" on /profile with the confirmed hours, and the
 * certificate of volunteering as a PDF. Helga Beispiel is a demo volunteer with confirmed hours
 * (db/seed-demo-history.ts).
 */
const EMAIL = "helga.beispiel@example.net";

function berlinDay(offsetDays: number) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date(Date.now() + offsetDays * 86_400_000));
}

test.describe.configure({ mode: "serial" });

test("a volunteer sees their commitments and downloads their certificate", async ({ page, outbox }) => {
  test.setTimeout(90_000);
  await page.goto("/manage");
  await page.getByLabel("E-Mail-Adresse oder Handynummer").fill(EMAIL);
  await page.getByRole("button", { name: "Link schicken" }).click();
  await expect(page.getByText("Bitte schauen Sie in Ihr Postfach oder auf Ihr Handy")).toBeVisible();
  await page.goto(await outbox.waitForLink(EMAIL, "sign-in"));
  await page.getByRole("button", { name: "Anmelden" }).click();
  // the demo history's helper agreed to an older consent text: the renewal step comes first
  // (the profile sends her on to /profile/consent; the address bar may show /profile first, so wait
  // for what the page shows rather than for the URL)
  const agree = page.getByRole("button", { name: "Ich stimme zu" });
  const mine = page.getByRole("heading", { name: "Meine Einsätze" });
  await expect(agree.or(mine)).toBeVisible({ timeout: 30_000 });
  if (await agree.isVisible()) await agree.click();
  await expect(mine).toBeVisible({ timeout: 30_000 });
  await expect(page).toHaveURL(/\/profile(\?consent=renewed)?$/);
  await expect(page.getByTestId("commitments-total")).toHaveText(/Bestätigte Stunden insgesamt: [1-9]/);
  await expect(page.getByTestId("commitments").last().getByText("Teilgenommen").first()).toBeVisible();
  // everything Helga did is over: nothing is listed as coming up
  await expect(page.getByText("Zurzeit haben Sie keinen Einsatz zugesagt.")).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectNoA11yViolations(page);

  // an end before the start is refused next to the field, the dates stay
  const form = page.getByTestId("certificate-form");
  await form.getByLabel("Von", { exact: true }).fill(berlinDay(-1));
  await form.getByLabel("Bis einschließlich").fill(berlinDay(-30));
  await page.getByRole("button", { name: "Nachweis herunterladen (PDF)" }).click();
  await expect(page.getByText("Das Ende liegt vor dem Beginn.")).toBeVisible();
  await expect(form.getByLabel("Bis einschließlich")).toHaveValue(berlinDay(-30));
  await expectNoA11yViolations(page);

  await form.getByLabel("Von", { exact: true }).fill(berlinDay(-365));
  await form.getByLabel("Bis einschließlich").fill(berlinDay(0));
  await form.getByLabel("Sprache des Nachweises").selectOption("de");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Nachweis herunterladen (PDF)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^ehrenamtsnachweis-Beispiel-Helga-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.pdf$/);
  const { text } = await pdfText(readFileSync((await download.path())!));
  const flat = text.replace(/\s+/g, " ");
  expect(flat).toContain("Bescheinigung über ehrenamtliches Engagement");
  expect(flat).toContain("Hiermit bestätigen wir, dass Helga Beispiel sich vom");
  expect(flat).toMatch(/Bestätigte Stunden: \d/);
  expect(flat).toContain("Unterschrift und Stempel, für Helferkreis Musterstadt");
});
