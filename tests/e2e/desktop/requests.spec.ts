import { devices, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { expect, expectNoA11yViolations, expectNoHorizontalScroll, test } from "../fixtures";
import { signIn } from "./../auth";

/**
 * The heart of Helferruf, end to end: a coordinator sends a request, three helpers accept on
 * their phones from the development outbox, the board shows "filled" without a reload, and a
 * fourth helper is told it is already filled. Opening links (GET/HEAD) changes nothing.
 */

type Message = { channel: string; kind: string; body: string | null; recipient: string | null };

async function invitationLinks(request: APIRequestContext, title: string): Promise<string[]> {
  let links: string[] = [];
  await expect
    .poll(async () => {
      const res = await request.get("/api/dev/outbox?limit=500");
      const messages: Message[] = (await res.json()).messages;
      const found = messages
        .filter((m) => m.kind === "invitation" && m.body?.includes(title))
        .map((m) => m.body!.match(/https?:\/\/\S+\/r\/[A-Za-z0-9_-]{43}/)?.[0])
        .filter((l): l is string => !!l);
      links = [...new Set(found)];
      return links.length;
    }, { timeout: 15_000 })
    .toBeGreaterThanOrEqual(4);
  return links;
}

async function phonePage(browser: Browser, opts: { javaScript?: boolean } = {}): Promise<Page> {
  const { defaultBrowserType: _ignored, ...pixel } = devices["Pixel 7"];
  const context = await browser.newContext({ ...pixel, locale: "de-DE", timezoneId: "Europe/Berlin", javaScriptEnabled: opts.javaScript ?? true });
  // The page speaks the helper's own language (some demo volunteers chose English) unless the
  // browser chose one; these assertions read German.
  const baseURL = test.info().project.use.baseURL!;
  await context.addCookies([{ name: "NEXT_LOCALE", value: "de", url: baseURL }]);
  return context.newPage();
}

/** Picks the first activity for which at least `min` volunteers match (the demo data is random). */
async function chooseActivityWithMatches(page: Page, min: number) {
  const select = page.getByLabel("Tätigkeit");
  const values = await select.locator("option").evaluateAll((opts) => opts.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  for (const value of values) {
    await select.selectOption(value);
    await expect(page.getByTestId("match-count")).not.toHaveText(/zählt|Wählen/, { timeout: 10_000 });
    await page.waitForTimeout(600);
    const text = (await page.getByTestId("match-count").textContent()) ?? "";
    const n = Number(text.match(/(\d+)/)?.[1] ?? 0);
    if (n >= min) return n;
  }
  throw new Error(`no activity with ${min} matching demo volunteers`);
}

// One coordinator signs in for both tests: run them one after the other so neither takes the
// other's sign-in link (the admin journey in admin.spec.ts signs in admin@example.org meanwhile).
test.describe.configure({ mode: "serial" });
const COORDINATOR = "koordination@example.org"; // seeded with the demo data

function nextWeekAt(hour: number) {
  const d = new Date(Date.now() + 7 * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

test("a coordinator sends a request and it stops at exactly three helpers", async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  await signIn(page, COORDINATOR);
  await page.goto("/admin/requests/new");
  await expect(page.getByRole("heading", { level: 1, name: "Neue Anfrage" })).toBeVisible();

  const title = `Fahrt ${Date.now().toString(36)}`;
  await page.getByLabel("Titel").fill(title);
  await page.getByLabel("Ort (Adresse)").fill("Ausländerbehörde, Hauptstr. 1");
  await page.getByLabel("Beginn").fill(nextWeekAt(9));
  await page.getByLabel("Ende").fill(nextWeekAt(11));
  await page.getByLabel("Wie viele Helfer*innen?").fill("3");
  await page.getByLabel("Nur E-Mail").check();
  // languages, channels and conditions change the count; flexible and slot-bound volunteers both count
  await chooseActivityWithMatches(page, 4);
  await expect(page.getByTestId("sms-info")).toContainText("SMS");
  await expectNoA11yViolations(page);

  await page.getByRole("button", { name: "Anfrage senden" }).click();
  await expect(page).toHaveURL(/\/admin\/requests\/[0-9a-f-]{36}\?sent=\d+/);
  await expect(page.getByTestId("board-progress")).toContainText("0 von 3 Zusagen");
  // the tab names the request, so several open boards can be told apart
  await expect(page).toHaveTitle(`${title} · Helferruf`);
  await expectNoA11yViolations(page);

  const links = await invitationLinks(request, title);
  const asked = Number(await page.getByTestId("count-asked").textContent());
  expect(asked).toBe(links.length);

  // GET and HEAD (mail scanners, link previews) change nothing
  for (const link of links) {
    expect((await request.head(link)).status()).toBe(200);
    expect((await request.get(`${link}?answer=accept`)).status()).toBe(200);
  }
  await page.waitForTimeout(3500);
  await expect(page.getByTestId("count-noAnswer")).toHaveText(String(asked));
  await expect(page.getByTestId("count-accepted")).toHaveText("0");

  for (const link of links.slice(0, 3)) {
    const phone = await phonePage(browser);
    await phone.goto(`${link}?answer=accept`);
    await expect(phone.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(phone.getByTestId("your-answer")).toHaveText("noch keine");
    await expectNoHorizontalScroll(phone);
    await expectNoA11yViolations(phone);
    await phone.getByRole("button", { name: "Zusagen" }).click();
    await expect(phone.getByText("Danke, Sie sind dabei!")).toBeVisible();
    await expect(phone.getByTestId("your-answer")).toHaveText("zugesagt");
    await expect(phone.getByRole("link", { name: /Kalender/ })).toBeVisible();
    await expectNoA11yViolations(phone);
    await phone.context().close();
  }

  // the board, never reloaded, shows the request filled
  await expect(page.getByTestId("board-status")).toHaveText("besetzt", { timeout: 15_000 });
  await expect(page.getByTestId("board-progress")).toContainText("3 von 3 Zusagen");
  await expect(page.getByTestId("count-accepted")).toHaveText("3");

  const late = await phonePage(browser);
  await late.goto(`${links[3]}?answer=accept`);
  await expect(late.getByText("Es haben sich schon genug Helfer*innen gemeldet")).toBeVisible();
  await expect(late.getByRole("button", { name: "Zusagen" })).toHaveCount(0);
  await expectNoA11yViolations(late);
  await late.context().close();

  await page.goto("/admin/requests?tab=filled");
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await expectNoA11yViolations(page);
});

test("a helper declines, changes their mind and withdraws without JavaScript; a tampered link is calmly not valid", async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  await signIn(page, COORDINATOR);
  await page.goto("/admin/requests/new");
  const title = `Begleitung ${Date.now().toString(36)}`;
  await page.getByLabel("Titel").fill(title);
  await page.getByLabel("Beginn").fill(nextWeekAt(14));
  await page.getByLabel("Ende").fill(nextWeekAt(16));
  await page.getByLabel("Wie viele Helfer*innen?").fill("2");
  await page.getByLabel("Nur E-Mail").check();
  await chooseActivityWithMatches(page, 4);
  await page.getByRole("button", { name: "Anfrage senden" }).click();
  await expect(page).toHaveURL(/\/admin\/requests\/[0-9a-f-]{36}/);
  const [link] = await invitationLinks(request, title);

  // the response page works before (here: without) JavaScript: plain form posts
  const phone = await phonePage(browser, { javaScript: false });
  await phone.goto(`${link}?answer=decline`);
  await expect(phone.getByText("Absage bestätigen")).toBeVisible();
  await phone.getByRole("button", { name: "Absagen" }).click();
  await expect(phone.getByTestId("your-answer")).toHaveText("abgesagt");
  await phone.getByRole("button", { name: "Zusagen" }).click();
  await expect(phone.getByTestId("your-answer")).toHaveText("zugesagt");
  await expect(phone.getByTestId("still-needed")).toHaveText("1 von 2");
  await phone.getByRole("button", { name: "Zusage zurückziehen" }).click();
  await expect(phone.getByTestId("your-answer")).toHaveText("Zusage zurückgezogen");
  await expect(phone.getByTestId("still-needed")).toHaveText("2 von 2");
  // (axe needs JavaScript; the same page is checked with JavaScript in the journey above)
  await phone.context().close();

  const stranger = await phonePage(browser);
  const tampered = link.slice(0, -1) + (link.endsWith("A") ? "B" : "A");
  const res = await stranger.goto(tampered);
  expect(res?.status()).toBe(404);
  await expect(stranger.getByRole("heading", { name: "Dieser Link ist nicht (mehr) gültig" })).toBeVisible();
  await expect(stranger.getByText(title)).toHaveCount(0);
  await expectNoA11yViolations(stranger);
  await stranger.context().close();

  // the dashboard lists the request as open, with how full it is
  await page.goto("/admin");
  const open = page.getByTestId("open-requests");
  await expect(open.getByRole("link", { name: title })).toBeVisible();
  await expect(open).toContainText("0 von 2 zugesagt");
  await expectNoA11yViolations(page);
});
