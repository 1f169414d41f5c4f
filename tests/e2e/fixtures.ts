import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";

export type OutboxMessage = {
  id: string;
  channel: "email" | "sms";
  recipient: string | null;
  kind: string;
  subject: string | null;
  body: string | null;
  status: string;
  createdAt: string;
};

/** Every page test calls this: WCAG 2.1 A/AA rules, zero violations. */
export async function expectNoA11yViolations(page: Page) {
  // Next streams the metadata of dynamic pages: after a client-side navigation the <title> may
  // arrive a moment after the content. Wait for it instead of catching that moment.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(summary, "axe violations").toEqual([]);
}

/** Messages to one recipient from the development outbox, newest first. */
export async function readOutbox(request: APIRequestContext, to: string): Promise<OutboxMessage[]> {
  const res = await request.get(`/api/dev/outbox?to=${encodeURIComponent(to)}`);
  expect(res.ok()).toBeTruthy();
  return (await res.json()).messages;
}

/** Waits until a message of that kind reaches the recipient and returns its first link. */
export async function waitForLink(request: APIRequestContext, to: string, kind: string, pattern = /https?:\/\/\S+/): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(async () => {
      const messages = await readOutbox(request, to);
      const match = messages.find((m) => m.kind === kind)?.body?.match(pattern);
      link = match?.[0];
      return link;
    }, { timeout: 15_000 })
    .toBeTruthy();
  return link!;
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

export const test = base;
export { expect };
