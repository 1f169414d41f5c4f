/**
 * Double opt-in: only channels the volunteer has confirmed may ever be used, and only those the
 * volunteer prefers. Issue 5 (requests) calls this before it sends anything.
 */
export type ReachableInput = {
  email: string | null;
  phone: string | null;
  emailConfirmedAt: Date | null;
  phoneConfirmedAt: Date | null;
  contactPreference: "sms" | "email" | "both";
  emailBouncedAt?: Date | null;
  /** one-click unsubscribe (RFC 8058) */
  emailOptedOutAt?: Date | null;
  smsOptedOutAt?: Date | null;
};

export type Channel = "email" | "sms";

export function confirmedChannels(v: ReachableInput): Channel[] {
  const out: Channel[] = [];
  if (v.email && v.emailConfirmedAt && !v.emailBouncedAt && !v.emailOptedOutAt) out.push("email");
  if (v.phone && v.phoneConfirmedAt && !v.smsOptedOutAt) out.push("sms");
  return out;
}

/**
 * The channels to use for a message: the confirmed ones the volunteer prefers; if the preferred
 * channel is not (yet) confirmed, another confirmed one, so a volunteer is never silently lost.
 */
export function reachableChannels(v: ReachableInput): Channel[] {
  const confirmed = confirmedChannels(v);
  const preferred: Channel[] = v.contactPreference === "both" ? ["email", "sms"] : [v.contactPreference];
  const chosen = confirmed.filter((c) => preferred.includes(c));
  return chosen.length > 0 ? chosen : confirmed;
}

export function contactOf(v: { email: string | null; phone: string | null }, channel: Channel): string | null {
  return channel === "email" ? v.email : v.phone;
}
