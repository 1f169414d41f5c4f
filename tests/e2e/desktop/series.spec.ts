import { expect, expectNoA11yViolations, expectNoHorizontalScroll, RESPONSE_LINK, test } from "../fixtures";
import { RequestFormPage } from "../pages/request-form";
import { SeriesFormPage } from "../pages/series-form";

/**
 * A weekly series: the coordinator sets up six Tuesdays-like dates (every week from three days
 * ahead), previews them, creates the series and reads its overview; the first date is within the
 * lead time, so its matching volunteers are asked at once. A helper says "every time" on a phone
 * and appears as a regular helper; the coordinator ends the series and the helper is told.
 */

test.use({ coordinatorEmail: "meldungen@example.org" }); // a seeded demo coordinator no other spec signs in

const pad = (n: number) => String(n).padStart(2, "0");
function daysAhead(days: number) {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

test("a coordinator creates a weekly series, sees its overview, a helper commits every time, and ending the series tells them", async ({ coordinator: page, helperPhone, outbox }) => {
  test.setTimeout(150_000);
  const first = daysAhead(3);
  // which activity has a matching demo volunteer at that time (the demo data is random): the request form's live count says
  const probe = await RequestFormPage.open(page);
  await page.getByLabel("Beginn").fill(`${first}T10:00`);
  await probe.chooseActivityWithMatches(1);
  const activityId = await probe.activity.inputValue();

  await page.goto("/admin/requests");
  await page.getByRole("link", { name: "Serien", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Serien" })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.getByRole("link", { name: "Serie anlegen" }).click();
  const form = new SeriesFormPage(page);
  await expect(page.getByRole("heading", { level: 1, name: "Neue Serie" })).toBeVisible();
  await expectNoA11yViolations(page);

  // a series without an end is refused at the field, and what was typed stays
  const title = `Deutschkurs ${Date.now().toString(36)}`;
  await form.fill({ activityId, title, place: "Gemeindehaus", helpersNeeded: 2, firstDate: first, startTime: "10:00", endTime: "12:00", count: 500 });
  await page.getByRole("button", { name: "Serie anlegen" }).click();
  await expect(page.getByText("So ergeben sich zu viele Termine. Erlaubt sind höchstens 104.")).toBeVisible();
  await expect(page.getByLabel("Titel")).toHaveValue(title);
  await expectNoA11yViolations(page);

  await page.getByLabel("Anzahl der Termine").fill("6");
  await form.preview();
  await expect(page.getByTestId("series-preview").locator("li")).toHaveCount(6);
  await expect(page.getByTestId("series-total")).toHaveText("6 Termine insgesamt.");
  await form.create();

  // the overview: six dates × filled, each linking to its board
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText("Die Serie ist angelegt: 6 Termine.")).toBeVisible();
  const rows = page.getByTestId("series-occurrences").locator("tbody tr");
  await expect(rows).toHaveCount(6);
  await expect(rows.first()).toContainText("0 von 2");
  await expect(rows.nth(1)).toContainText("wird angefragt ab");
  await expectNoA11yViolations(page);
  await expectNoHorizontalScroll(page);
  const overviewUrl = page.url();

  // a helper of the first date says "every time"
  const invitation = (await outbox.messages(undefined, 500)).find((m) => m.kind === "invitation" && m.body?.includes(title));
  expect(invitation).toBeTruthy();
  const link = invitation!.body!.match(RESPONSE_LINK)![0];
  const phone = await helperPhone();
  await phone.open(link);
  await expect(phone.page.getByTestId("every-time")).toBeVisible();
  await expectNoA11yViolations(phone.page);
  await phone.page.getByRole("button", { name: "Jedes Mal zusagen" }).click();
  await expect(phone.page.getByText(/Sie haben „jedes Mal“ zugesagt/)).toBeVisible();
  await expect(phone.page.getByRole("button", { name: "Dauerzusage beenden" })).toBeVisible();
  await expectNoHorizontalScroll(phone.page);
  await expectNoA11yViolations(phone.page);

  await page.goto(overviewUrl);
  await expect(rows.first()).toContainText("1 von 2");
  await expect(page.getByTestId("series-regulars").locator("li")).toHaveCount(1);
  // the board of the first date knows its series
  await rows.first().getByRole("link", { name: /Stand/ }).click();
  await expect(page.getByTestId("board-series")).toContainText("Termin 1 der Serie");
  await page.getByRole("link", { name: "Zur Serie" }).click();

  // ending the series cancels every date still to come; the regular helper is told
  await page.getByLabel("Grund (optional, geht an die Helfer*innen)").fill("Kurs fällt aus");
  await page.getByLabel("Ja, die Serie beenden").check();
  await page.getByRole("button", { name: "Serie beenden" }).click();
  await expect(page.getByText(/Die Serie ist beendet: 6 Termine abgesagt/)).toBeVisible();
  await expect.poll(async () => (await outbox.ofKind(invitation!.recipient!, "request-cancelled")).some((m) => m.body?.includes("Kurs fällt aus"))).toBe(true);
  await page.goto(overviewUrl);
  await expect(rows.first()).toContainText("ausgefallen");
});
