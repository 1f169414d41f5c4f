import { expect, expectNoA11yViolations, expectNoHorizontalScroll, test } from "../fixtures";
import { nextWeekAt, RequestFormPage } from "../pages/request-form";

const ADMIN = "admin@example.org";
const CONFIRM_LINK = /https?:\/\/\S+\/confirm\/[A-Za-z0-9_-]{43}/;

test.describe.configure({ mode: "serial" });
test.use({ coordinatorEmail: ADMIN });

/**
 * 20 volunteers as an organisation keeps them (German Excel: ; and Windows-1252 would do too),
 * all speaking Faroese — a language no demo volunteer speaks, so the request preview counts
 * exactly the imported ones who confirmed — plus two rows with problems.
 */
function volunteerList(run: string) {
  const lines = ["Vorname;Nachname;E-Mail;Handy;Tätigkeiten;Sprachen;Verfügbarkeit"];
  for (let i = 1; i <= 20; i++) lines.push(`Person${"abcdefghijklmnopqrst"[i - 1]};Import;import-${run}-${i}@example.org;;Fahrdienst;Färöisch;flexibel`);
  lines.push(`Kaputt;Adresse;keine-adresse;;Fahrdienst;Färöisch;flexibel`);
  lines.push(`Doppelt;Import;import-${run}-1@example.org;;Fahrdienst;Färöisch;flexibel`);
  return lines.join("\r\n") + "\r\n";
}

async function faroeseDrivers(form: RequestFormPage): Promise<number> {
  await form.fill({ title: "Fahrt zur Ausländerbehörde", startsAt: nextWeekAt(10), endsAt: nextWeekAt(12), helpersNeeded: 1 });
  await form.requireLanguages("any", "Färöisch");
  const answered = form.page.waitForResponse((r) => new URL(r.url()).pathname === "/api/admin/requests/preview" && r.request().url().includes("activityId="));
  await form.activity.selectOption({ label: "Fahrdienst" });
  const { matches } = (await (await answered).json()) as { matches: number | null };
  await expect.poll(() => form.shownMatches()).toBe(matches ?? 0);
  return form.shownMatches();
}

test("an admin imports 20 volunteers (dry run, then import); one confirms from the outbox and can then be asked", async ({ coordinator: page, browser, outbox, scheduler }, testInfo) => {
  const run = Date.now().toString(36);
  const shot = async (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  // nobody speaking Faroese can be asked before the import
  expect(await faroeseDrivers(await RequestFormPage.open(page))).toBe(0);

  await page.goto("/admin/volunteers");
  await page.getByRole("link", { name: "Importieren (CSV/XLSX)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ehrenamtliche importieren" })).toBeVisible();
  await expectNoA11yViolations(page);
  await shot("import-upload-desktop");

  // a wrong file first: a clear report, nothing imported
  await page.getByLabel("Datei").setInputFiles({ name: "liste.xls", mimeType: "application/vnd.ms-excel", buffer: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]) });
  await page.getByRole("button", { name: "Hochladen und prüfen" }).click();
  await expect(page.getByTestId("import-file-error")).toContainText("keine CSV- oder XLSX-Datei");
  await expect(page.getByLabel("Datei")).toBeFocused();
  await expectNoA11yViolations(page);

  await page.getByLabel("Datei").setInputFiles({ name: "ehrenamtliche.csv", mimeType: "text/csv", buffer: Buffer.from(volunteerList(run), "utf8") });
  await page.getByRole("button", { name: "Hochladen und prüfen" }).click();

  // step 2: the columns were suggested from the headers
  await expect(page.getByRole("heading", { name: "Schritt 2: Spalten zuordnen" })).toBeVisible();
  await expect(page.getByLabel("E-Mail", { exact: true })).toHaveValue("2");
  await expect(page.getByLabel("Tätigkeiten")).toHaveValue("4");
  await expect(page.getByLabel("Name (Vor- und Nachname in einer Spalte)")).toHaveValue("");
  await expectNoA11yViolations(page);
  await shot("import-mapping-desktop");
  await page.getByRole("button", { name: "Zuordnung übernehmen und prüfen" }).click();

  // step 3: the dry run
  await expect(page.getByTestId("import-summary")).toHaveText("22 Zeilen: 20 in Ordnung, 2 mit Problemen");
  await expect(page.getByTestId("import-by-problem")).toContainText("E-Mail ungültig: 1");
  await expect(page.getByTestId("import-by-problem")).toContainText("doppelt in der Datei: 1");
  await expect(page.getByTestId("import-problem-rows")).toContainText("Zeile 23 · Doppelt Import: doppelt in der Datei");
  await expectNoA11yViolations(page);
  await shot("import-dry-run-desktop");
  await page.setViewportSize({ width: 320, height: 800 });
  await expectNoHorizontalScroll(page);
  await shot("import-dry-run-320");
  await page.setViewportSize({ width: 1280, height: 800 });

  // step 4: import only the valid rows
  await page.getByLabel(/Nur die fehlerfreien Zeilen importieren/).check();
  await page.getByRole("button", { name: "20 Ehrenamtliche importieren" }).click();
  await expect(page.getByTestId("import-done")).toHaveText("20 Ehrenamtliche angelegt, 20 Einladungen verschickt, 2 Zeilen übersprungen. Die Datei ist gelöscht.");
  await expectNoA11yViolations(page);

  // imported, but pending: still nobody to ask
  expect(await faroeseDrivers(await RequestFormPage.open(page))).toBe(0);

  // one of them confirms and consents, on a phone, from the link in the (development) outbox
  await scheduler.tick();
  const link = await outbox.waitForLink(`import-${run}-7@example.org`, "import-invite", { pattern: CONFIRM_LINK });
  const phone = await browser.newContext({ viewport: { width: 320, height: 720 }, locale: "de-DE", hasTouch: true, isMobile: true });
  const volunteer = await phone.newPage();
  await volunteer.goto(link);
  await expect(volunteer.getByText("hat Ihre Angaben aus der bisherigen Liste der Ehrenamtlichen übernommen")).toBeVisible();
  await expectNoA11yViolations(volunteer);
  await expectNoHorizontalScroll(volunteer);
  await volunteer.screenshot({ path: testInfo.outputPath("import-confirm-320.png"), fullPage: true });
  await volunteer.getByRole("checkbox").check();
  await volunteer.getByRole("button", { name: "Bestätigen und einwilligen" }).click();
  await expect(volunteer.getByText("Danke! Ihre E-Mail-Adresse ist bestätigt.")).toBeVisible();
  await phone.close();

  // now exactly that one can be asked
  expect(await faroeseDrivers(await RequestFormPage.open(page))).toBe(1);
});
