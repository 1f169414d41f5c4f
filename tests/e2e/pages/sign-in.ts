import { expect, type Page } from "@playwright/test";
import type { Outbox } from "../fixtures";

const CONFIRM_LINK = /https?:\/\/\S+\/admin\/sign-in\/confirm\/[A-Za-z0-9_.-]+/;

/** The coordinators' sign-in: /admin/sign-in (ask for a link) and the confirm page behind the link. */
export class SignInPage {
  constructor(
    readonly page: Page,
    private readonly outbox: Outbox,
  ) {}

  get email() { return this.page.getByLabel(/E-Mail-Adresse|E-mail address/); }

  async goto() {
    await this.page.goto("/admin/sign-in");
  }

  /** Types the address and presses "send sign-in link" (whatever the answer). */
  async submit(email: string) {
    await this.email.fill(email);
    await this.page.getByRole("button", { name: /Anmeldelink senden|Send sign-in link/ }).click();
  }

  /** Asks for a sign-in link and returns the new link from the dev outbox. */
  async requestLink(email: string): Promise<string> {
    const known = await this.outbox.ids(email);
    await this.goto();
    await this.submit(email);
    await expect(this.page).toHaveURL(/\/admin\/sign-in\/check-email$/);
    return this.outbox.waitForLink(email, "sign-in", { pattern: CONFIRM_LINK, except: known });
  }

  /**
   * Signs a coordinator in the way a person does: ask for a link, open it from the outbox, press
   * "sign in". Ends on /admin. Retries once if a parallel test used the same address's link.
   */
  async signIn(email: string): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const link = await this.requestLink(email);
      await this.page.goto(link);
      await this.page.getByRole("button", { name: /Jetzt anmelden|Sign in now/ }).click();
      await this.page.waitForURL(/\/admin(\/sign-in.*)?(\?.*)?$/);
      if (!new URL(this.page.url()).pathname.startsWith("/admin/sign-in")) break;
    }
    await expect(this.page).toHaveURL(/\/admin$/);
  }
}
