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
