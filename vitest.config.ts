import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const integration = ["tests/integration/**/*.test.ts"];
// Next.js request stand-ins (headers, cookies, cache) for server actions called outside a request
const setupFiles = ["tests/helpers/next-request.ts"];
// next-auth imports "next/server" without an extension, which Node's ESM loader cannot resolve:
// let vite load it (tests that call the Auth.js handlers, e.g. the sign-in link test)
const server = { deps: { inline: ["next-auth"] } };

/**
 * Three projects: pure unit tests; integration tests on PGlite; and, when TEST_DATABASE_URL is
 * set (CI), the same integration tests on a real PostgreSQL server, one database per test file.
 */
export default defineConfig({
  resolve: {
    alias: {
      "@/": root,
      "server-only": `${root}tests/helpers/server-only.ts`,
    },
  },
  test: {
    // one file per core: vitest's default leaves a core free (1 worker on CI's 2 cores), but the
    // integration files mostly wait on the database; 2 workers took the suite from 14.3 to 9.5 min
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      {
        extends: true,
        test: { name: "pglite", include: integration, env: { TEST_DB: "pglite" }, globalSetup: ["tests/helpers/global-setup.ts"], setupFiles, server },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              extends: true as const,
              test: { name: "postgres", include: integration, env: { TEST_DB: "postgres" }, globalSetup: ["tests/helpers/global-setup.ts"], setupFiles, server },
            },
          ]
        : []),
    ],
  },
});
