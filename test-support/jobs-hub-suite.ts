import { afterAll, beforeAll, beforeEach } from "vitest";
import { startJobsHub, type JobsHub } from "./jobs-hub";

/** What a suite of launch tests reads from its local Hub; valid inside tests (after `beforeAll`). */
export interface JobsHubSuite {
  readonly t: JobsHub;
  /** `{hubUrl, accessToken}` of the primary user */
  readonly creds: { hubUrl: string; accessToken: string };
  /** the primary user's namespace */
  readonly ns: string;
}

/**
 * Registers one local Hub for the enclosing `describe`: started before all its tests, injected faults
 * cleared (`DELETE /__test/faults`) before each, closed after all. Call it at the top of the describe.
 * @throws Error when read before its `beforeAll` ran (e.g. at collection time)
 */
export function useJobsHubSuite(): JobsHubSuite {
  let hub: JobsHub | null = null;
  const started = (): JobsHub => {
    if (!hub) throw new Error("useJobsHubSuite: the local Hub is read before beforeAll ran");
    return hub;
  };
  beforeAll(async () => {
    hub = await startJobsHub();
  });
  afterAll(() => hub?.hub.close());
  beforeEach(async () => {
    await started().api("/__test/faults", { method: "DELETE" });
  });
  return {
    get t() {
      return started();
    },
    get creds() {
      const { hubUrl, accessToken } = started().base;
      return { hubUrl, accessToken };
    },
    get ns() {
      return started().base.namespace;
    },
  };
}
