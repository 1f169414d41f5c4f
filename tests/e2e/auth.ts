import type { Page } from "@playwright/test";
import { expect, readOutbox } from "./fixtures";

const CONFIRM_LINK = /https?:\/\/\S+\/admin\/sign-in\/confirm\/[A-Za-z0-9_.-]+/;

/** Asks for a sign-in link on /admin/sign-in and returns the new link from the dev outbox. */
export async function requestSignInLink(page: Page, email: string): Promise<string> {
  const known = new Set((await readOutbox(page.request, email)).map((m) => m.id));
  await page.goto("/admin/sign-in");
  await page.getByLabel(/E-Mail-Adresse|E-mail address/).fill(email);
  await page.getByRole("button", { name: /Anmeldelink senden|Send sign-in link/ }).click();
  await expect(page).toHaveURL(/\/admin\/sign-in\/check-email$/);
  let link: string | undefined;
  await expect
    .poll(async () => {
      const fresh = (await readOutbox(page.request, email)).find((m) => m.kind === "sign-in" && !known.has(m.id));
      link = fresh?.body?.match(CONFIRM_LINK)?.[0];
      return link;
    }, { timeout: 15_000 })
    .toBeTruthy();
  return link!;
}

/**
 * The dev outbox cannot tell whose request a link answers: specs running in parallel workers
 * should sign in different addresses (or keep their sign-ins in one serial file); signIn()
 * retries once if another test used its link.
 *
 * Signs a coordinator in the way a person does: ask for a link, open it from the outbox, press
 * "sign in". Ends on /admin. Retries once if a parallel test took the same address's link.
 */
export async function signIn(page: Page, email: string): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const link = await requestSignInLink(page, email);
    await page.goto(link);
    await page.getByRole("button", { name: /Jetzt anmelden|Sign in now/ }).click();
    await page.waitForURL(/\/admin(\/sign-in.*)?(\?.*)?$/);
    if (!new URL(page.url()).pathname.startsWith("/admin/sign-in")) break;
  }
  await expect(page).toHaveURL(/\/admin$/);
}
