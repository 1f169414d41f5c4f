import { expect, expectNoA11yViolations, expectNoHorizontalScroll, test } from "../fixtures";
import { nextWeekAt, RequestFormPage } from "../pages/request-form";

test.describe.configure({ mode: "serial" });
test.use({ coordinatorEmail: "verwaltung@example.org" }); // the demo admin: kinds of qualification are an admin's

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * Issue 16, a coordinator's record of a volunteer: a kind of qualification, an entry "seen in the
 * original" that expires soon (the expiring list, the directory filter, a request that requires it),
 * an internal note and a tag (filterable in the directory). Errors stand at their field with focus.
 */
test("an admin records a qualification, a note and a tag on a volunteer; the directory and the request form use them", async ({ coordinator: page }, testInfo) => {
  const run = Date.now().toString(36);
  const kind = `Erste-Hilfe-Kurs ${run}`;
  const tag = `Springer ${run}`;
  const shot = async (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  // the kinds of qualification: an empty name is refused at the field
  await page.goto("/admin/volunteers");
  await page.getByRole("link", { name: "Nachweise und Ablaufdaten" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Nachweise" })).toBeVisible();
  await expectNoA11yViolations(page);
  const newType = page.locator("form").filter({ has: page.getByRole("button", { name: "Nachweis-Art anlegen" }) });
  await newType.getByLabel("Gültig für (Monate)").fill("24");
  await newType.getByRole("button", { name: "Nachweis-Art anlegen" }).click();
  await expect(newType.getByLabel("Name", { exact: true })).toBeFocused();
  await expect(newType.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(newType.getByLabel("Gültig für (Monate)")).toHaveValue("24");
  await newType.getByLabel("Name", { exact: true }).fill(kind);
  await newType.getByRole("button", { name: "Nachweis-Art anlegen" }).click();
  await expect(page.getByText("Nachweis-Art angelegt.")).toBeVisible();
  const typeCard = page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3, name: kind }) });
  await expect(typeCard).toContainText("24 Monate");
  await expect(typeCard).toContainText("niemand mit gültigem Nachweis");
  await shot("qualification-types-desktop");

  // a volunteer's page
  await page.goto("/admin/volunteers");
  const person = page.locator("table tbody tr a").first();
  const name = (await person.textContent())!.trim();
  await person.click();
  await page.waitForURL(/\/admin\/volunteers\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("qualification-form")).toBeVisible();
  const volunteerUrl = page.url();

  // a qualification without "seen in the original" is refused there; the rest stays typed
  const record = page.getByTestId("qualification-form");
  await record.getByLabel("Nachweis", { exact: true }).selectOption({ label: kind });
  await record.getByLabel("Ausgestellt am").fill(isoDay(-700));
  await record.getByLabel("Gültig bis (optional)").fill(isoDay(10));
  await record.getByRole("button", { name: "Nachweis eintragen" }).click();
  await expect(record.getByRole("checkbox", { name: "Ich habe den Nachweis im Original gesehen." })).toBeFocused();
  await expect(record.getByLabel("Gültig bis (optional)")).toHaveValue(isoDay(10));
  await expect(record.getByLabel("Nachweis", { exact: true })).toHaveValue(/.+/);
  await record.getByRole("checkbox", { name: "Ich habe den Nachweis im Original gesehen." }).check();
  await record.getByRole("button", { name: "Nachweis eintragen" }).click();
  await expect(page.getByText("Nachweis eingetragen.")).toBeVisible();
  await expect(page.getByTestId("qualifications")).toContainText(`${kind}: ausgestellt am`);
  await expect(page.getByTestId("qualifications")).toContainText("(läuft bald ab)");

  // an empty note is refused at the field; a note is kept with its author
  const noteBody = page.getByLabel("Neue Notiz");
  await page.getByRole("button", { name: "Notiz hinzufügen" }).click();
  await expect(noteBody).toBeFocused();
  await noteBody.fill(`Kann nur vormittags, bitte vorher anrufen (${run}).`);
  await page.getByRole("button", { name: "Notiz hinzufügen" }).click();
  await expect(page.getByText("Notiz gespeichert.")).toBeVisible();
  await expect(page.getByTestId("notes")).toContainText(`bitte vorher anrufen (${run})`);
  await expect(page.getByTestId("notes")).toContainText("verwaltung@example.org");

  // a tag
  await page.getByLabel("Schlagwort hinzufügen").fill(tag);
  await page.getByRole("button", { name: "Hinzufügen", exact: true }).click();
  await expect(page.getByText("Schlagwort hinzugefügt.")).toBeVisible();
  await expect(page.getByTestId("tags")).toContainText(tag);
  await expectNoA11yViolations(page);
  await shot("volunteer-record-desktop");
  await page.setViewportSize({ width: 320, height: 720 });
  await expectNoHorizontalScroll(page);
  await shot("volunteer-record-320");
  await page.setViewportSize({ width: 1280, height: 800 });

  // the directory filters by the tag and by the qualification: exactly this person
  await page.goto("/admin/volunteers");
  await page.getByLabel("Schlagwort").selectOption({ label: tag });
  await page.getByRole("button", { name: "Filtern" }).click();
  await expect(page.locator("table tbody tr")).toHaveCount(1);
  await expect(page.locator("table tbody tr").first()).toContainText(name);
  await page.goto("/admin/volunteers");
  await page.getByLabel("Nachweis (heute gültig)").selectOption({ label: kind });
  await page.getByRole("button", { name: "Filtern" }).click();
  await expect(page.locator("table tbody tr")).toHaveCount(1);
  await expect(page.locator("table tbody tr").first()).toContainText(name);

  // the expiring list shows the entry
  await page.goto("/admin/volunteers/qualifications");
  await expect(page.getByTestId("expiring-row").filter({ hasText: kind })).toContainText("läuft bald ab");
  await expectNoA11yViolations(page);
  await shot("qualifications-expiring-desktop");

  // a request requiring it counts only people who hold it on the day
  const form = await RequestFormPage.open(page);
  await form.fill({ title: `Erste Hilfe beim Sommerfest ${run}`, startsAt: nextWeekAt(10), endsAt: nextWeekAt(12), helpersNeeded: 1 });
  await form.chooseActivityWithMatches(1);
  const required = page.getByLabel("Nur mit gültigem Nachweis");
  const qualificationId = await required.locator("option", { hasText: kind }).getAttribute("value");
  const answered = page.waitForResponse((r) => {
    const url = new URL(r.url());
    return url.pathname === "/api/admin/requests/preview" && url.searchParams.get("requiredQualificationId") === qualificationId;
  });
  await required.selectOption(qualificationId!);
  const { matches } = (await (await answered).json()) as { matches: number | null };
  expect(matches ?? 0).toBeLessThanOrEqual(1);
  await expect.poll(() => form.shownMatches()).toBe(matches ?? 0);
  await expect(page.getByText(`Gezählt sind nur Freiwillige mit gültigem Nachweis „${kind}“ am Tag des Einsatzes.`)).toBeVisible();

  // removing the entry takes the person out of the qualification filter again
  await page.goto(volunteerUrl);
  await page.getByRole("button", { name: `Nachweis „${kind}“ entfernen` }).click();
  await expect(page.getByRole("button", { name: `Nachweis „${kind}“ entfernen` })).toHaveCount(0);
  await expect(page.getByTestId("qualifications")).not.toContainText(`${kind}: ausgestellt am`);
});
