import { expect, expectNoA11yViolations, expectNoHorizontalScroll, test } from "../fixtures";
import { RequestFormPage } from "../pages/request-form";

/**
 * Issue 12 on a phone: a coordinator sends a request for three days ahead on the first try at
 * 320 px — the end follows the start, the live preview (with its SMS text and link) never makes
 * the page wider than the screen, and the board it leads to fits too.
 */
test.use({ coordinatorEmail: "einsatz@example.org", viewport: { width: 320, height: 720 } });

function daysAheadAt(days: number, hour: number) {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

test("a coordinator sends a request for three days ahead on the first try at 320 px", async ({ coordinator: page }) => {
  test.setTimeout(120_000);
  const form = await RequestFormPage.open(page);
  await expectNoHorizontalScroll(page);
  const title = `Telefon ${Date.now().toString(36)}`;
  await form.fill({ title, place: "Kirchstraße 12, Hinterhaus", helpersNeeded: 1, emailOnly: true });
  await page.getByLabel("Beginn").fill(daysAheadAt(3, 15));
  await expect(page.getByLabel("Ende")).toHaveValue(daysAheadAt(3, 17));
  await form.chooseActivityWithMatches(1);
  // the preview has loaded (match count and message texts): still no horizontal scroll
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: test.info().outputPath("request-form-320.png"), fullPage: true });
  await expectNoA11yViolations(page);
  await form.send();
  await expect(page).toHaveURL(/\?sent=[1-9]\d*$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: test.info().outputPath("board-320.png"), fullPage: true });
});
