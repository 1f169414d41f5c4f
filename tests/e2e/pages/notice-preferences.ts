import { expect, type Page } from "@playwright/test";

/** "Meine Benachrichtigungen" /admin/notifications: the coordinator's own notices. */
export class NoticePreferencesPage {
  constructor(readonly page: Page) {}

  get phone() { return this.page.getByLabel("Handynummer für SMS"); }
  get bySms() { return this.page.getByLabel("Per SMS"); }
  event(label: string) { return this.page.getByLabel(label); }

  /** Through the admin navigation, as a coordinator finds it. */
  static async openFromNavigation(page: Page): Promise<NoticePreferencesPage> {
    await page.goto("/admin");
    await page.getByRole("navigation", { name: "Koordination" }).getByRole("link", { name: "Meine Benachrichtigungen" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Meine Benachrichtigungen" })).toBeVisible();
    return new NoticePreferencesPage(page);
  }

  static async open(page: Page): Promise<NoticePreferencesPage> {
    await page.goto("/admin/notifications");
    await expect(page.getByRole("heading", { level: 1, name: "Meine Benachrichtigungen" })).toBeVisible();
    return new NoticePreferencesPage(page);
  }

  async save() {
    await this.page.getByRole("button", { name: "Speichern" }).click();
  }
}
