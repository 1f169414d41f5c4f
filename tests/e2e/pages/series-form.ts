import { expect, type Page } from "@playwright/test";

/** The coordinator's series form /admin/requests/series/new. */
export class SeriesFormPage {
  constructor(readonly page: Page) {}

  static async open(page: Page): Promise<SeriesFormPage> {
    await page.goto("/admin/requests/series/new");
    await expect(page.getByRole("heading", { level: 1, name: "Neue Serie" })).toBeVisible();
    return new SeriesFormPage(page);
  }

  async fill(s: { activityId: string; title: string; place?: string; helpersNeeded: number; firstDate: string; startTime: string; endTime: string; count: number }) {
    const { page } = this;
    await page.getByLabel("Tätigkeit").selectOption(s.activityId);
    await page.getByLabel("Titel").fill(s.title);
    if (s.place) await page.getByLabel("Ort (Adresse)").fill(s.place);
    await page.getByLabel("Wie viele Helfer*innen?").fill(String(s.helpersNeeded));
    await page.getByLabel("Erster Termin").fill(s.firstDate);
    await page.getByLabel("Beginn (Uhrzeit)").fill(s.startTime);
    await page.getByLabel("Ende (Uhrzeit)").fill(s.endTime);
    await page.getByLabel("Wöchentlich").check();
    await page.getByLabel("nach einer Anzahl von Terminen").check();
    await page.getByLabel("Anzahl der Termine").fill(String(s.count));
  }

  async preview() {
    await this.page.getByRole("button", { name: "Vorschau der Termine" }).click();
    await expect(this.page.getByTestId("series-preview")).toBeVisible();
  }

  async create() {
    await this.page.getByRole("button", { name: "Serie anlegen" }).click();
    await expect(this.page).toHaveURL(/\/admin\/requests\/series\/[0-9a-f-]{36}\?created=\d+/);
  }
}
