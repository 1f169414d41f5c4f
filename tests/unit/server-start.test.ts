import { afterEach, describe, expect, it, vi } from "vitest";
import { resetConfigForTests } from "@/lib/config";

describe("server start", () => {
  afterEach(() => {
    delete process.env.TWILIO_ACCOUNT_SID;
    resetConfigForTests();
    vi.restoreAllMocks();
  });

  it("exits with the message naming the variable when the configuration is invalid", async () => {
    process.env.TWILIO_ACCOUNT_SID = "not-a-sid";
    resetConfigForTests();
    const exit = vi.spyOn(process, "exit").mockImplementation(((code?: number) => {
      throw new Error(`exit ${code}`);
    }) as never);
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { startServer } = await import("@/lib/server-start");
    await expect(startServer()).rejects.toThrow("exit 1");
    expect(exit).toHaveBeenCalledWith(1);
    expect(error.mock.calls.flat().join(" ")).toContain("TWILIO_ACCOUNT_SID");
  });
});
