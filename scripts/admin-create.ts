import { z } from "zod";
import { seedDatabase, ensureMember } from "@/db/seed";
import { openScriptDatabase } from "./script-db";

const email = z.email().safeParse(process.argv[2]?.trim().toLowerCase());
if (!email.success) {
  console.error("usage: npm run admin:create -- someone@example.org");
  process.exit(2);
}
const handle = await openScriptDatabase();
const org = await seedDatabase(handle.db, { demo: false });
const { membership } = await ensureMember(handle.db, org.id, email.data, "admin");
console.log(`${email.data} is ${membership.role} of ${org.name}. Sign in at /admin with this address.`);
await handle.close();
