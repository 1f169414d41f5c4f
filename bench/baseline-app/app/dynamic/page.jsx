import { connection } from "next/server";

// A trivial dynamic page: rendered on every request, no data.
export default async function Dynamic() {
  await connection();
  return <main>{new Date().toISOString()}</main>;
}
