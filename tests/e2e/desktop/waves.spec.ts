import type { APIRequestContext, Page } from "@playwright/test";
import { signIn } from "../auth";
import { expect, expectNoA11yViolations, readOutbox, test, waitForLink } from "../fixtures";

/**
 * Waves of 2: the first wave declines → the second wave is asked → it accepts and the request
 * fills → no third wave. Matching is made deterministic by a language no demo volunteer speaks
 * (Yoruba): only the four volunteers registered here match. The server runs the scheduler every
 * 500 ms. Signs in the seeded admin once (admin sign-ins retry once if a parallel file took the link).
 */
test.describe.configure({ mode: "serial" });

const run = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
const emails = [1, 2, 3, 4].map((i) => `welle${i}.${run}@example.net`);
const RESPONSE_LINK = /https?:\/\/\S+\/r\/[A-Za-z0-9_-]{43}/;

async function registerYorubaSpeaker(page: Page, request: APIRequestContext, email: string, n: number) {
  await page.goto("/register");
  await page.getByLabel("Vorname").fill(`Welle${"ABCD"[n]}`);
  await page.getByLabel("Nachname").fill("Test");
  await page.getByLabel("E-Mail-Adresse").fill(email);
  await page.getByLabel("Per E-Mail", { exact: true }).check();
  await page.getByLabel("Fahrdienst").check();
  await page.getByLabel("Sprache suchen").fill("Yoruba");
  await page.getByLabel("Yoruba", { exact: true }).check();
  await page.getByLabel("Flexibel – fragen Sie mich jederzeit").check();
  await page.getByLabel(/Ich bin einverstanden/).check();
  await page.getByRole("button", { name: "Registrieren" }).click();
  await expect(page).toHaveURL(/\/register\/sent/);
  await page.goto(await waitForLink(request, email, "confirm-email"));
  await page.getByRole("button", { name: "Bestätigen" }).click();
  await expect(page.getByText("Danke! Ihre E-Mail-Adresse ist bestätigt.")).toBeVisible();
}

async function invitationLink(request: APIRequestContext, email: string): Promise<string | undefined> {
  return (await readOutbox(request, email)).find((m) => m.kind === "invitation")?.body?.match(RESPONSE_LINK)?.[0];
}

async function answer(page: Page, link: string, button: "Zusagen" | "Absagen") {
  await page.goto(link);
  await page.getByRole("button", { name: button, exact: true }).click();
  await expect(page.getByRole("button", { name: button, exact: true })).toBeHidden();
}

test("waves of 2: first wave declines → second wave is asked → fills → no third wave", async ({ page, request }) => {
  test.setTimeout(120_000);
  for (const [i, email] of emails.entries()) await registerYorubaSpeaker(page, request, email, i);

  // its own demo coordinator: no other spec signs in this address, so no link is taken by another test
  await signIn(page, "einsatz@example.org");
  await page.goto("/admin/requests/new");
  await page.getByLabel("Tätigkeit").selectOption({ label: "Fahrdienst" });
  await page.getByLabel("Titel").fill(`Fahrt mit Yoruba ${run}`);
  await page.getByLabel("Wie viele Helfer*innen?").fill("2");
  await page.getByLabel("Mindestens eine der gewählten Sprachen").check();
  // the same language list as the registration, no ISO codes to type
  await page.getByLabel("Sprache suchen").fill("Yoruba");
  await page.getByLabel("Yoruba", { exact: true }).check();
  await page.getByLabel(/In Wellen fragen/).check();
  await page.getByLabel("Personen pro Welle").fill("2");
  await page.getByLabel("Minuten bis zur nächsten Welle").fill("60");
  await page.getByRole("button", { name: "Anfrage senden" }).click();
  await expect(page).toHaveURL(/\/admin\/requests\/[0-9a-f-]{36}\?sent=2$/);
  const board = page.url().split("?")[0];
  await expect(page.getByRole("heading", { name: "Wellen" })).toBeVisible();
  await expect(page.getByTestId("next-wave")).toContainText("Nächste Welle:");
  await expect(page.getByTestId("wave-list")).toContainText("Welle 1:");
  await expectNoA11yViolations(page);

  // exactly two of the four are asked in wave 1
  let first: string[] = [];
  await expect
    .poll(async () => {
      first = [];
      for (const e of emails) if (await invitationLink(request, e)) first.push(e);
      return first.length;
    })
    .toBe(2);
  const second = emails.filter((e) => !first.includes(e));
  for (const e of second) expect(await invitationLink(request, e)).toBeUndefined();

  // wave 1 declines: everyone of it has answered, so wave 2 goes out at once (not after 60 minutes)
  for (const e of first) await answer(page, (await invitationLink(request, e))!, "Absagen");
  for (const e of second) await expect.poll(() => invitationLink(request, e), { timeout: 15_000 }).toBeTruthy();

  // wave 2 accepts: the request fills
  for (const e of second) await answer(page, (await invitationLink(request, e))!, "Zusagen");
  await page.goto(board);
  await expect(page.getByTestId("wave-list")).toContainText("Welle 2:");
  await expect(page.getByTestId("next-wave")).toHaveText("Keine weitere Welle geplant.");
  await expectNoA11yViolations(page);

  // no third wave: nobody else is asked, however long we wait
  await page.waitForTimeout(2000);
  await page.reload();
  await expect(page.getByTestId("wave-list")).not.toContainText("Welle 3");
  for (const e of emails) expect((await readOutbox(request, e)).filter((m) => m.kind === "invitation")).toHaveLength(1);
});
