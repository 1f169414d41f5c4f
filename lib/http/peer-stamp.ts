import { randomBytes } from "node:crypto";
import http from "node:http";

/**
 * Stamps every incoming request with its socket address under a random per-process header name
 * (read by clientIpFrom). Installed once at server start; a client-sent header of that name is
 * overwritten, and the name itself is never sent anywhere.
 */
export function installPeerStamp() {
  const g = globalThis as { __helferrufPeerHeader?: string };
  if (g.__helferrufPeerHeader) return;
  const name = `x-helferruf-peer-${randomBytes(8).toString("hex")}`;
  g.__helferrufPeerHeader = name;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[name] = req.socket?.remoteAddress ?? "";
    }
    return (emit as (this: http.Server, e: string | symbol, ...a: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
}
