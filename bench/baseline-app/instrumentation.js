// No-op: keeps Next.js from using the Helferruf app's instrumentation.ts (same Turbopack root).
export function register() {}
