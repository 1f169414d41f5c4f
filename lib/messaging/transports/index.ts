import { DevTransport } from "./dev";
import type { Transport } from "./types";

export type Transports = { email: Transport; sms: Transport };

const g = globalThis as unknown as { __helferrufTransports?: Transports; __helferrufTransportLogged?: boolean };

/** Chooses providers from the configuration; without keys both channels use the dev transport. */
export function getTransports(): Transports {
  if (g.__helferrufTransports) return g.__helferrufTransports;
  const dev = new DevTransport();
  const transports: Transports = { email: dev, sms: dev };
  if (!g.__helferrufTransportLogged && process.env.NODE_ENV !== "test") {
    console.log("[messaging] no provider keys set: e-mail and SMS use the development transport (read them at /dev/outbox)");
    g.__helferrufTransportLogged = true;
  }
  g.__helferrufTransports = transports;
  return transports;
}

/** Tests replace the transports. */
export function setTransportsForTests(t: Transports | undefined) {
  g.__helferrufTransports = t;
}
