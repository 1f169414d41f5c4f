import { readFile } from "node:fs/promises";
import { expect, expectNoA11yViolations, expectNoHorizontalScroll, test } from "../fixtures";
import { SignInPage } from "../pages/sign-in";

const ADMIN = "admin@example.org";

test.describe.configure({ mode: "serial" });
test.use({ coordinatorEmail: ADMIN });

test.describe("coordinator sign-in", () => {
  test("opening the sign-in link (or the Auth.js callback URL) uses nothing; only the button signs in", async ({ page, request, outbox }) => {
    const link = await new SignInPage(page, outbox).requestLink(ADMIN);
    await expectNoA11yViolations(page);
    const code = link.split("/confirm/")[1];
    const [token, b64] = code.split(".");
    const email = Buffer.from(b64, "base64url").toString("utf8");
    expect(email).toBe(ADMIN);

    // a link scanner: GET on our page, and GET on the Auth.js e-mail callback with the token
    const scanned = await request.get(link, { maxRedirects: 0 });
    expect(scanned.status()).toBe(200);
    expect(scanned.headers()["set-cookie"] ?? "").not.toMatch(/helferruf\.session/);
    const callback = await request.get(`/api/auth/callback/email?token=${token}&email=${encodeURIComponent(email)}&callbackUrl=%2Fadmin`, { maxRedirects: 0 });
    expect(callback.status()).toBe(303);
    expect(callback.headers()["location"]).toContain(`/admin/sign-in/confirm/${code}`);
    expect(callback.headers()["set-cookie"] ?? "").not.toMatch(/helferruf\.session/);
    const posted = await request.post(`/api/auth/callback/email?token=${token}&email=${encodeURIComponent(email)}`, { maxRedirects: 0 });
    expect(posted.headers()["set-cookie"] ?? "").not.toMatch(/helferruf\.session/);
    // the raw Auth.js sign-in endpoint cannot be used to send links around our form
    const raw = await request.post("/api/auth/signin/email", { form: { email: "unbekannt@example.org" }, maxRedirects: 0 });
    expect(raw.status()).toBe(303);
    // …still not signed in
    const admin = await request.get("/admin", { maxRedirects: 0 });
    expect(admin.status()).toBe(307);

    // the person opens the link and presses the button: the token still works
    await page.goto(link);
    await expect(page.getByText(`Anmelden als ${ADMIN}?`)).toBeVisible();
    await expectNoA11yViolations(page);
    await page.getByRole("button", { name: "Jetzt anmelden" }).click();
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole("heading", { name: "Übersicht" })).toBeVisible();

    // a second press of the same link (from another browser) is refused: one-time token
    const again = await request.post("/admin/sign-in/verify", { form: { code }, maxRedirects: 0 });
    expect(again.status()).toBe(303);
    expect(again.headers()["location"]).toMatch(/\/admin\/sign-in\?error=Verification$/);
    expect(again.headers()["set-cookie"] ?? "").not.toMatch(/helferruf\.session=/);
  });

  test("an unknown address sees the same page and gets no mail", async ({ page, outbox }) => {
    const signIn = new SignInPage(page, outbox);
    await signIn.goto();
    await expectNoA11yViolations(page);
    await signIn.submit("unbekannt@example.org");
    await expect(page).toHaveURL(/\/admin\/sign-in\/check-email$/);
    await expectNoA11yViolations(page);
    // a member's mail is in the outbox before this page is shown (the action writes it, then redirects)
    expect(await outbox.messages("unbekannt@example.org")).toEqual([]);
  });

  test("an invalid address gets an error next to the field and keeps what was typed", async ({ page, outbox }) => {
    const signIn = new SignInPage(page, outbox);
    await signIn.goto();
    await signIn.submit("kein-at-zeichen");
    await expect(page.locator("#email-error")).toContainText("gültige E-Mail-Adresse");
    await expect(signIn.email).toHaveAttribute("aria-describedby", /email-error/);
    await expect(signIn.email).toHaveValue("kein-at-zeichen");
  });
});

test("admin: filter volunteers, open one, export CSV, invite a coordinator who signs in; sign-out ends access", async ({ coordinator: page, browser, outbox }) => {
  await expectNoA11yViolations(page);

  await page.getByRole("navigation", { name: "Koordination" }).getByRole("link", { name: "Freiwillige" }).click();
  await expect(page.getByRole("heading", { name: "Freiwillige", level: 1 })).toBeVisible();
  const all = Number((await page.getByTestId("volunteer-count").innerText()).match(/\d+/)![0]);
  expect(all).toBeGreaterThan(50);
  await expectNoA11yViolations(page);

  await page.getByLabel("Status").selectOption("active");
  await page.getByLabel("Führerschein").check();
  await page.getByRole("button", { name: "Filtern" }).click();
  await expect(page).toHaveURL(/status=active/);
  await expect(page).toHaveURL(/licence=1/);
  const filtered = Number((await page.getByTestId("volunteer-count").innerText()).match(/\d+/)?.[0] ?? "0");
  expect(filtered).toBeGreaterThan(0);
  expect(filtered).toBeLessThan(all);

  const firstLink = page.getByRole("table").getByRole("link").first();
  const name = (await firstLink.innerText()).trim(); // "Nachname, Vorname"
  const [lastName, firstName] = name.split(", ");
  await firstLink.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${firstName} ${lastName}`);
  await expect(page.getByText("Einwilligung")).toBeVisible();
  await expectNoA11yViolations(page);
  await page.goBack();

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Als CSV exportieren" }).click();
  const download = await downloadPromise;
  const csv = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "");
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toContain("Nachname,Vorname,Status");
  // other journeys register volunteers in parallel: the export may hold more than the page counted a moment before
  expect(lines.length).toBeGreaterThanOrEqual(filtered + 1);
  expect(lines.some((l) => l.startsWith(`${lastName},${firstName},Aktiv`))).toBe(true);
  expect(lines.slice(1).every((l) => l.includes(",Aktiv,"))).toBe(true);

  // invite a coordinator
  await page.getByRole("navigation", { name: "Koordination" }).getByRole("link", { name: "Team" }).click();
  await expectNoA11yViolations(page);
  const invited = `neu-${Date.now()}@example.org`;
  await page.getByLabel("E-Mail-Adresse").fill(invited);
  await page.getByRole("button", { name: "Einladen" }).click();
  await expect(page.getByText("Einladung verschickt.")).toBeVisible();
  await expect(page.getByText(invited).first()).toBeVisible();
  // inviting the same address again is a clear error
  await page.getByLabel("E-Mail-Adresse").fill(invited);
  await page.getByRole("button", { name: "Einladen" }).click();
  await expect(page.getByText("Diese Adresse gehört schon zum Team.")).toBeVisible();
  await expect(page.getByLabel("E-Mail-Adresse")).toHaveValue(invited);
  const mails = await outbox.messages(invited);
  expect(mails.map((m) => m.kind)).toEqual(["member-invitation"]);

  // the invited coordinator signs in, sees the directory but not the admin pages
  const other = await browser.newContext();
  const coord = await other.newPage();
  await new SignInPage(coord, outbox).signIn(invited);
  await expect(coord.getByRole("navigation", { name: "Koordination" }).getByRole("link", { name: "Team" })).toHaveCount(0);
  await coord.goto("/admin/members");
  await expect(coord).toHaveURL(/\/admin\?denied=1$/);
  await other.close();

  // the audit log shows the export and the invitation
  await page.goto("/admin/audit");
  await expect(page.getByRole("cell", { name: "Freiwillige als CSV exportiert" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "Mitglied eingeladen" }).first()).toBeVisible();
  await expectNoA11yViolations(page);

  // sign-out ends access, also for a copy of the old cookie
  const cookies = await page.context().cookies();
  await page.getByRole("button", { name: "Abmelden" }).click();
  await expect(page).toHaveURL(/\/admin\/sign-in\?signedOut=1$/);
  await expect(page.getByText("Sie sind abgemeldet.")).toBeVisible();
  await page.context().addCookies(cookies.filter((c) => c.name.includes("helferruf.session")));
  await page.goto("/admin/volunteers");
  await expect(page).toHaveURL(/\/admin\/sign-in$/);
});

test("admin pages pass axe: activities and settings", async ({ coordinator: page }) => {
  await page.goto("/admin/activities");
  await expect(page.getByRole("heading", { name: "Tätigkeiten", level: 1 })).toBeVisible();
  await expectNoA11yViolations(page);
  // renaming to an existing name is a field error
  // the second activity's edit disclosure (the header's language picker is a <details> too)
  const second = page.locator("main details", { has: page.locator("summary", { hasText: "bearbeiten" }) }).nth(1);
  await second.locator(":scope > summary").click();
  await second.getByLabel("Name (Deutsch)").fill("Fahrdienst");
  await second.getByRole("button", { name: "Änderungen speichern" }).click();
  await expect(second.getByText("Eine Tätigkeit mit diesem Namen gibt es schon.")).toBeVisible();
  await page.goto("/admin/settings");
  await expectNoA11yViolations(page);
  // a wrong number is a field error next to the field, and what was typed stays
  await page.getByLabel("Zweite Erinnerung (Stunden vor Beginn)").fill("viele");
  await page.getByRole("button", { name: "Speichern", exact: true }).click();
  await expect(page.getByText("Bitte eine ganze Zahl eingeben.")).toBeVisible();
  await expect(page.getByLabel("Zweite Erinnerung (Stunden vor Beginn)")).toHaveValue("viele");
  await page.getByLabel("Zweite Erinnerung (Stunden vor Beginn)").fill("3");
  await page.getByRole("button", { name: "Speichern", exact: true }).click();
  await expect(page.getByText("Gespeichert.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Zweite Erinnerung (Stunden vor Beginn)")).toHaveValue("3");
});

// In this serial file rather than tests/e2e/phone/: a parallel worker signing in the same address
// could pick up this test's link from the shared outbox.
test("coordinators on the go: overview and directory work at 320 px", async ({ page, outbox }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await new SignInPage(page, outbox).signIn(ADMIN);
  await expect(page.getByRole("heading", { name: "Übersicht" })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectNoA11yViolations(page);
  await page.goto("/admin/volunteers?status=active");
  await expect(page.getByTestId("volunteer-count")).toContainText(/\d+ Freiwillige/);
  await expectNoHorizontalScroll(page);
  await expectNoA11yViolations(page);
  // every page of the area, tables included, fits a 320 px phone (WCAG 1.4.10 reflow)
  for (const [path, heading] of [
    ["/admin/members", "Team"],
    ["/admin/audit", "Protokoll"],
    ["/admin/requests", "Anfragen"],
    ["/admin/requests/new", "Neue Anfrage"],
    ["/admin/activities", "Tätigkeiten"],
    ["/admin/settings", "Einstellungen der Organisation"],
  ]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expectNoHorizontalScroll(page);
  }
});

test("admin: the sign-language video from the settings appears on the DGS page with a download link, and 'no video' when cleared", async ({ coordinator: page }) => {
  const videoField = () => page.getByLabel("Adresse des Videos");
  await page.goto("/admin/settings");
  // a wrong address: field error, value kept, focus on the summary after the failed save
  await videoField().fill("http://video.example.org/dgs.mp4");
  await page.getByRole("button", { name: "Speichern", exact: true }).click();
  await expect(page.locator("#settings-signLanguageVideoUrl-error")).toHaveText("Bitte eine vollständige Adresse mit https:// eingeben.");
  await expect(videoField()).toHaveValue("http://video.example.org/dgs.mp4");
  await expect(page.locator(":focus")).toContainText("Bitte prüfen Sie die markierten Felder.");
  await expect(page.locator(":focus")).toBeInViewport();

  await videoField().fill("https://video.example.org/dgs/helferruf.mp4");
  await page.getByRole("button", { name: "Speichern", exact: true }).click();
  await expect(page.locator(":focus")).toContainText("Gespeichert.");
  try {
    await page.goto("/gebaerdensprache");
    await expect(page.getByTestId("sign-video")).toHaveJSProperty("tagName", "VIDEO");
    await expect(page.locator("video source")).toHaveAttribute("src", "https://video.example.org/dgs/helferruf.mp4");
    await expect(page.getByRole("link", { name: "Video herunterladen" })).toHaveAttribute("href", "https://video.example.org/dgs/helferruf.mp4");
    await expectNoA11yViolations(page);
  } finally {
    await page.goto("/admin/settings");
    await videoField().fill("");
    await page.getByRole("button", { name: "Speichern", exact: true }).click();
    await expect(page.locator(":focus")).toContainText("Gespeichert.");
  }
  await page.goto("/gebaerdensprache");
  await expect(page.getByTestId("sign-none")).toHaveText("Ein Video in Deutscher Gebärdensprache gibt es hier noch nicht.");
  await expect(page.getByTestId("sign-video")).toHaveCount(0);
  await expectNoA11yViolations(page);
});

