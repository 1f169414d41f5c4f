import { expect, expectNoA11yViolations, expectNoHorizontalScroll, RESPONSE_LINK, test } from "../fixtures";
import { NoticePreferencesPage } from "../pages/notice-preferences";
import { nextWeekAt, RequestFormPage } from "../pages/request-form";

/**
 * Issue 12, "nobody misses a withdrawal": a coordinator chooses in "Meine Benachrichtigungen" to
 * be told by e-mail and SMS (a bad number first gets a field error, without JavaScript too), sends
 * a request, a helper accepts and withdraws from the outbox links, and the coordinator's notice —
 * with the link to the board — is in the outbox.
 */
const COORDINATOR = "meldungen@example.org"; // a demo coordinator only this file signs in
const MOBILE = "+4917612398745";
const SUMMARY = "Das hat nicht geklappt. Bitte prüfen Sie die markierten Felder.";

test.describe.configure({ mode: "serial" });
test.use({ coordinatorEmail: COORDINATOR });

test("a coordinator chooses notices, a helper withdraws, and the coordinator is told with a board link", async ({ coordinator: page, browser, helperPhone, outbox, scheduler }) => {
  test.setTimeout(150_000);

  // without JavaScript: a bad number gets a field error, keeps what was typed and stores nothing
  const plain = await browser.newContext({ javaScriptEnabled: false, locale: "de-DE" });
  await plain.addCookies(await page.context().cookies());
  const noJs = await NoticePreferencesPage.open(await plain.newPage());
  await noJs.bySms.check();
  await noJs.phone.fill("0151 12");
  await noJs.save();
  await expect(noJs.page.getByText(SUMMARY)).toBeVisible();
  await expect(noJs.page.getByRole("link", { name: "Handynummer für SMS" })).toHaveAttribute("href", "#notice-phone");
  await expect(noJs.page.getByText("Bitte geben Sie eine gültige Handynummer ein")).toBeVisible();
  await expect(noJs.phone).toHaveValue("0151 12");
  await expect(noJs.phone).toHaveAttribute("aria-invalid", "true");
  await plain.close();

  // with JavaScript, found through the navigation: defaults shown, the error announced and focused
  const prefs = await NoticePreferencesPage.openFromNavigation(page);
  await expect(prefs.event("Eine Person zieht ihre Zusage zurück")).toBeChecked();
  await expect(prefs.event("Eine Anfrage ist kurz vor Beginn noch nicht besetzt")).toBeChecked();
  await expect(prefs.event("Eine Anfrage ist besetzt")).not.toBeChecked();
  await expect(prefs.bySms).not.toBeChecked();
  await expectNoA11yViolations(page);
  await prefs.bySms.check();
  await prefs.save();
  await expect(page.getByText("Für SMS brauchen wir Ihre Handynummer.")).toBeVisible();
  // the summary takes the focus; its link leads into the field
  await expect(page.locator(":focus")).toContainText(SUMMARY);
  await page.getByRole("link", { name: "Handynummer für SMS" }).click();
  await expect(prefs.phone).toBeFocused();
  await expectNoA11yViolations(page);
  await prefs.phone.fill("0176 123 98745");
  await prefs.event("Eine Anfrage ist besetzt").check();
  await prefs.save();
  await expect(page.getByText("Ihre Benachrichtigungen sind gespeichert.")).toBeVisible();
  await expectNoA11yViolations(page);
  await page.reload();
  await expect(prefs.phone).toHaveValue("+49 176 12398745");
  await expect(prefs.bySms).toBeChecked();
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoHorizontalScroll(page);
    await page.screenshot({ path: test.info().outputPath(`notifications-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // a request of this coordinator
  const form = await RequestFormPage.open(page);
  const title = `Meldung ${Date.now().toString(36)}`;
  await form.fill({ title, startsAt: nextWeekAt(10), endsAt: nextWeekAt(12), helpersNeeded: 2, emailOnly: true });
  await form.chooseActivityWithMatches(2);
  await form.send();
  const requestPath = new URL(page.url()).pathname;
  const [link] = await outbox.invitationLinks(title, 1);
  expect(link).toMatch(RESPONSE_LINK);
  const before = await outbox.ids(COORDINATOR);

  const phone = await helperPhone();
  await phone.answer(link, "Zusagen");
  await phone.answer(link, "Zusage zurückziehen");
  await expect(phone.yourAnswer).toHaveText("Zusage zurückgezogen");
  await phone.close();

  // the notice is in the outbox, with the link to the request's board; the SMS too
  const boardLink = await outbox.waitForLink(COORDINATOR, "coordinator-withdrawn", { pattern: /https?:\/\/\S+\/admin\/requests\/[0-9a-f-]{36}/, except: before });
  expect(new URL(boardLink).pathname).toBe(requestPath);
  const [mail] = await outbox.ofKind(COORDINATOR, "coordinator-withdrawn");
  expect(mail.subject).toBe(`Zusage zurückgezogen: ${title}`);
  expect(mail.body).toContain("Es fehlen jetzt 2 von 2 Helfer*innen.");
  const [sms] = await outbox.ofKind(MOBILE, "coordinator-withdrawn");
  expect(sms.body).toContain(title);
  expect(sms.body).toContain(requestPath);
  await scheduler.tick();
  await expect.poll(async () => (await outbox.ofKind(COORDINATOR, "coordinator-withdrawn"))[0].status).toBe("sent");

  // the link opens the board
  await page.goto(boardLink);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
});
