import { expect, type Page } from "@playwright/test";
import { BoardPage } from "./board";

/** A wall-clock time next week, as the datetime-local inputs take it. */
export function nextWeekAt(hour: number) {
  const d = new Date(Date.now() + 7 * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

/** The coordinator's new-request form /admin/requests/new with its live preview. */
export class RequestFormPage {
  constructor(readonly page: Page) {}

  get activity() { return this.page.getByLabel("Tätigkeit"); }
  /** the live match count of the preview */
  get matchCount() { return this.page.getByTestId("match-count"); }
  get smsInfo() { return this.page.getByTestId("sms-info"); }

  static async open(page: Page): Promise<RequestFormPage> {
    await page.goto("/admin/requests/new");
    await expect(page.getByRole("heading", { level: 1, name: "Neue Anfrage" })).toBeVisible();
    return new RequestFormPage(page);
  }

  async fill(r: { title: string; place?: string; startsAt?: string; endsAt?: string; helpersNeeded: number; emailOnly?: boolean }) {
    const { page } = this;
    await page.getByLabel("Titel").fill(r.title);
    if (r.place) await page.getByLabel("Ort (Adresse)").fill(r.place);
    if (r.startsAt) await page.getByLabel("Beginn").fill(r.startsAt);
    if (r.endsAt) await page.getByLabel("Ende").fill(r.endsAt);
    await page.getByLabel("Wie viele Helfer*innen?").fill(String(r.helpersNeeded));
    if (r.emailOnly) await page.getByLabel("Nur E-Mail").check();
  }

  /**
   * "At least one" / "all" of the chosen languages: finds each language (by its German name) in
   * the same list the registration offers, no ISO codes to type.
   */
  async requireLanguages(mode: "any" | "all", ...names: string[]) {
    await this.page.getByLabel(mode === "any" ? "Mindestens eine der gewählten Sprachen" : "Alle gewählten Sprachen").check();
    for (const name of names) {
      await this.page.getByLabel("Sprache suchen").fill(name);
      await this.page.getByLabel(name, { exact: true }).check();
    }
  }

  async askInWaves(w: { size: number; intervalMinutes: number }) {
    await this.page.getByLabel(/In Wellen fragen/).check();
    await this.page.getByLabel("Personen pro Welle").fill(String(w.size));
    await this.page.getByLabel("Minuten bis zur nächsten Welle").fill(String(w.intervalMinutes));
  }

  /** The number the live preview shows (0 for "nobody" or "choose an activity"). */
  async shownMatches(): Promise<number> {
    return Number(((await this.matchCount.textContent()) ?? "").match(/(\d+)/)?.[1] ?? 0);
  }

  /**
   * Picks the first activity for which at least `min` volunteers match (the demo data is random).
   * Waits for the preview answer of each choice, so a count shown for the previous choice is never read.
   */
  async chooseActivityWithMatches(min: number): Promise<number> {
    const values = await this.activity.locator("option").evaluateAll((opts) => opts.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    for (const value of values) {
      const answered = this.page.waitForResponse((r) => {
        const url = new URL(r.url());
        return url.pathname === "/api/admin/requests/preview" && url.searchParams.get("activityId") === value;
      });
      await this.activity.selectOption(value);
      const { matches } = (await (await answered).json()) as { matches: number | null };
      await expect(this.matchCount).not.toHaveText(/zählt|Wählen/);
      await expect.poll(() => this.shownMatches()).toBe(matches ?? 0);
      if ((matches ?? 0) >= min) return matches!;
    }
    throw new Error(`no activity with ${min} matching demo volunteers`);
  }

  /** Sends the request and returns the status board it leads to. */
  async send(): Promise<BoardPage> {
    await this.page.getByRole("button", { name: "Anfrage senden" }).click();
    await expect(this.page).toHaveURL(/\/admin\/requests\/[0-9a-f-]{36}/);
    return new BoardPage(this.page);
  }
}
