import { expect, expectNoA11yViolations, test } from "../fixtures";

test("an unsubscribe link opened in the browser shows a page and changes nothing by itself", async ({ page }) => {
  const token = "A".repeat(43);
  await page.goto(`/api/unsubscribe/${token}`);
  await expect(page).toHaveURL(new RegExp(`/unsubscribe/${token}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Keine E-Mails mehr erhalten");
  await expect(page.getByText("Dieser Link ist ungültig oder abgelaufen.")).toBeVisible();
  await expectNoA11yViolations(page);
});

test("provider webhooks refuse unsigned calls with 403", async ({ request }) => {
  expect((await request.post("/api/webhooks/resend", { data: { type: "email.delivered", data: { email_id: "x" } } })).status()).toBe(403);
  expect((await request.post("/api/webhooks/twilio/status", { form: { MessageSid: "SM" + "0".repeat(32), MessageStatus: "delivered" } })).status()).toBe(403);
  expect((await request.post("/api/webhooks/twilio/inbound", { form: { From: "+491511234567", Body: "STOP" } })).status()).toBe(403);
});
