import { expect, expectNoA11yViolations, linkIn, RESPONSE_LINK, test } from "../fixtures";
import { RegistrationPage } from "../pages/registration";
import { RequestFormPage } from "../pages/request-form";
import { ResponsePage } from "../pages/response";

/**
 * Waves of 2: the first wave declines → the second wave is asked → it accepts and the request
 * fills → no third wave. Matching is made deterministic by a language no demo volunteer speaks
 * (Yoruba): only the four volunteers registered here match. Each step that waits for timed work
 * runs one scheduler tick (the cron route) and then asserts.
 */
test.describe.configure({ mode: "serial" });
// its own demo coordinator: no other spec signs in this address, so no link is taken by another test
test.use({ coordinatorEmail: "einsatz@example.org" });

const run = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
const emails = [1, 2, 3, 4].map((i) => `welle${i}.${run}@example.net`);

test("waves of 2: first wave declines → second wave is asked → fills → no third wave", async ({ coordinator: page, outbox, scheduler }) => {
  test.setTimeout(120_000);
  const registration = new RegistrationPage(page);
  for (const [i, email] of emails.entries()) {
    await registration.goto();
    await registration.fill({ firstName: `Welle${"ABCD"[i]}`, lastName: "Test", email, channel: "Per E-Mail", activities: ["Fahrdienst"], availability: ["Flexibel – fragen Sie mich jederzeit"] });
    await registration.chooseLanguageBySearch("Yoruba");
    await registration.submit();
    await expect(page).toHaveURL(/\/register\/sent/);
    await registration.confirmEmail(outbox, email);
  }

  const form = await RequestFormPage.open(page);
  await form.activity.selectOption({ label: "Fahrdienst" });
  await form.fill({ title: `Fahrt mit Yoruba ${run}`, helpersNeeded: 2 });
  await form.requireLanguages("any", "Yoruba");
  await form.askInWaves({ size: 2, intervalMinutes: 60 });
  const board = await form.send();
  await expect(page).toHaveURL(/\/admin\/requests\/[0-9a-f-]{36}\?sent=2$/);
  const boardUrl = page.url().split("?")[0];
  await expect(page.getByRole("heading", { name: "Wellen" })).toBeVisible();
  await expect(board.nextWave).toContainText("Nächste Welle:");
  await expect(board.waveList).toContainText("Welle 1:");
  await expectNoA11yViolations(page);

  // this request's invitations only: requests.spec.ts may ask the same (flexible, Fahrdienst) volunteers in parallel
  const invitations = async (email: string) => (await outbox.ofKind(email, "invitation")).filter((m) => m.subject?.includes(run));
  const invitationLink = async (email: string) => linkIn((await invitations(email))[0], RESPONSE_LINK);

  // exactly two of the four are asked in wave 1
  let first: string[] = [];
  await expect
    .poll(async () => {
      first = [];
      for (const e of emails) if (await invitationLink(e)) first.push(e);
      return first.length;
    })
    .toBe(2);
  const second = emails.filter((e) => !first.includes(e));
  for (const e of second) expect(await invitationLink(e)).toBeUndefined();

  // wave 1 declines: everyone of it has answered, so the next tick sends wave 2 (not after 60 minutes)
  const helper = new ResponsePage(page);
  for (const e of first) await helper.answer((await invitationLink(e))!, "Absagen");
  await scheduler.tick();
  for (const e of second) await expect.poll(() => invitationLink(e)).toBeTruthy();

  // wave 2 accepts: the request fills
  for (const e of second) await helper.answer((await invitationLink(e))!, "Zusagen");
  await page.goto(boardUrl);
  await expect(board.waveList).toContainText("Welle 2:");
  await expect(board.nextWave).toHaveText("Keine weitere Welle geplant.");
  await expectNoA11yViolations(page);

  // no third wave: nobody else is asked, however often the timed work runs
  await scheduler.tick();
  await scheduler.tick();
  await page.reload();
  await expect(board.waveList).not.toContainText("Welle 3");
  for (const e of emails) expect(await invitations(e)).toHaveLength(1);
});
