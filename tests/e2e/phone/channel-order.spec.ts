import { expect, expectNoA11yViolations, expectNoHorizontalScroll, test } from "../fixtures";
import { ManagePage, RegistrationPage } from "../pages/registration";

/**
 * Issue 18, the channel model: a volunteer with a confirmed mobile who connects Telegram chooses
 * which way requests to the phone come first — with and without JavaScript — and the Telegram card
 * tells the truth about it. (Which channel the messages then take is a domain test:
 * tests/integration/whatsapp.test.ts "the volunteer's order of the phone channels".)
 */
let updateId = Math.floor(Date.now() / 1000) + 500_000;

test("a volunteer with SMS and Telegram chooses SMS first, then Telegram again; the cards say which way requests come", async ({ page, browser, baseURL, outbox, request }, testInfo) => {
  test.setTimeout(120_000);
  const unique = Date.now().toString(36);
  const email = `mira.${unique}@example.net`;
  const phone = `0151 ${String(Math.floor(10_000_000 + Math.random() * 89_999_999))}`;
  const e164 = `+49${phone.replace(/\D/g, "").slice(1)}`;
  const chatId = 810_000_000 + Math.floor(Math.random() * 1_000_000);

  const registration = new RegistrationPage(page);
  await registration.goto();
  await registration.fill({ firstName: "Mira", lastName: "Order", email, phone, channel: "Per SMS und E-Mail", activities: ["Kleiderladen"], availability: ["Flexibel – fragen Sie mich jederzeit"] });
  await registration.submit();
  await registration.confirmEmail(outbox, email);
  await page.goto(await outbox.waitForLink(e164, "confirm-phone"));
  await page.getByRole("button", { name: "Bestätigen" }).click();
  await expect(page.getByText("Danke! Ihre Handynummer ist bestätigt.")).toBeVisible();
  const manage = new ManagePage(page);
  await manage.requestLink(email);
  await manage.signInWith(await outbox.waitForLink(email, "sign-in"));

  // only SMS so far: nothing to order
  await expect(page.getByRole("heading", { level: 2, name: "Welcher Weg zuerst?" })).toHaveCount(0);
  await page.getByRole("button", { name: "Mit Telegram verbinden" }).click();
  const open = page.getByRole("link", { name: "Telegram öffnen" });
  // the link that just appeared has the focus (keyboard and screen-reader users land on it)
  await expect(open).toBeFocused();
  const token = new URL((await open.getAttribute("href"))!).searchParams.get("start");
  const started = await request.post("/api/webhooks/telegram", {
    headers: { "x-telegram-bot-api-secret-token": process.env.E2E_TELEGRAM_SECRET! },
    data: { update_id: ++updateId, message: { message_id: 1, date: 0, chat: { id: chatId, type: "private" }, from: { id: chatId, is_bot: false, first_name: "Mira" }, text: `/start ${token}` } },
  });
  expect(started.status()).toBe(200);
  await page.reload();

  const orderHeading = page.getByRole("heading", { level: 2, name: "Welcher Weg zuerst?" });
  const orderCard = page.locator("section").filter({ has: orderHeading });
  await expect(orderCard).toContainText("gerade per Telegram");
  await expect(orderCard.getByLabel("Telegram")).toBeChecked();
  await expect(page.getByTestId("telegram-state")).toContainText("Anfragen kommen per Telegram");
  await expectNoHorizontalScroll(page);
  await orderCard.screenshot({ path: testInfo.outputPath("channel-order-320.png") });
  await expectNoA11yViolations(page);

  // SMS first: the Telegram card now says requests come the other way
  await orderCard.getByLabel("SMS").check();
  await orderCard.getByRole("button", { name: "Reihenfolge speichern" }).click();
  await expect(orderCard.getByText("Gespeichert.")).toBeVisible();
  await expect(orderCard).toContainText("gerade per SMS");
  await expect(page.getByTestId("telegram-state")).toContainText("als ersten gewählt");
  await orderCard.screenshot({ path: testInfo.outputPath("channel-order-saved-320.png") });

  // without JavaScript the same form works (a plain POST reloads the page with its outcome)
  const plainContext = await browser.newContext({ baseURL, storageState: await page.context().storageState(), javaScriptEnabled: false, viewport: { width: 320, height: 800 }, locale: "de-DE", timezoneId: "Europe/Berlin" });
  const plain = await plainContext.newPage();
  await plain.goto("/profile");
  const plainCard = plain.locator("section").filter({ has: plain.getByRole("heading", { level: 2, name: "Welcher Weg zuerst?" }) });
  await expect(plainCard.getByLabel("SMS")).toBeChecked();
  await plainCard.getByLabel("Telegram").check();
  await plainCard.getByRole("button", { name: "Reihenfolge speichern" }).click();
  await expect(plain.locator("section").filter({ has: plain.getByRole("heading", { level: 2, name: "Welcher Weg zuerst?" }) })).toContainText("gerade per Telegram");
  await expect(plain.getByTestId("telegram-state")).toContainText("Anfragen kommen per Telegram");
  await expectNoHorizontalScroll(plain);
  await plainContext.close();

  // switching Telegram off says which way requests take now: the next in the order, SMS
  await page.reload();
  await page.getByRole("button", { name: "Telegram ausschalten" }).click();
  await expect(page.getByText("Telegram ist ausgeschaltet. Anfragen aufs Handy kommen jetzt per SMS.")).toBeVisible();
});
