import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { resetConfigForTests } from "@/lib/config";
import { registerVolunteer } from "@/lib/volunteers/register";
import { setupTestDatabase } from "../helpers/db";
import { formFor } from "../helpers/volunteers";

const t = setupTestDatabase();

async function confirmationSms() {
  return t.db.select().from(s.messages).where(and(eq(s.messages.channel, "sms"), eq(s.messages.kind, "confirm-phone")));
}

describe("confirmation SMS budget (SMS pumping)", () => {
  afterEach(() => {
    delete process.env.CONFIRMATION_SMS_PER_PREFIX_HOUR;
    delete process.env.CONFIRMATION_SMS_PER_HOUR;
    resetConfigForTests();
  });

  it("sends at most the hourly cap per number prefix, however many addresses and IPs ask", async () => {
    process.env.CONFIRMATION_SMS_PER_PREFIX_HOUR = "3";
    resetConfigForTests();
    for (let i = 0; i < 6; i++) {
      const form = await formFor(t.db, { email: "", phone: `+4915112345${String(670 + i)}`, contactPreference: "sms" });
      // every registration answers the same: nobody learns about the cap
      expect((await registerVolunteer(form, { ip: `198.51.100.${i}`, db: t.db })).ok).toBe(true);
    }
    expect(await confirmationSms()).toHaveLength(3);
    // another prefix still gets its confirmation
    await registerVolunteer(await formFor(t.db, { email: "", phone: "0170 2345 6789", contactPreference: "sms" }), { ip: "198.51.100.50", db: t.db });
    expect((await confirmationSms()).map((m) => m.recipient)).toContain("+4917023456789");
  });

  it("stops at the installation-wide hourly cap", async () => {
    process.env.CONFIRMATION_SMS_PER_HOUR = "2";
    resetConfigForTests();
    const numbers = ["0151 2345 6781", "0160 2345 6782", "0170 2345 6783", "0176 2345 6784"];
    for (const [i, phone] of numbers.entries()) {
      await registerVolunteer(await formFor(t.db, { email: "", phone, contactPreference: "sms" }), { ip: `198.51.100.${i}`, db: t.db });
    }
    expect(await confirmationSms()).toHaveLength(2);
  });
});
