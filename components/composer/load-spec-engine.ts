/** The lazily loaded spec engine (./spec-engine.ts). */
export type SpecEngine = typeof import("./spec-engine");

let pending: Promise<SpecEngine> | null = null;

/**
 * Loads ./spec-engine.ts once per page (later calls share the first promise; a failed load is retried
 * on the next call).
 * @throws the chunk load error (offline, deployment replaced)
 */
export function loadSpecEngine(): Promise<SpecEngine> {
  pending ??= import("./spec-engine").catch((err: unknown) => {
    pending = null;
    throw err;
  });
  return pending;
}
