import { expect, expectNoA11yViolations, expectNoHorizontalScroll, test } from "../fixtures";
import { nextWeekAt, RequestFormPage } from "../pages/request-form";

/**
 * The heart of Helferruf, end to end: a coordinator sends a request, three helpers accept on
 * their phones from the development outbox, the board shows "filled" without a reload, and a
 * fourth helper is told it is already filled. Opening links (GET/HEAD) changes nothing.
 */

// One coordinator signs in for both tests: run them one after the other so neither takes the
// other's sign-in link (the admin journey in admin.spec.ts signs in admin@example.org meanwhile).
test.describe.configure({ mode: "serial" });
test.use({ coordinatorEmail: "koordination@example.org" }); // seeded with the demo data

test("a coordinator sends a request and it stops at exactly three helpers", async ({ coordinator: page, helperPhone, outbox, request }) => {
  test.setTimeout(120_000);
  const form = await RequestFormPage.open(page);

  const title = `Fahrt ${Date.now().toString(36)}`;
  await form.fill({ title, place: "Ausländerbehörde, Hauptstr. 1", startsAt: nextWeekAt(9), endsAt: nextWeekAt(11), helpersNeeded: 3, emailOnly: true });
  // languages, channels and conditions change the count; flexible and slot-bound volunteers both count
  await form.chooseActivityWithMatches(4);
  await expect(form.smsInfo).toContainText("SMS");
  await expectNoA11yViolations(page);

  const board = await form.send();
  await expect(page).toHaveURL(/\/admin\/requests\/[0-9a-f-]{36}\?sent=\d+/);
  await expect(board.progress).toContainText("0 von 3 Zusagen");
  // the tab names the request, so several open boards can be told apart
  await expect(page).toHaveTitle(`${title} · Helferruf`);
  await expectNoA11yViolations(page);

  const links = await outbox.invitationLinks(title, 4);
  const asked = Number(await board.count("asked").textContent());
  expect(asked).toBe(links.length);

  // GET and HEAD (mail scanners, link previews) change nothing
  for (const link of links) {
    expect((await request.head(link)).status()).toBe(200);
    expect((await request.get(`${link}?answer=accept`)).status()).toBe(200);
  }
  // the board's next poll, started after all of them, still shows nobody answered
  expect((await board.nextPoll()).counts).toMatchObject({ noAnswer: asked, accepted: 0 });
  await expect(board.count("noAnswer")).toHaveText(String(asked));
  await expect(board.count("accepted")).toHaveText("0");

  for (const link of links.slice(0, 3)) {
    const phone = await helperPhone();
    await phone.open(link, "accept");
    await expect(phone.page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(phone.yourAnswer).toHaveText("noch keine");
    await expectNoHorizontalScroll(phone.page);
    await expectNoA11yViolations(phone.page);
    await phone.press("Zusagen");
    await expect(phone.page.getByText("Danke, Sie sind dabei!")).toBeVisible();
    await expect(phone.yourAnswer).toHaveText("zugesagt");
    await expect(phone.page.getByRole("link", { name: /Kalender/ })).toBeVisible();
    await expectNoA11yViolations(phone.page);
    await phone.close();
  }

  // the board, never reloaded, shows the request filled
  await expect(board.status).toHaveText("besetzt", { timeout: 15_000 });
  await expect(board.progress).toContainText("3 von 3 Zusagen");
  await expect(board.count("accepted")).toHaveText("3");

  const late = await helperPhone();
  await late.open(links[3], "accept");
  await expect(late.page.getByText("Es haben sich schon genug Helfer*innen gemeldet")).toBeVisible();
  await expect(late.button("Zusagen")).toHaveCount(0);
  await expectNoA11yViolations(late.page);
  await late.close();

  await page.goto("/admin/requests?tab=filled");
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await expectNoA11yViolations(page);
});

test("a helper declines, changes their mind and withdraws without JavaScript; a tampered link is calmly not valid", async ({ coordinator: page, helperPhone, outbox }) => {
  test.setTimeout(120_000);
  const form = await RequestFormPage.open(page);
  const title = `Begleitung ${Date.now().toString(36)}`;
  await form.fill({ title, startsAt: nextWeekAt(14), endsAt: nextWeekAt(16), helpersNeeded: 2, emailOnly: true });
  await form.chooseActivityWithMatches(4);
  await form.send();
  const [link] = await outbox.invitationLinks(title, 4);

  // the response page works before (here: without) JavaScript: plain form posts
  const phone = await helperPhone({ javaScript: false });
  await phone.open(link, "decline");
  await expect(phone.page.getByText("Absage bestätigen")).toBeVisible();
  // the pre-selected answer is the first button, in the DOM (keyboard, scanners) and on screen
  const buttons = phone.page.locator("form").filter({ has: phone.button("Absagen") }).getByRole("button");
  await expect(buttons).toHaveText(["Absagen", "Zusagen"]);
  const [decline, accept] = [await phone.button("Absagen").boundingBox(), await phone.button("Zusagen").boundingBox()];
  expect(decline!.y).toBeLessThan(accept!.y);
  await phone.press("Absagen");
  await expect(phone.yourAnswer).toHaveText("abgesagt");
  await phone.press("Zusagen");
  await expect(phone.yourAnswer).toHaveText("zugesagt");
  await expect(phone.stillNeeded).toHaveText("1 von 2");
  await phone.press("Zusage zurückziehen");
  await expect(phone.yourAnswer).toHaveText("Zusage zurückgezogen");
  await expect(phone.stillNeeded).toHaveText("2 von 2");
  // (axe needs JavaScript; the same page is checked with JavaScript in the journey above)
  await phone.close();

  const stranger = await helperPhone();
  const tampered = link.slice(0, -1) + (link.endsWith("A") ? "B" : "A");
  const res = await stranger.open(tampered);
  expect(res?.status()).toBe(404);
  await expect(stranger.page.getByRole("heading", { name: "Dieser Link ist nicht (mehr) gültig" })).toBeVisible();
  await expect(stranger.page.getByText(title)).toHaveCount(0);
  await expectNoA11yViolations(stranger.page);
  await stranger.close();

  // the dashboard lists the request as open, with how full it is
  await page.goto("/admin");
  const open = page.getByTestId("open-requests");
  await expect(open.getByRole("link", { name: title })).toBeVisible();
  await expect(open).toContainText("0 von 2 zugesagt");
  await expectNoA11yViolations(page);
});
