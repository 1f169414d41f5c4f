import { config } from "@/lib/config";
import { seedDatabase } from "@/db/seed";
import { openScriptDatabase } from "./script-db";

const handle = await openScriptDatabase();
const org = await seedDatabase(handle.db, { demo: config().demoData || process.argv.includes("--demo") });
console.log(`seeded: ${org.name} (${org.slug}) in ${handle.description}`);
await handle.close();
