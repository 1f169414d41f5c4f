import { expect, type Page } from "@playwright/test";

type Answer = "Zusagen" | "Absagen" | "Zusage zurückziehen";

/** The helper's one-tap response page /r/<token>. */
export class ResponsePage {
  constructor(readonly page: Page) {}

  get yourAnswer() { return this.page.getByTestId("your-answer"); }
  get stillNeeded() { return this.page.getByTestId("still-needed"); }

  /** Opens the link as the message has it; `answer` only pre-selects (a GET never answers). */
  async open(link: string, answer?: "accept" | "decline") {
    return this.page.goto(answer ? `${link}?answer=${answer}` : link);
  }

  button(answer: Answer) {
    return this.page.getByRole("button", { name: answer, exact: true });
  }

  /** Presses one of the answer buttons (a form post). */
  async press(answer: Answer) {
    await this.button(answer).click();
  }

  /** Opens the link, answers, and waits until the page shows the answer was taken. */
  async answer(link: string, answer: Answer) {
    await this.open(link);
    await this.press(answer);
    await expect(this.button(answer)).toBeHidden();
  }

  async close() {
    await this.page.context().close();
  }
}
