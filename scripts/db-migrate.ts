import { openScriptDatabase } from "./script-db";

const handle = await openScriptDatabase();
console.log(`migrated: ${handle.description}`);
await handle.close();
