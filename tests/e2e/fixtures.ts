import AxeBuilder from "@axe-core/playwright";
import { test as base, devices, expect, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import type { DevOutboxEntry } from "@/lib/messaging/dev-outbox";
import { ResponsePage } from "./pages/response";
import { SignInPage } from "./pages/sign-in";

/**
 * The e2e test object: `test.extend` with what the journeys share.
 *
 * - `outbox`: the development outbox (what the server "sent"), and the one way to get a link out of it;
 * - `scheduler`: runs the timed work once, through the protected cron route (no waiting for the interval);
 * - `coordinator`: the test's page, signed in as `coordinatorEmail` (an option: `test.use({ coordinatorEmail })`);
 * - `helperPhone`: opens a helper's phone (Pixel 7, German) on a response link; closed after the test.
 *
 * The dev outbox cannot tell whose request a link answers: specs running in parallel workers sign
 * in different coordinators (or keep their sign-ins in one serial file).
 */

export type OutboxMessage = DevOutboxEntry;

export const ANY_LINK = /https?:\/\/\S+/;

/**
 * The landing page of the seeded (public) organisation: the demo lists two organisations
 * (db/seed.ts DEMO_SECOND_ORG), so `/` shows their list; its links stay at the short URLs.
 */
export const PUBLIC_LANDING = "/o/helferruf-demo";
/** The second demo organisation (db/seed.ts DEMO_SECOND_ORG). */
export const SECOND_ORG = { slug: "nachbarschaftshilfe", name: "Nachbarschaftshilfe Musterstadt" } as const;
export const RESPONSE_LINK = /https?:\/\/\S+\/r\/[A-Za-z0-9_-]{22}\b/;

/** The first link in a message's body that matches the pattern. */
export function linkIn(message: Pick<OutboxMessage, "body"> | undefined, pattern: RegExp = ANY_LINK): string | undefined {
  return message?.body?.match(pattern)?.[0];
}

export class Outbox {
  constructor(private readonly request: APIRequestContext) {}

  /** Messages to one recipient (or to anyone, up to `limit`), newest first. */
  async messages(to?: string, limit?: number): Promise<OutboxMessage[]> {
    const query = new URLSearchParams();
    if (to) query.set("to", to);
    if (limit) query.set("limit", String(limit));
    const res = await this.request.get(`/api/dev/outbox?${query}`, { maxRetries: 2 }); // see Scheduler.tick
    expect(res.ok()).toBeTruthy();
    return (await res.json()).messages;
  }

  async ofKind(to: string, kind: string): Promise<OutboxMessage[]> {
    return (await this.messages(to)).filter((m) => m.kind === kind);
  }

  /** The ids of what the recipient has now: pass them as `except` to wait for a new message. */
  async ids(to: string): Promise<Set<string>> {
    return new Set((await this.messages(to)).map((m) => m.id));
  }

  /** The link in the newest message of that kind to the recipient, if there is one (no waiting). */
  async link(to: string, kind: string, pattern: RegExp = ANY_LINK): Promise<string | undefined> {
    return linkIn((await this.ofKind(to, kind))[0], pattern);
  }

  /** Waits until a message of that kind (not one of `except`) reaches the recipient and returns its link. */
  async waitForLink(to: string, kind: string, opts: { pattern?: RegExp; except?: Set<string> } = {}): Promise<string> {
    let link: string | undefined;
    await expect
      .poll(
        async () => {
          const fresh = (await this.ofKind(to, kind)).find((m) => !opts.except?.has(m.id));
          link = linkIn(fresh, opts.pattern);
          return link;
        },
        { timeout: 15_000 },
      )
      .toBeTruthy();
    return link!;
  }

  /** Waits until at least `min` invitations mention `text` and returns their distinct response links. */
  async invitationLinks(text: string, min: number): Promise<string[]> {
    let links: string[] = [];
    await expect
      .poll(
        async () => {
          const found = (await this.messages(undefined, 500)).filter((m) => m.kind === "invitation" && m.body?.includes(text)).map((m) => linkIn(m, RESPONSE_LINK));
          links = [...new Set(found.filter((l): l is string => !!l))];
          return links.length;
        },
        { timeout: 15_000 },
      )
      .toBeGreaterThanOrEqual(min);
    return links;
  }
}

export class Scheduler {
  constructor(private readonly request: APIRequestContext) {}

  /**
   * Runs every timed job once (waves, reminders, dispatch, …) and returns when it is done. The
   * in-process interval keeps running too; every job claims its rows, so the two never double.
   */
  async tick(): Promise<void> {
    // maxRetries: Playwright retries a request whose reused keep-alive socket the server had just
    // closed (ECONNRESET, "socket hang up"; seen once in CI). A tick twice is harmless: every job
    // claims its rows.
    const res = await this.request.post("/api/cron", { headers: { authorization: `Bearer ${process.env.E2E_CRON_SECRET}` }, maxRetries: 2 });
    expect(res.status(), await res.text()).toBe(200);
  }
}

type Fixtures = {
  outbox: Outbox;
  scheduler: Scheduler;
  coordinatorEmail: string;
  coordinator: Page;
  helperPhone: (opts?: { javaScript?: boolean }) => Promise<ResponsePage>;
};

// (fixture functions name their second parameter `provide`: the React lint rule reserves `use`)
export const test = base.extend<Fixtures>({
  outbox: async ({ request }, provide) => provide(new Outbox(request)),
  scheduler: async ({ request }, provide) => provide(new Scheduler(request)),
  coordinatorEmail: ["koordination@example.org", { option: true }], // seeded with the demo data
  coordinator: async ({ page, outbox, coordinatorEmail }, provide) => {
    await new SignInPage(page, outbox).signIn(coordinatorEmail);
    await provide(page);
  },
  helperPhone: async ({ browser, baseURL }, provide) => {
    const open = new Set<BrowserContext>();
    await provide(async ({ javaScript = true } = {}) => {
      const { defaultBrowserType: _ignored, ...pixel } = devices["Pixel 7"];
      const context = await browser.newContext({ ...pixel, locale: "de-DE", timezoneId: "Europe/Berlin", javaScriptEnabled: javaScript });
      open.add(context);
      context.on("close", () => open.delete(context));
      // The page speaks the helper's own language (some demo volunteers chose English) unless the
      // browser chose one; the assertions read German.
      await context.addCookies([{ name: "NEXT_LOCALE", value: "de", url: baseURL! }]);
      return new ResponsePage(await context.newPage());
    });
    for (const context of open) await context.close();
  },
});

export { expect };

/** Every page test calls this: WCAG 2.1 A/AA rules, zero violations. */
export async function expectNoA11yViolations(page: Page) {
  // Next streams the metadata of dynamic pages: after a client-side navigation the <title> may
  // arrive a moment after the content. Wait for it instead of catching that moment.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(summary, "axe violations").toEqual([]);
}

/** The page has no horizontal scrolling at its current width (e.g. 320 px phones). */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** The language picker in the header: open it, tap the language (in its own name). Works without JavaScript. */
export async function chooseLanguage(page: Page, name: string) {
  await page.locator("header details > summary").click();
  await page.getByRole("button", { name, exact: true }).click();
}
