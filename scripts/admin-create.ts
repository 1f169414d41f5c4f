import { and, eq } from "drizzle-orm";
import { z } from "zod";
import * as s from "@/db/schema";
import { seedDatabase, ensureMember } from "@/db/seed";
import { openScriptDatabase } from "./script-db";

const email = z.email().safeParse(process.argv[2]?.trim().toLowerCase());
if (!email.success) {
  console.error("usage: npm run admin:create -- someone@example.org");
  process.exit(2);
}
const handle = await openScriptDatabase();
const org = await seedDatabase(handle.db, { demo: false });
const { user, membership } = await ensureMember(handle.db, org.id, email.data, "admin");
if (membership.role !== "admin") {
  // an existing coordinator is promoted: the command's promise is "this address is admin"
  await handle.db
    .update(s.memberships)
    .set({ role: "admin" })
    .where(and(eq(s.memberships.userId, user.id), eq(s.memberships.organizationId, org.id)));
  membership.role = "admin";
}
console.log(`${email.data} is ${membership.role} of ${org.name}. Sign in at /admin with this address.`);
await handle.close();
