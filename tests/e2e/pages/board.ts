import type { Page } from "@playwright/test";

const BOARD_JSON = /^\/api\/admin\/requests\/[^/]+\/board$/;

/** The status board /admin/requests/<id>: polls its JSON route, so it updates without a reload. */
export class BoardPage {
  constructor(readonly page: Page) {}

  get progress() { return this.page.getByTestId("board-progress"); }
  get status() { return this.page.getByTestId("board-status"); }
  get waveList() { return this.page.getByTestId("wave-list"); }
  get nextWave() { return this.page.getByTestId("next-wave"); }

  /** One of the counters: asked, accepted, declined, withdrawn, noAnswer, notNeeded, queued, messageFailures. */
  count(name: string) {
    return this.page.getByTestId(`count-${name}`);
  }

  /** Waits for the board's next poll that starts from now on and returns what it brought. */
  async nextPoll(): Promise<{ counts: Record<string, number> }> {
    const request = await this.page.waitForRequest((r) => BOARD_JSON.test(new URL(r.url()).pathname));
    const response = await request.response();
    return response!.json();
  }
}
