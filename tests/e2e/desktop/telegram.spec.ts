import type { APIRequestContext } from "@playwright/test";
import { chooseLanguage, expect, expectNoA11yViolations, expectNoHorizontalScroll, test } from "../fixtures";
import { ManagePage, RegistrationPage } from "../pages/registration";
import { RequestFormPage } from "../pages/request-form";

/**
 * Issue 18, Telegram: a volunteer connects Telegram from the profile (the deep link's token, sent
 * by "Telegram" as /start to the app's webhook), a coordinator's request reaches them there with
 * buttons, the button accepts, and the board says "per Telegram". Telegram's side is played by
 * webhook POSTs with the secret header; the bot's messages land in the fake Bot API
 * (tests/fakes/serve-fake-telegram.ts), read through its /_test/sent.
 */
test.use({ coordinatorEmail: "kanaele@example.org" }); // a demo coordinator only this journey signs in

type Sent = { chatId: string; messageId: number; text: string; keyboard: { text: string; callback_data: string }[][] | null };
const fakeBot = `http://127.0.0.1:${process.env.E2E_TELEGRAM_PORT}`;
const sentTo = async (request: APIRequestContext, chatId: number): Promise<{ sent: Sent[]; answers: { id: string; text: string }[] }> =>
  (await request.get(`${fakeBot}/_test/sent?chat=${chatId}`)).json();
let updateId = Math.floor(Date.now() / 1000);
const postUpdate = (request: APIRequestContext, update: Record<string, unknown>, secret = process.env.E2E_TELEGRAM_SECRET!) =>
  request.post("/api/webhooks/telegram", { headers: { "x-telegram-bot-api-secret-token": secret }, data: { update_id: ++updateId, ...update } });

/** A wall-clock time in Berlin `hours` from now, as datetime-local takes it (soon: not held by the quiet hours). */
function berlinIn(hours: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(new Date(Date.now() + hours * 3600_000))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:00`;
}

test("a volunteer connects Telegram from the profile, gets a request there and accepts with the button; the board says per Telegram", async ({ browser, baseURL, coordinator: page, outbox, scheduler, request }, testInfo) => {
  test.setTimeout(180_000);
  const unique = Date.now().toString(36);
  const email = `taras.${unique}@example.net`;
  const chatId = 800_000_000 + Math.floor(Math.random() * 1_000_000);

  // the volunteer, on a phone-sized window
  const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, locale: "de-DE", timezoneId: "Europe/Berlin" });
  const vp = await phone.newPage();
  const registration = new RegistrationPage(vp);
  await registration.goto();
  await registration.fill({ firstName: "Taras", lastName: "Kovalenko", email, channel: "Per E-Mail", activities: ["Kleiderladen"], availability: ["Flexibel – fragen Sie mich jederzeit"] });
  await registration.submit();
  await registration.confirmEmail(outbox, email);
  const manage = new ManagePage(vp);
  await manage.requestLink(email);
  await manage.signInWith(await outbox.waitForLink(email, "sign-in"));

  const heading = vp.getByRole("heading", { level: 2, name: "Telegram" });
  await expect(heading).toBeVisible();
  const card = vp.locator("section").filter({ has: heading });
  await vp.getByRole("button", { name: "Mit Telegram verbinden" }).click();
  const open = vp.getByRole("link", { name: "Telegram öffnen" });
  await expect(open).toBeVisible();
  const link = (await open.getAttribute("href"))!;
  expect(link).toMatch(/^https:\/\/t\.me\/HelferrufTestBot\?start=[A-Za-z0-9_-]{43}$/);
  await vp.setViewportSize({ width: 320, height: 800 });
  await expectNoHorizontalScroll(vp);
  await card.screenshot({ path: testInfo.outputPath("telegram-link-320.png") });
  await expectNoA11yViolations(vp);

  // Telegram: the volunteer taps Start, the bot gets /start <token> from their private chat
  const chat = { id: chatId, type: "private" };
  // the bot answers in the volunteer's message language (German here), not the Telegram app's
  const from = { id: chatId, is_bot: false, first_name: "Taras", language_code: "uk" };
  // without the secret nothing happens
  expect((await postUpdate(request, { message: { message_id: 1, date: 0, chat, from, text: `/start ${new URL(link).searchParams.get("start")}` } }, "wrong")).status()).toBe(403);
  const started = await postUpdate(request, { message: { message_id: 1, date: 0, chat, from, text: `/start ${new URL(link).searchParams.get("start")}` } });
  expect(started.status()).toBe(200);
  await expect.poll(async () => (await sentTo(request, chatId)).sent.at(-1)?.text ?? "").toContain("Verbunden!");
  await vp.reload();
  await expect(vp.getByTestId("telegram-state")).toContainText("Telegram ist verbunden");
  await card.screenshot({ path: testInfo.outputPath("telegram-connected-320.png") });

  // the coordinator asks for help in the clothing store, starting soon (quiet hours hold no message)
  const form = await RequestFormPage.open(page);
  const title = `Kleiderausgabe ${unique}`;
  await form.fill({ title, startsAt: berlinIn(2), endsAt: berlinIn(3), helpersNeeded: 40 });
  await form.activity.selectOption({ label: "Kleiderladen" });
  await expect.poll(() => form.shownMatches()).toBeGreaterThan(0);
  const board = await form.send();
  await expect(board.progress).toContainText("0 von 40 Zusagen");

  // the invitation arrives in Telegram, with its two buttons
  let invitation: Sent | undefined;
  await expect
    .poll(async () => {
      await scheduler.tick();
      invitation = (await sentTo(request, chatId)).sent.find((m) => m.keyboard && m.text.includes(title));
      return !!invitation;
    })
    .toBe(true);
  const [accept, decline] = invitation!.keyboard![0];
  expect(accept.text).toBe("✅ Zusagen");
  expect(decline.text).toBe("Absagen");
  expect(accept.callback_data).toMatch(/^a:[0-9a-f-]{36}$/);

  // the volunteer taps "accept": the press is answered and the message shows the outcome, no buttons
  const pressed = await postUpdate(request, {
    callback_query: { id: `cbq-${unique}`, from, chat_instance: "1", data: accept.callback_data, message: { message_id: invitation!.messageId, date: 0, chat, text: invitation!.text } },
  });
  expect(pressed.status()).toBe(200);
  const after = await sentTo(request, chatId);
  expect(after.answers.find((a) => a.id === `cbq-${unique}`)!.text).toContain("Danke! Sie sind dabei");
  expect(after.sent.find((m) => m.messageId === invitation!.messageId)).toMatchObject({ keyboard: null, text: expect.stringContaining("Danke! Sie sind dabei") });

  // the board, never reloaded, lists them as accepted "per Telegram"
  const accepted = page.getByTestId("group-accepted");
  await expect(accepted.getByRole("heading", { name: "Zugesagt (1)" })).toBeVisible({ timeout: 15_000 });
  await expect(accepted.getByTestId("person-answer")).toHaveText(/^Zugesagt am \d{2}\.\d{2}\.\d{2}, \d{2}:\d{2} per Telegram$/);
  await accepted.getByText(/^Verlauf \(\d+\)$/).click();
  await expect(accepted.getByTestId("person-timeline")).toContainText("Anfrage per Telegram");
  await testInfo.attach("board-telegram", { body: await page.screenshot({ fullPage: true, path: testInfo.outputPath("board-telegram-1280.png") }), contentType: "image/png" });

  // /stop in the chat: the profile says it is switched off
  await postUpdate(request, { message: { message_id: 2, date: 0, chat, from, text: "/stop" } });
  await expect.poll(async () => (await sentTo(request, chatId)).sent.at(-1)?.text ?? "").toContain("Sie bekommen hier keine Anfragen mehr");
  await vp.reload();
  await expect(vp.getByTestId("telegram-state")).toContainText("ausgeschaltet");
  await vp.getByRole("button", { name: "Telegram wieder einschalten" }).click();
  await expect(vp.getByText("Telegram ist wieder eingeschaltet.")).toBeVisible();

  // without JavaScript: disconnect, then ask for a new link — each submit reloads with its outcome
  const plainContext = await browser.newContext({ baseURL, storageState: await phone.storageState(), javaScriptEnabled: false, viewport: { width: 320, height: 800 }, locale: "de-DE", timezoneId: "Europe/Berlin" });
  const plain = await plainContext.newPage();
  await plain.goto("/profile");
  await plain.getByRole("button", { name: "Telegram trennen" }).click();
  await expect(plain.getByRole("button", { name: "Mit Telegram verbinden" })).toBeVisible();
  await plain.getByRole("button", { name: "Mit Telegram verbinden" }).click();
  await expect(plain.getByRole("link", { name: "Telegram öffnen" })).toHaveAttribute("href", /^https:\/\/t\.me\/HelferrufTestBot\?start=[A-Za-z0-9_-]{43}$/);
  await expectNoHorizontalScroll(plain);
  await plainContext.close();

  // the same card in Arabic (right to left), for the reviewer
  await vp.goto("/profile");
  await chooseLanguage(vp, "العربية");
  await expect(vp.getByRole("heading", { level: 2, name: "Telegram" })).toBeVisible();
  await expect(vp.getByRole("button", { name: "ربط Telegram" })).toBeVisible();
  await expectNoHorizontalScroll(vp);
  await vp.locator("section").filter({ has: vp.getByRole("heading", { level: 2, name: "Telegram" }) }).screenshot({ path: testInfo.outputPath("telegram-ar-320.png") });
  await phone.close();
});
