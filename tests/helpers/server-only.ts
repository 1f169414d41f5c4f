// vitest stand-in for the "server-only" marker package (Next resolves the real one).
export {};
