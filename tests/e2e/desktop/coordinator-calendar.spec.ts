import { expect, expectNoA11yViolations, expectNoHorizontalScroll, test } from "../fixtures";
import { RequestFormPage } from "../pages/request-form";

/**
 * Issue 15: the coordinator calendar. A week view as a table with how full each request is, the
 * month view, the activity filter (a GET form, no JavaScript needed), and at 320 px the list view.
 */
test.use({ coordinatorEmail: "einsatz@example.org" });

function daysAheadAt(days: number, hour: number) {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

test("a coordinator opens the calendar: week table, month, activity filter, list on a phone", async ({ coordinator: page }) => {
  test.setTimeout(120_000);
  const title = `Kalender ${Date.now().toString(36)}`;
  const start = daysAheadAt(2, 10);
  const form = await RequestFormPage.open(page);
  await form.fill({ title, helpersNeeded: 4, emailOnly: true, startsAt: start });
  await form.activity.selectOption({ label: "Kleiderladen" });
  await form.send();

  await page.getByRole("navigation", { name: "Koordination" }).getByRole("link", { name: "Kalender" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Kalender" })).toBeVisible();
  const day = start.slice(0, 10);
  await page.goto(`/admin/calendar?view=week&date=${day}`);
  const table = page.getByTestId("calendar-table");
  await expect(table).toBeVisible();
  await expect(table.getByRole("columnheader")).toHaveCount(7);
  const entry = table.getByTestId("calendar-entry").filter({ hasText: title });
  await expect(entry).toContainText("0 von 4 zugesagt");
  await expect(entry).toHaveAttribute("data-fill", "empty");
  await expectNoA11yViolations(page);

  // the month view and the filter, through the plain GET form
  await page.getByLabel("Ansicht").selectOption("month");
  await page.getByLabel("Tätigkeit").selectOption({ label: "Fahrdienst" });
  await page.getByRole("button", { name: "Anzeigen" }).click();
  await expect(page).toHaveURL(/view=month/);
  await expect(table.getByRole("row")).not.toHaveCount(2);
  await expect(table.getByText(title)).toHaveCount(0);
  await page.getByLabel("Tätigkeit").selectOption({ label: "Kleiderladen" });
  await page.getByRole("button", { name: "Anzeigen" }).click();
  await expect(table.getByTestId("calendar-entry").filter({ hasText: title })).toBeVisible();
  await expectNoA11yViolations(page);
  // the link leads to the request's board
  await table.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();

  // a phone: the same entries as a list, no horizontal scrolling at 320 px
  await page.setViewportSize({ width: 320, height: 720 });
  await page.goto(`/admin/calendar?view=month&date=${day}`);
  await expect(page.getByTestId("calendar-table")).toBeHidden();
  await expect(page.getByTestId("calendar-list").getByText(title)).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectNoA11yViolations(page);
});
