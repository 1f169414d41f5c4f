import { expect, type Page } from "@playwright/test";
import type { Outbox } from "../fixtures";

export type Registration = {
  firstName: string;
  lastName: string;
  email: string;
  phone?: string;
  /** the label of the contact choice, e.g. "Per E-Mail" or "Per SMS und E-Mail" */
  channel: string;
  activities: string[];
  /** languages shown without searching (e.g. "Arabisch") */
  languages?: string[];
  /** labels of the availability boxes, e.g. "Dienstag, Vormittag" or "Flexibel – fragen Sie mich jederzeit" */
  availability: string[];
  drivingLicence?: boolean;
  consent?: boolean;
};

/** The public registration form /register and the confirmation link that follows it. */
export class RegistrationPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/register");
  }

  async fill(r: Registration) {
    const { page } = this;
    await page.getByLabel("Vorname").fill(r.firstName);
    await page.getByLabel("Nachname").fill(r.lastName);
    await page.getByLabel("E-Mail-Adresse").fill(r.email);
    if (r.phone) await page.getByLabel("Handynummer").fill(r.phone);
    await page.getByLabel(r.channel, { exact: true }).check();
    for (const activity of r.activities) await page.getByLabel(activity).check();
    for (const language of r.languages ?? []) await page.getByLabel(language, { exact: true }).check();
    for (const slot of r.availability) await page.getByLabel(slot).check();
    if (r.drivingLicence) await page.getByLabel("Ich habe einen Führerschein").check();
    if (r.consent !== false) await page.getByLabel(/Ich bin einverstanden/).check();
  }

  /** Finds a language through the filter box (JavaScript) and ticks it. */
  async chooseLanguageBySearch(name: string) {
    await this.page.getByLabel("Sprache suchen").fill(name);
    await this.page.getByLabel(name, { exact: true }).check();
  }

  async submit() {
    await this.page.getByRole("button", { name: "Registrieren" }).click();
  }

  /** Opens the newest e-mail confirmation link to `email` and confirms. */
  async confirmEmail(outbox: Outbox, email: string) {
    await this.page.goto(await outbox.waitForLink(email, "confirm-email"));
    await this.page.getByRole("button", { name: "Bestätigen" }).click();
    await expect(this.page.getByText("Danke! Ihre E-Mail-Adresse ist bestätigt.")).toBeVisible();
  }
}

/** The volunteers' sign-in: /manage asks for an address, the link's page signs in. */
export class ManagePage {
  constructor(readonly page: Page) {}

  /** Asks for a sign-in link for an e-mail address or mobile number (same answer whether known or not). */
  async requestLink(address: string) {
    await this.page.goto("/manage");
    await this.fillAndSend(address);
  }

  async fillAndSend(address: string) {
    await this.page.getByLabel("E-Mail-Adresse oder Handynummer").fill(address);
    await this.page.getByRole("button", { name: "Link schicken" }).click();
    await expect(this.page.getByText("Bitte schauen Sie in Ihr Postfach oder auf Ihr Handy")).toBeVisible();
  }

  /** Opens a sign-in link, presses "sign in" and lands on the profile. */
  async signInWith(link: string) {
    await this.page.goto(link);
    await this.page.getByRole("button", { name: "Anmelden" }).click();
    await expect(this.page).toHaveURL(/\/profile$/);
  }
}
