/**
 * A platform (installation) administrator, proven by the session (lib/platform/guard.ts). It
 * carries no organisation: platform functions take it, and nothing of an organisation's
 * coordinator area accepts it (those take an `Actor`, which needs a membership).
 */
export type PlatformActor = { userId: string; email: string; platform: true };
