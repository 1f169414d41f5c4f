import type { Page } from "@playwright/test";
import { expect, expectNoA11yViolations, expectNoHorizontalScroll, linkIn, RESPONSE_LINK, test, type Outbox } from "../fixtures";
import { RegistrationPage } from "../pages/registration";
import { RequestFormPage } from "../pages/request-form";

/**
 * Issue 12, the whole journey: a coordinator sends a request for three days ahead on the first
 * try, two helpers accept from their outbox links, the coordinator moves its time; one helper
 * keeps their seat, the other withdraws; the coordinator's notice is in the outbox and the next
 * matching volunteer is asked by itself; finally the coordinator cancels with a reason and the
 * helper who stayed gets it by SMS. Matching is made deterministic by a language no demo
 * volunteer speaks and no other spec uses (Wolof): only the three volunteers registered here match.
 */
test.describe.configure({ mode: "serial" });
const COORDINATOR = "sprachen@example.org"; // seeded; notices for the requests they create go by e-mail
test.use({ coordinatorEmail: COORDINATOR });

const run = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
const REASON = `Der Termin entfällt ${run}`;

/** A wall-clock time `days` ahead, as the datetime-local inputs take it. */
function daysAheadAt(days: number, hour: number) {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

type Helper = { name: string; email: string; e164: string };

/** Registers a volunteer for Fahrdienst who speaks Wolof, with e-mail and a confirmed mobile number. */
async function register(page: Page, outbox: Outbox, name: string): Promise<Helper> {
  const email = `${name.toLowerCase()}.${run}@example.net`;
  const phone = `0151 ${String(Math.floor(10_000_000 + Math.random() * 89_999_999))}`;
  const e164 = `+49${phone.replace(/\D/g, "").slice(1)}`;
  const registration = new RegistrationPage(page);
  await registration.goto();
  await registration.fill({ firstName: name, lastName: "Test", email, phone, channel: "Per SMS und E-Mail", activities: ["Fahrdienst"], availability: ["Flexibel – fragen Sie mich jederzeit"] });
  await registration.chooseLanguageBySearch("Wolof");
  await registration.submit();
  await expect(page).toHaveURL(/\/register\/sent/);
  await registration.confirmEmail(outbox, email);
  await page.goto(await outbox.waitForLink(e164, "confirm-phone"));
  await page.getByRole("button", { name: "Bestätigen" }).click();
  await expect(page.getByText("Danke! Ihre Handynummer ist bestätigt.")).toBeVisible();
  return { name, email, e164 };
}

test("a request from start to finish: sent on the first try, moved, kept and withdrawn, the next asked, cancelled with a reason", async ({ coordinator: page, helperPhone, outbox, scheduler }) => {
  test.setTimeout(240_000);
  const helpers: Helper[] = [];
  for (const name of ["Awa", "Binta", "Cheikh"]) helpers.push(await register(page, outbox, name));
  const title = `Ablauf Wolof ${run}`;

  // sent for three days ahead on the first try: only the start typed, the end follows it
  const form = await RequestFormPage.open(page);
  await form.activity.selectOption({ label: "Fahrdienst" });
  await form.fill({ title, place: "Marktplatz 3", helpersNeeded: 2 });
  await page.getByLabel("Beginn").fill(daysAheadAt(3, 10));
  await expect(page.getByLabel("Ende")).toHaveValue(daysAheadAt(3, 12));
  await form.requireLanguages("any", "Wolof");
  await page.getByLabel("Höchstens so viele anfragen (optional)").fill("2");
  await expect.poll(() => form.shownMatches()).toBe(3);
  await form.send();
  await expect(page).toHaveURL(/\?sent=2$/);
  const boardUrl = page.url().split("?")[0];
  await scheduler.tick();

  const invitationsOf = async (h: Helper) => (await outbox.ofKind(h.email, "invitation")).filter((m) => m.subject?.includes(title));
  const asked: Helper[] = [];
  await expect
    .poll(async () => {
      asked.length = 0;
      for (const h of helpers) if ((await invitationsOf(h)).length) asked.push(h);
      return asked.length;
    })
    .toBe(2);
  const [keeper, leaver] = asked;
  const next = helpers.find((h) => !asked.includes(h))!;
  const linkOf = async (h: Helper) => linkIn((await invitationsOf(h))[0], RESPONSE_LINK)!;
  const keeperPage = await helperPhone();
  const leaverPage = await helperPhone();
  await keeperPage.answer(await linkOf(keeper), "Zusagen");
  await leaverPage.answer(await linkOf(leaver), "Zusagen");

  // the coordinator moves the time by two hours
  await page.goto(boardUrl);
  await page.getByRole("link", { name: "Bearbeiten" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Anfrage bearbeiten" })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.getByLabel("Beginn").fill(daysAheadAt(3, 12));
  await expect(page.getByLabel("Ende")).toHaveValue(daysAheadAt(3, 14));
  await page.getByRole("button", { name: "Änderungen speichern und mitteilen" }).click();
  await expect(page.getByText("Gespeichert. 2 Helfer*innen mit Zusage werden benachrichtigt.")).toBeVisible();

  // both are told and asked whether they can still come: one keeps, the other withdraws
  for (const [h, p] of [[keeper, keeperPage], [leaver, leaverPage]] as const) {
    await p.open(await outbox.waitForLink(h.email, "request-changed", { pattern: RESPONSE_LINK }));
    await expect(p.page.getByText("Die Zeit hat sich geändert")).toBeVisible();
    await expect(p.button("Zusage zurückziehen")).toBeVisible();
  }
  await expectNoHorizontalScroll(keeperPage.page);
  await expectNoA11yViolations(keeperPage.page);
  await keeperPage.page.getByRole("button", { name: "Ja, ich komme weiterhin" }).click();
  await expect(keeperPage.page.getByText("Danke! Sie sind auch zur neuen Zeit dabei.")).toBeVisible();
  await expect(keeperPage.yourAnswer).toHaveText("zugesagt");

  const noticesBefore = await outbox.ids(COORDINATOR);
  await leaverPage.press("Zusage zurückziehen");
  await expect(leaverPage.yourAnswer).toHaveText("Zusage zurückgezogen");
  await expectNoA11yViolations(leaverPage.page);
  await scheduler.tick();

  // the coordinator is told, with the link to the board …
  const boardLink = await outbox.waitForLink(COORDINATOR, "coordinator-withdrawn", { pattern: /https?:\/\/\S+\/admin\/requests\/[0-9a-f-]{36}/, except: noticesBefore });
  expect(new URL(boardLink).pathname).toBe(new URL(boardUrl).pathname);
  const notice = (await outbox.ofKind(COORDINATOR, "coordinator-withdrawn")).find((m) => m.subject?.includes(title));
  expect(notice?.subject).toBe(`Zusage zurückgezogen: ${title}`);
  // … and the one matching volunteer not yet asked is asked now; nobody twice
  await expect.poll(async () => (await invitationsOf(next)).length).toBe(1);
  expect(await invitationsOf(keeper)).toHaveLength(1);
  expect(await invitationsOf(leaver)).toHaveLength(1);

  // cancelled with a reason: the helper who stayed gets it by SMS
  await page.goto(boardUrl);
  const cancel = page.locator("form").filter({ has: page.getByRole("button", { name: "Anfrage absagen" }) });
  await cancel.getByLabel(/^Grund/).fill(REASON);
  await cancel.getByLabel("Ja, diese Anfrage wirklich absagen").check();
  await cancel.getByRole("button", { name: "Anfrage absagen" }).click();
  await expect(page.getByTestId("cancellation")).toContainText(`Grund: ${REASON}`);
  await expect.poll(async () => (await outbox.ofKind(keeper.e164, "request-cancelled")).map((m) => m.body).join("\n")).toContain(`Grund: ${REASON}`);
  // the one who withdrew is not told again
  expect(await outbox.ofKind(leaver.e164, "request-cancelled")).toHaveLength(0);
  await keeperPage.open(await linkOf(keeper));
  await expect(keeperPage.page.getByTestId("state-cancelled")).toContainText(REASON);
  await keeperPage.close();
  await leaverPage.close();
});

test("a request saved as a template starts the next one: listed on the new-request page, prefilled, deleted", async ({ coordinator: page }) => {
  test.setTimeout(120_000);
  const title = `Vorlage Wolof ${run}`;
  const form = await RequestFormPage.open(page);
  await form.activity.selectOption({ label: "Fahrdienst" });
  await form.fill({ title, place: "Bahnhof, Gleis 1", helpersNeeded: 2, emailOnly: true });
  await page.getByLabel("Bitte mitbringen").fill("Warnweste");
  await form.requireLanguages("any", "Wolof");
  await form.send();

  const save = page.getByTestId("save-template");
  const name = `Bahnhofsdienst ${run}`;
  await save.getByLabel("Name der Vorlage").fill(name);
  await save.getByRole("button", { name: "Als Vorlage speichern" }).click();
  await expect(save.getByText(`Als Vorlage „${name}“ gespeichert.`)).toBeVisible();
  // the same name again: refused with a field error
  await save.getByRole("button", { name: "Als Vorlage speichern" }).click();
  await expect(save.getByText("Es gibt schon eine Vorlage mit diesem Namen.")).toBeVisible();
  await expectNoA11yViolations(page);

  await RequestFormPage.open(page);
  await expectNoA11yViolations(page);
  await page.getByRole("link", { name: `Vorlage „${name}“ verwenden` }).click();
  await expect(page.getByTestId("template-notice")).toContainText(name);
  await expect(page.getByLabel("Titel")).toHaveValue(title);
  await expect(page.getByLabel("Ort (Adresse)")).toHaveValue("Bahnhof, Gleis 1");
  await expect(page.getByLabel("Wie viele Helfer*innen?")).toHaveValue("2");
  await expect(page.getByLabel("Bitte mitbringen")).toHaveValue("Warnweste");
  await expect(page.getByLabel("Nur E-Mail")).toBeChecked();
  await expect(page.getByLabel("Tätigkeit").locator("option:checked")).toHaveText("Fahrdienst");
  await expect(page.getByLabel("Beginn")).toHaveValue(/T09:00$/);
  await expectNoA11yViolations(page);
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoHorizontalScroll(page);
    await page.screenshot({ path: test.info().outputPath(`templates-${width}.png`) });
  }

  await page.getByRole("button", { name: `Vorlage „${name}“ löschen` }).click();
  await expect(page.getByRole("link", { name: `Vorlage „${name}“ verwenden` })).toHaveCount(0);
});
