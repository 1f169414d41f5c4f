import { config } from "@/lib/config";

/** Absolute links for messages. Tokens go in the path, never in logs. */
export function absoluteUrl(path: string): string {
  return `${config().appUrl}${path.startsWith("/") ? path : `/${path}`}`;
}

export const urls = {
  home: () => absoluteUrl("/"),
  manage: () => absoluteUrl("/manage"),
  response: (token: string) => absoluteUrl(`/r/${token}`),
};

/**
 * The same link as written into an SMS: on SMS_LINK_BASE_URL (a short host name of the same app,
 * redirected to APP_URL by proxy.ts) when one is configured, else unchanged. Every character of a
 * link counts in a UCS-2 SMS (70 characters per segment). Links that are not the app's stay as they are.
 */
export function smsLink(link: string): string {
  const { appUrl, smsLinkBaseUrl } = config();
  return smsLinkBaseUrl !== appUrl && link.startsWith(`${appUrl}/`) ? smsLinkBaseUrl + link.slice(appUrl.length) : link;
}
