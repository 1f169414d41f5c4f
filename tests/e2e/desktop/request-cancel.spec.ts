import { expect, expectNoA11yViolations, linkIn, RESPONSE_LINK, test } from "../fixtures";
import { RegistrationPage } from "../pages/registration";
import { RequestFormPage } from "../pages/request-form";
import { ResponsePage } from "../pages/response";

/**
 * Cancel with a reason (confirmation step) reaches the accepted helper's SMS and response page;
 * a helper's withdrawal asks the next volunteer by itself. Matching is made deterministic by a
 * language no demo volunteer speaks and no other spec uses (Lingala): only the volunteers
 * registered here match. Timed work (sending) runs by Scheduler.tick.
 */
test.describe.configure({ mode: "serial" });
// its own demo coordinator: no other spec signs in this address
test.use({ coordinatorEmail: "sprachen@example.org" });

const run = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
const REASON = `Die Familie hat abgesagt ${run}`;

async function register(page: RegistrationPage, outbox: Parameters<RegistrationPage["confirmEmail"]>[0], v: { firstName: string; email: string; phone?: string }) {
  await page.goto();
  await page.fill({ firstName: v.firstName, lastName: "Test", email: v.email, phone: v.phone, channel: v.phone ? "Per SMS und E-Mail" : "Per E-Mail", activities: ["Fahrdienst"], availability: ["Flexibel – fragen Sie mich jederzeit"] });
  await page.chooseLanguageBySearch("Lingala");
  await page.submit();
  await expect(page.page).toHaveURL(/\/register\/sent/);
  await page.confirmEmail(outbox, v.email);
}

test("a coordinator cancels with a reason: the accepted helper's SMS and response page carry it", async ({ coordinator: page, outbox, scheduler }) => {
  test.setTimeout(120_000);
  const email = `absage.${run}@example.net`;
  const phone = `0151 ${String(Math.floor(10_000_000 + Math.random() * 89_999_999))}`;
  const e164 = `+49${phone.replace(/\D/g, "").slice(1)}`;
  const registration = new RegistrationPage(page);
  await register(registration, outbox, { firstName: "Absage", email, phone });
  await page.goto(await outbox.waitForLink(e164, "confirm-phone"));
  await page.getByRole("button", { name: "Bestätigen" }).click();
  await expect(page.getByText("Danke! Ihre Handynummer ist bestätigt.")).toBeVisible();

  const form = await RequestFormPage.open(page);
  await form.activity.selectOption({ label: "Fahrdienst" });
  await form.fill({ title: `Absage Lingala ${run}`, helpersNeeded: 2 });
  await form.requireLanguages("any", "Lingala");
  await form.send();
  const boardUrl = page.url().split("?")[0];
  await scheduler.tick();

  const invitation = (await outbox.ofKind(email, "invitation")).find((m) => m.subject?.includes(run));
  const link = linkIn(invitation, RESPONSE_LINK)!;
  const helper = new ResponsePage(page);
  await helper.answer(link, "Zusagen");

  // the confirmation step: the cancel form asks for the reason and a tick before it cancels
  await page.goto(boardUrl);
  const cancel = page.locator("form").filter({ has: page.getByRole("button", { name: "Anfrage absagen" }) });
  await cancel.getByLabel(/^Grund/).fill(REASON);
  await cancel.getByRole("button", { name: "Anfrage absagen" }).click();
  // not confirmed: nothing happened (the browser asks for the tick; the server would refuse too)
  await expect(page.getByTestId("cancellation")).toHaveCount(0);
  await cancel.getByLabel("Ja, diese Anfrage wirklich absagen").check();
  await cancel.getByRole("button", { name: "Anfrage absagen" }).click();
  await expect(page.getByTestId("cancellation")).toContainText(`Grund: ${REASON}`);
  await page.reload();
  await expect(page.getByTestId("cancellation")).toContainText("Abgesagt am");
  await expect(page.getByTestId("cancellation")).toContainText(`Grund: ${REASON}`);
  await expectNoA11yViolations(page);

  // the SMS carries the reason
  await expect.poll(async () => (await outbox.ofKind(e164, "request-cancelled")).map((m) => m.body).join("\n")).toContain(`Grund: ${REASON}`);

  // the response page says "cancelled" with the reason and no "still needed"
  await helper.open(link);
  await expect(page.getByTestId("state-cancelled")).toContainText("Dieser Einsatz wurde abgesagt.");
  await expect(page.getByTestId("state-cancelled")).toContainText(REASON);
  await expect(helper.stillNeeded).toHaveCount(0);
  await expectNoA11yViolations(page);
});

test("a helper withdraws and the next matching volunteer is asked", async ({ coordinator: page, outbox, scheduler }) => {
  test.setTimeout(120_000);
  const first = `zuerst.${run}@example.net`;
  const next = `danach.${run}@example.net`;
  const registration = new RegistrationPage(page);
  await register(registration, outbox, { firstName: "Zuerst", email: first });
  await register(registration, outbox, { firstName: "Danach", email: next });

  const form = await RequestFormPage.open(page);
  await form.activity.selectOption({ label: "Fahrdienst" });
  await form.fill({ title: `Nachrücken Lingala ${run}`, helpersNeeded: 1 });
  await form.requireLanguages("any", "Lingala");
  await page.getByLabel("Höchstens so viele anfragen (optional)").fill("1");
  await form.send();
  await scheduler.tick();

  const invitations = async (email: string) => (await outbox.ofKind(email, "invitation")).filter((m) => m.subject?.includes(`Nachrücken Lingala ${run}`));
  // exactly one of the two (and of the first test's helper) is asked
  let asked = "";
  await expect
    .poll(async () => {
      const found = [];
      for (const e of [first, next]) if ((await invitations(e)).length) found.push(e);
      asked = found[0] ?? "";
      return found.length;
    })
    .toBe(1);
  const other = asked === first ? next : first;
  const helper = new ResponsePage(page);
  const link = linkIn((await invitations(asked))[0], RESPONSE_LINK)!;
  await helper.answer(link, "Zusagen");
  await helper.answer(link, "Zusage zurückziehen");
  await scheduler.tick();

  // the seat reopened: the other one is asked now, and nobody twice
  await expect.poll(async () => (await invitations(other)).length).toBe(1);
  expect(await invitations(asked)).toHaveLength(1);
  const otherLink = linkIn((await invitations(other))[0], RESPONSE_LINK)!;
  await helper.open(otherLink);
  await expect(helper.stillNeeded).toContainText("1 von 1");
  await helper.press("Zusagen");
  await expect(helper.yourAnswer).toHaveText("zugesagt");
  await expect(helper.stillNeeded).toHaveCount(0);
});
