import { devices } from "@playwright/test";
import { expect, expectNoA11yViolations, expectNoHorizontalScroll, test } from "../fixtures";
import { RequestFormPage } from "../pages/request-form";
import { ManagePage, RegistrationPage } from "../pages/registration";

/**
 * Issue 15, the pull side on a phone: a coordinator posts a need; a volunteer who registered
 * afterwards (so was never asked) finds it under "Offene Einsätze" on the profile, accepts it
 * there, subscribes to their personal calendar feed and downloads it, then withdraws from
 * "Meine Einsätze" — the feed keeps the entry as cancelled.
 */
test.use({ coordinatorEmail: "einsatz@example.org" });

function daysAheadAt(days: number, hour: number) {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

test("a signed-in volunteer accepts an open need from the profile and downloads their calendar feed", async ({ coordinator: page, browser, baseURL, outbox }) => {
  test.setTimeout(180_000);
  const unique = Date.now().toString(36);
  const title = `Kleiderladen Samstag ${unique}`;
  const form = await RequestFormPage.open(page);
  await form.fill({ title, place: "Gemeindehaus", helpersNeeded: 5, emailOnly: true, startsAt: daysAheadAt(5, 10) });
  await form.activity.selectOption({ label: "Kleiderladen" });
  await form.send();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();

  const { defaultBrowserType: _ignored, ...pixel } = devices["Pixel 7"];
  const context = await browser.newContext({ ...pixel, locale: "de-DE", timezoneId: "Europe/Berlin" });
  await context.addCookies([{ name: "NEXT_LOCALE", value: "de", url: baseURL! }]);
  const phone = await context.newPage();
  const email = `pia.${unique}@example.net`;
  const registration = new RegistrationPage(phone);
  await registration.goto();
  await registration.fill({ firstName: "Pia", lastName: "Abholt", email, channel: "Per E-Mail", activities: ["Kleiderladen"], availability: ["Flexibel – fragen Sie mich jederzeit"] });
  await registration.submit();
  await expect(phone).toHaveURL(/\/register\/sent/);
  await registration.confirmEmail(outbox, email);
  const manage = new ManagePage(phone);
  await manage.requestLink(email);
  await manage.signInWith(await outbox.waitForLink(email, "sign-in"));

  // pull: the open needs that match, one tap to accept
  await phone.getByRole("link", { name: "Offene Einsätze ansehen" }).click();
  await expect(phone).toHaveURL(/\/profile\/open-needs$/);
  await expect(phone.getByRole("heading", { level: 1, name: "Offene Einsätze" })).toBeVisible();
  const card = phone.getByRole("listitem").filter({ has: phone.getByRole("heading", { name: title }) });
  await expect(card.getByText("Noch 5 Personen gesucht (von 5)")).toBeVisible();
  await expectNoHorizontalScroll(phone);
  await expectNoA11yViolations(phone);
  await card.getByRole("button", { name: /Ich helfe/ }).click();
  await expect(phone.getByTestId("open-need-outcome")).toHaveText("Vielen Dank! Sie haben zugesagt.");
  // it is theirs now: no longer among the open needs
  await expect(phone.getByRole("heading", { name: title })).toHaveCount(0);
  await expectNoA11yViolations(phone);
  // the confirmation went out as for a link tap
  await outbox.waitForLink(email, "confirmation");

  // my commitments and the calendar feed
  await phone.getByRole("link", { name: "Zurück zu meinem Profil" }).click();
  await expect(phone.getByTestId("commitments").first().getByText(title, { exact: true })).toBeVisible();
  await phone.getByRole("button", { name: "Kalender-Abo einrichten" }).click();
  await expect(phone.getByText("Ihre Kalenderadresse ist bereit.", { exact: false })).toBeVisible();
  const feedUrl = await phone.getByTestId("feed-url").inputValue();
  expect(feedUrl).toMatch(/\/calendar-feed\/[A-Za-z0-9_-]{43}\.ics$/);
  await expect(phone.getByTestId("feed-webcal")).toHaveAttribute("href", feedUrl.replace(/^https?:\/\//, "webcal://"));
  await expectNoHorizontalScroll(phone);
  await expectNoA11yViolations(phone);
  const [download] = await Promise.all([phone.waitForEvent("download"), phone.getByTestId("feed-download").click()]);
  expect(download.suggestedFilename()).toBe("helferruf.ics");
  const feed = await context.request.get(feedUrl);
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  const ics = await feed.text();
  expect(ics).toContain("BEGIN:VCALENDAR");
  expect(ics.replace(/\r\n /g, "")).toContain(`SUMMARY:${title}`);
  expect(ics).toContain("STATUS:CONFIRMED");

  // withdraw from my commitments: the feed keeps the entry as cancelled
  await phone.getByRole("button", { name: new RegExp(`^Zusage zurückziehen\\s*:\\s*${title}$`) }).click();
  await expect(phone.getByTestId("withdraw-outcome")).toContainText("Sie haben Ihre Zusage zurückgezogen.");
  expect(await (await context.request.get(feedUrl)).text()).toContain("STATUS:CANCELLED");

  // revoked: the address answers 404
  await phone.getByRole("button", { name: "Kalender-Abo beenden" }).click();
  await expect(phone.getByText("Das Kalender-Abo ist beendet.", { exact: false })).toBeVisible();
  expect((await context.request.get(feedUrl)).status()).toBe(404);
  await context.close();
});
