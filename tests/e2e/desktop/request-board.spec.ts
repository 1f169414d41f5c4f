import { expect, expectNoA11yViolations, expectNoHorizontalScroll, RESPONSE_LINK, test, linkIn } from "../fixtures";
import { nextWeekAt, RequestFormPage } from "../pages/request-form";

/**
 * The status board on the day: a coordinator sends a request, a helper accepts from the SMS in
 * the development outbox, and the board — never reloaded — lists them under "Zugesagt" with a
 * click-to-call link (tel: in E.164), their e-mail and the time of the answer. Without
 * JavaScript the "Aktualisieren" link shows the next answer. The audit page then reads in words.
 */

test.describe.configure({ mode: "serial" });

let title = "";

test.describe("the coordinator's board", () => {
  test.use({ coordinatorEmail: "sprachen@example.org" }); // a seeded demo coordinator no other spec signs in

  test("shows the accepted helper with a tel: link and the answer time, live and without JavaScript", async ({ coordinator: page, helperPhone, outbox, browser }, testInfo) => {
    test.setTimeout(150_000);
    const form = await RequestFormPage.open(page);
    title = `Tafel ${Date.now().toString(36)}`;
    await form.fill({ title, startsAt: nextWeekAt(10), endsAt: nextWeekAt(12), helpersNeeded: 3 });
    await form.chooseActivityWithMatches(6);
    const board = await form.send();
    await expect(board.progress).toContainText("0 von 3 Zusagen");
    await expect(page.getByTestId("board-still-needed")).toHaveText("Noch gesucht: 3 von 3");

    // an SMS invitation: its recipient is the helper's number, in E.164
    let sms: { recipient: string; link: string }[] = [];
    await expect
      .poll(async () => {
        const found = (await outbox.messages(undefined, 500)).filter((m) => m.kind === "invitation" && m.channel === "sms" && m.body?.includes(title));
        sms = found.map((m) => ({ recipient: m.recipient!, link: linkIn(m, RESPONSE_LINK)! })).filter((m) => m.link);
        return sms.length;
      })
      .toBeGreaterThanOrEqual(2);
    const [first, second] = sms;
    expect(first.recipient).toMatch(/^\+\d{8,15}$/);

    const phone = await helperPhone();
    await phone.open(first.link);
    await phone.press("Zusagen");
    await expect(phone.page.getByText("Danke, Sie sind dabei!")).toBeVisible();
    await phone.close();

    // the board was never reloaded: the helper moves to "Zugesagt", with their number to call
    const accepted = page.getByTestId("group-accepted");
    await expect(accepted.getByRole("heading", { name: "Zugesagt (1)" })).toBeVisible({ timeout: 15_000 });
    const call = accepted.locator(`a[href="tel:${first.recipient}"]`);
    await expect(call).toBeVisible();
    await expect(call).toContainText("Anrufen:");
    await expect(accepted.getByTestId("person-answer")).toHaveText(/^Zugesagt am \d{2}\.\d{2}\.\d{2}, \d{2}:\d{2} per Web-Link$/);
    // the name leads to the volunteer's page in the directory
    await expect(accepted.getByRole("link").first()).toHaveAttribute("href", /^\/admin\/volunteers\/[0-9a-f-]{36}$/);
    // the timeline: asked, the SMS, the answer
    await accepted.getByText(/^Verlauf \(\d+\)$/).click();
    const timeline = accepted.getByTestId("person-timeline");
    await expect(timeline).toContainText("Angefragt (Welle 1)");
    await expect(timeline).toContainText("Anfrage per SMS");
    await expect(timeline).toContainText("Zugesagt per Web-Link");
    await expect(page.getByTestId("board-still-needed")).toHaveText("Noch gesucht: 2 von 3");
    await expectNoA11yViolations(page);

    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await expectNoHorizontalScroll(page);
      // the contact is a large touch target
      expect((await call.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      // for the reviewer: how the board looks on a small phone and on a desktop
      await testInfo.attach(`board-${width}px`, { body: await page.screenshot({ fullPage: true, path: testInfo.outputPath(`board-${width}.png`) }), contentType: "image/png" });
    }

    // the same board without JavaScript: the "Aktualisieren" link shows the next answer
    const noJs = await browser.newContext({ storageState: await page.context().storageState(), javaScriptEnabled: false, locale: "de-DE", timezoneId: "Europe/Berlin" });
    const plain = await noJs.newPage();
    await plain.goto(page.url().replace(/\?.*$/, ""));
    await expect(plain.getByTestId("group-accepted").getByRole("heading")).toHaveText("Zugesagt (1)");
    const other = await helperPhone();
    await other.open(second.link);
    await other.press("Zusagen");
    await expect(other.page.getByText("Danke, Sie sind dabei!")).toBeVisible();
    await other.close();
    await plain.getByRole("link", { name: "Aktualisieren" }).click();
    await expect(plain.getByTestId("group-accepted").getByRole("heading")).toHaveText("Zugesagt (2)");
    await expect(plain.getByTestId("group-accepted").locator(`a[href="tel:${second.recipient}"]`)).toBeVisible();
    await noJs.close();
  });
});

test.describe("the audit page in words", () => {
  test.use({ coordinatorEmail: "verwaltung@example.org" }); // the demo admin

  test("names the actions, the helper and the request instead of keys and ids", async ({ coordinator: page }) => {
    // serial: the board journey above sent the request this page must name (it fails, never skips, without it)
    expect(title, "the board journey above must run first").not.toBe("");
    await page.goto("/admin/audit");
    const table = page.getByRole("table");
    await expect(table.getByRole("row").filter({ hasText: "Eine Helferin/ein Helfer über den Antwortlink" }).filter({ hasText: `zu „${title}“` }).first()).toContainText("Zugesagt");
    await expect(table.getByRole("row").filter({ hasText: `Anfrage „${title}“` }).filter({ hasText: "Anfrage gesendet" })).toHaveCount(1);
    await expect(table).not.toContainText("invitation.accept");
    await expectNoA11yViolations(page);

    // the dashboard's feed speaks the same words (other journeys may have written the newest entries)
    await page.goto("/admin");
    const names = await page.getByTestId("activity-item").locator("span.font-semibold").allTextContents();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).not.toMatch(/^[a-z_]+\.[a-z_]+$/);
    await expectNoA11yViolations(page);
  });
});
