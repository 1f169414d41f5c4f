import { expect, expectNoA11yViolations, expectNoHorizontalScroll, RESPONSE_LINK, test } from "../fixtures";
import { RequestFormPage } from "../pages/request-form";

/**
 * A request changes after it went out: the coordinator sends one for three days ahead on the
 * first try (the end follows the start), a helper accepts from the outbox and sees the briefing,
 * the coordinator moves the time, and the helper is told and asked whether they can still come —
 * and keeps their seat with one tap.
 */

test.use({ coordinatorEmail: "sprachen@example.org" }); // seeded with the demo data

/** A wall-clock time `days` ahead, as the datetime-local inputs take it. */
function daysAheadAt(days: number, hour: number) {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

test("a coordinator moves the time of a sent request and the accepted helper keeps their seat", async ({ coordinator: page, helperPhone, outbox }) => {
  test.setTimeout(120_000);
  const form = await RequestFormPage.open(page);
  const title = `Umzug ${Date.now().toString(36)}`;
  await form.fill({ title, place: "Lindenweg 4", helpersNeeded: 1, emailOnly: true });
  // only the start is typed: the end follows it (the default is tomorrow 09:00–11:00)
  await page.getByLabel("Beginn").fill(daysAheadAt(3, 10));
  await expect(page.getByLabel("Ende")).toHaveValue(daysAheadAt(3, 12));
  await page.getByLabel("Treffpunkt").fill("Hinterhof, Tor 2");
  await form.chooseActivityWithMatches(1);
  await form.send();
  await expect(page).toHaveURL(/\?sent=\d+/);

  const invitation = (await outbox.messages(undefined, 500)).find((m) => m.kind === "invitation" && m.body?.includes(title));
  expect(invitation?.body).not.toContain("Hinterhof"); // the briefing is for those who accepted
  const link = invitation!.body!.match(RESPONSE_LINK)![0];
  const phone = await helperPhone();
  await phone.open(link);
  await phone.press("Zusagen");
  await expect(phone.page.getByText("Danke, Sie sind dabei!")).toBeVisible();
  await expect(phone.page.getByTestId("briefing")).toContainText("Hinterhof, Tor 2");

  // the coordinator moves the start by two hours; the end moves along
  await page.getByRole("link", { name: "Bearbeiten" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Anfrage bearbeiten" })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.getByLabel("Beginn").fill(daysAheadAt(3, 12));
  await expect(page.getByLabel("Ende")).toHaveValue(daysAheadAt(3, 14));
  await page.getByRole("button", { name: "Änderungen speichern und mitteilen" }).click();
  await expect(page.getByText("Gespeichert. 1 Helfer*in mit Zusage wird benachrichtigt.")).toBeVisible();

  // the helper is told (with the link to answer) and asked whether they can still come
  const changedLink = await outbox.waitForLink(invitation!.recipient!, "request-changed", { pattern: RESPONSE_LINK });
  expect(changedLink).toBe(link);
  await phone.open(changedLink);
  await expect(phone.page.getByText("Die Zeit hat sich geändert")).toBeVisible();
  await expect(phone.page.getByRole("button", { name: "Zusage zurückziehen" })).toBeVisible();
  await expectNoHorizontalScroll(phone.page);
  await expectNoA11yViolations(phone.page);
  await phone.page.getByRole("button", { name: "Ja, ich komme weiterhin" }).click();
  await expect(phone.page.getByText("Danke! Sie sind auch zur neuen Zeit dabei.")).toBeVisible();
  await expect(phone.page.getByRole("button", { name: "Ja, ich komme weiterhin" })).toHaveCount(0);
  await expect(phone.yourAnswer).toHaveText("zugesagt");
  await expect(phone.page.getByText(/12:00/)).toBeVisible();
  await phone.close();
});
