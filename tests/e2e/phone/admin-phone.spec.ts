import { signIn } from "../auth";
import { expect, expectNoA11yViolations, expectNoHorizontalScroll, test } from "../fixtures";

test("coordinators on the go: sign-in, overview and directory work at 320 px", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await signIn(page, "admin@example.org");
  await expect(page.getByRole("heading", { name: "Übersicht" })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectNoA11yViolations(page);
  await page.goto("/admin/volunteers?status=active");
  await expect(page.getByTestId("volunteer-count")).toContainText(/\d+ Freiwillige/);
  await expectNoHorizontalScroll(page);
  await expectNoA11yViolations(page);
});
