import { and, eq } from "drizzle-orm";
import { z } from "zod";
import * as s from "@/db/schema";
import { seedDatabase, ensureMember } from "@/db/seed";
import { ensurePlatformAdmin } from "@/lib/platform/admins";
import { openScriptDatabase } from "./script-db";

// npm run admin:create -- someone@example.org             admin of the (seeded) organisation
// npm run admin:create -- --platform someone@example.org  platform administrator (lib/platform)
const args = process.argv.slice(2);
const platform = args.includes("--platform");
const email = z.email().safeParse(args.find((a) => !a.startsWith("--"))?.trim().toLowerCase());
if (!email.success || args.some((a) => a.startsWith("--") && a !== "--platform")) {
  console.error("usage: npm run admin:create -- someone@example.org\n       npm run admin:create -- --platform someone@example.org");
  process.exit(2);
}
const handle = await openScriptDatabase();
const org = await seedDatabase(handle.db, { demo: false });
if (platform) {
  const { created } = await ensurePlatformAdmin(handle.db, email.data);
  console.log(`${email.data} ${created ? "is now" : "already was"} a platform administrator. Sign in at /admin/sign-in with this address; the platform area is /platform.`);
} else {
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
}
await handle.close();
