import { expect, expectNoA11yViolations, expectNoHorizontalScroll, linkIn, test } from "../fixtures";

/**
 * Issue 15, shift plans: a coordinator creates a three-slot plan in one form (a wrong slot is
 * refused next to its row first; a fourth row is added and removed again), the matching
 * volunteers get ONE message for the whole plan, and a helper picks two slots on a phone from
 * that message's link (without JavaScript: the taps are plain form posts). axe on every new page.
 */
const SHIFT_LINK = /https?:\/\/\S+\/s\/[A-Za-z0-9_-]{22}\b/;

function dayAhead(days: number) {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

test("the plan form adds and removes slot rows without JavaScript", async ({ coordinator: page, browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  const plain = await context.newPage();
  await plain.goto("/admin/shifts/new");
  await expect(plain.getByTestId("slot-row")).toHaveCount(3);
  await plain.getByLabel("Titel").fill("Ohne JavaScript");
  await plain.locator("#slot-1-start").fill("10:00");
  await plain.getByRole("button", { name: "Weitere Schicht" }).click();
  await expect(plain.getByTestId("slot-row")).toHaveCount(4);
  await expect(plain.getByLabel("Titel")).toHaveValue("Ohne JavaScript");
  await expect(plain.locator("#slot-1-start")).toHaveValue("10:00");
  await plain.getByRole("button", { name: "Schicht 1 entfernen" }).click();
  await expect(plain.getByTestId("slot-row")).toHaveCount(3);
  // the second row moved up
  await expect(plain.locator("#slot-0-start")).toHaveValue("10:00");
  await context.close();
});

test("a coordinator creates a three-slot plan and a helper picks two slots on a phone", async ({ coordinator: page, outbox, scheduler, helperPhone }) => {
  test.setTimeout(120_000);
  const title = `Kleiderladen ${Date.now().toString(36)}`;

  await page.goto("/admin/shifts");
  await expect(page.getByRole("heading", { level: 1, name: "Schichtpläne" })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.getByRole("link", { name: "Neuer Schichtplan" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Neuer Schichtplan" })).toBeVisible();
  await expect(page.getByTestId("slot-row")).toHaveCount(3);
  await expectNoA11yViolations(page);

  await page.getByLabel("Titel").fill(title);
  await page.getByLabel("Tag", { exact: true }).fill(dayAhead(12));
  await page.getByLabel("Ort").fill("Gemeindehaus, Kirchweg 2");
  const row = (i: number) => ({
    start: page.locator(`#slot-${i}-start`),
    end: page.locator(`#slot-${i}-end`),
    activity: page.locator(`#slot-${i}-activityId`),
    needed: page.locator(`#slot-${i}-helpersNeeded`),
  });
  const slots: [string, string, number][] = [
    ["09:00", "11:00", 2],
    ["11:00", "13:00", 2],
    ["13:00", "11:30", 1], // wrong: ends before it starts
  ];
  for (const [i, [start, end, needed]] of slots.entries()) {
    await row(i).start.fill(start);
    await row(i).end.fill(end);
    await row(i).activity.selectOption({ label: "Kleiderladen" });
    await row(i).needed.fill(String(needed));
  }
  // a fourth row, and away again: the typed rows stay as they were
  await page.getByRole("button", { name: "Weitere Schicht" }).click();
  await expect(page.getByTestId("slot-row")).toHaveCount(4);
  await expect(row(1).start).toHaveValue("11:00");
  await page.getByRole("button", { name: "Schicht 4 entfernen" }).click();
  await expect(page.getByTestId("slot-row")).toHaveCount(3);
  await expect(row(2).activity).toHaveValue(/.+/);

  await page.getByRole("button", { name: "Anlegen und Freiwillige fragen" }).click();
  const summary = page.getByText("Bitte prüfen Sie die markierten Angaben.");
  await expect(summary).toBeVisible();
  await expect(page.locator("#slot-2-end-error")).toHaveText("Das Ende muss nach dem Beginn liegen.");
  await expect(row(2).end).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Titel")).toHaveValue(title);
  await expectNoA11yViolations(page);
  await row(2).end.fill("15:00");
  await page.getByRole("button", { name: "Anlegen und Freiwillige fragen" }).click();

  // the overview: three slots × filled, each with a link to its board
  await expect(page).toHaveURL(/\/admin\/shifts\/[0-9a-f-]{36}\?sent=[1-9]\d*$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId("plan-slot")).toHaveCount(3);
  await expect(page.getByTestId("slot-filled")).toHaveText(["0 von 2", "0 von 2", "0 von 1"]);
  await expectNoA11yViolations(page);
  const overview = page.url().replace(/\?.*$/, "");

  // ONE message per volunteer for the whole plan; take an e-mail that lists the two morning slots
  await scheduler.tick();
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        const mails = (await outbox.messages(undefined, 500)).filter((m) => m.kind === "shift-invitation" && m.channel === "email" && m.subject?.includes(title));
        const both = mails.find((m) => m.body?.includes("09:00–11:00") && m.body?.includes("11:00–13:00"));
        link = linkIn(both, SHIFT_LINK);
        return link;
      },
      { timeout: 15_000 },
    )
    .toBeTruthy();

  const helper = (await helperPhone()).page;
  await helper.goto(link!);
  await expect(helper.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(helper.getByTestId("my-count")).toHaveText("Sie haben noch keine Schicht übernommen.");
  await expectNoA11yViolations(helper);
  await expectNoHorizontalScroll(helper);
  const slotIn = (p: typeof helper, time: string) => p.getByTestId("slot").filter({ hasText: time });
  await slotIn(helper, "09:00–11:00").getByRole("button", { name: /Übernehmen/ }).click();
  await expect(helper.getByTestId("pick-outcome")).toHaveAttribute("data-outcome", "accepted");
  await expect(slotIn(helper, "09:00–11:00")).toHaveAttribute("data-state", "accepted");

  // the second tap on the same phone without JavaScript: the taps are plain form posts
  const plain = (await helperPhone({ javaScript: false })).page;
  await plain.goto(link!);
  await slotIn(plain, "11:00–13:00").getByRole("button", { name: /Übernehmen/ }).click();
  await expect(plain.getByTestId("pick-outcome")).toHaveAttribute("data-outcome", "accepted");
  await expect(slotIn(plain, "11:00–13:00")).toHaveAttribute("data-state", "accepted");
  await expect(plain.getByTestId("my-count")).toHaveText("Sie haben 2 Schichten übernommen.");

  // reloading the page (a GET) changes nothing and tells the truth
  await helper.reload();
  await expect(helper.getByTestId("my-count")).toHaveText("Sie haben 2 Schichten übernommen.");
  await expect(slotIn(helper, "11:00–13:00")).toHaveAttribute("data-state", "accepted");
  await expect(slotIn(helper, "09:00–11:00").getByRole("button", { name: /Zusage zurückziehen/ })).toBeVisible();
  await expectNoA11yViolations(helper);
  await expectNoHorizontalScroll(helper);
  await helper.screenshot({ path: test.info().outputPath("shift-page-phone.png"), fullPage: true });

  // the coordinator's overview counts them
  await page.goto(overview);
  await expect(page.getByTestId("slot-filled")).toHaveText(["1 von 2", "1 von 2", "0 von 1"]);
});
