import { beforeEach, vi } from "vitest";
import { cookieJar } from "./next";

/**
 * Setup file of the integration projects (vitest.config.ts). Integration tests call server
 * actions and route handlers outside a Next.js request: these stand in for the request's headers
 * and cookies (tests/helpers/next.ts) and for the cache, and every test starts without cookies.
 * A test file may still vi.mock either module itself; its own mock wins.
 */
vi.mock("next/headers", async () => (await import("./next")).nextHeaders);
vi.mock("next/cache", async () => (await import("./next")).nextCache);

beforeEach(() => cookieJar.clear());
