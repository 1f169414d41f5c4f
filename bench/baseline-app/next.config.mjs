import path from "node:path";
import { fileURLToPath } from "node:url";

// Baselines for `npm run bench`: the same Next.js version and build, with nothing of ours in it.
const here = path.dirname(fileURLToPath(import.meta.url));
const config = { poweredByHeader: false, turbopack: { root: path.resolve(here, "../..") } };
export default config;
