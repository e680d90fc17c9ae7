import "server-only";
import type { ApiJob, ApiScheduledJob } from "./api-types";
import { listScheduledJobs } from "./list-scheduled-jobs";
import { TtlCache, tokenKey } from "./ttl-cache";

/**
 * One Hub read per namespace per poll interval, shared by every tab and user allowed to see it
 * (issue 14 "one poll per namespace"): 5 tabs on a dashboard cost the Hub what 1 does.
 *
 * How access stays per request:
 * - the route still runs `authorize(namespace)` before it asks this cache (lib/auth/authorize.ts);
 * - a token may take a shared answer only after the Hub itself answered that token for that
 *   namespace (a *proof*, kept {@link NamespaceReads.proofMs}); a token the Hub never accepted for
 *   the namespace always goes to the Hub, so a scoped or revoked token never reads through another
 *   user's answer for longer than the proof lasts. Errors are never cached: a failed read is
 *   retried by the next request, and only callers that joined that very in-flight read share it.
 *
 * Entries are keyed by namespace + read (e.g. `list?stage=RUNNING`), so `forget(namespace)` after a
 * mutation (launch, cancel, delete) drops them all and the next poll sees the change at once; a read
 * already in flight when `forget` runs does not store its (pre-mutation) answer when it lands.
 * Per server process, in memory, bounded (oldest evicted).
 */
export class NamespaceReads<V> {
  private readonly entries = new Map<string, { promise: Promise<V>; expires: number }>();
  private readonly proofs: TtlCache<true>;
  /** bumped by every forget/clear: a read that started before one must not store its (older) answer after it */
  private epoch = 0;
  /** Hub reads started (for tests and the bench) */
  hubReads = 0;

  /**
   * @param ttlMs how long one answer is shared, in ms: the poll interval of the read
   * @param proofMs how long a token that the Hub answered may take shared answers, in ms
   * @param maxEntries most entries held (oldest evicted first)
   */
  constructor(readonly ttlMs: number, readonly proofMs = 5 * 60_000, private readonly maxEntries = 2000) {
    this.proofs = new TtlCache<true>(proofMs, maxEntries);
  }

  /**
   * The answer of `load()` for (`namespace`, `key`): a fresh shared one when `tokenKey` holds a proof
   * for `namespace`, else a Hub read (which, if it succeeds, also becomes the shared answer).
   * @param tokenKey a hash of the caller's token (lib/hub/ttl-cache.ts `tokenKey`), never the token
   * @throws whatever `load` throws (not cached)
   */
  async read(p: { namespace: string; key: string; tokenKey: string; load: () => Promise<V>; now?: number }): Promise<V> {
    const now = p.now ?? Date.now();
    const entryKey = `${p.namespace}\u0000${p.key}`;
    const proofKey = `${p.tokenKey}\u0000${p.namespace}`;
    const proven = this.proofs.get(proofKey, now) === true;
    const entry = this.entries.get(entryKey);
    if (proven && entry && entry.expires > now) return entry.promise;

    this.hubReads++;
    const epoch = this.epoch;
    const promise = p.load();
    const fresh = { promise, expires: now + this.ttlMs };
    // Only a proven token's read is shared before it settles; an unproven one is shared once it succeeds.
    if (proven) this.store(entryKey, fresh);
    try {
      const value = await promise;
      this.proofs.set(proofKey, true, p.now ?? Date.now());
      if (!proven && epoch === this.epoch) this.store(entryKey, { ...fresh, promise: Promise.resolve(value) });
      return value;
    } catch (err) {
      if (this.entries.get(entryKey) === fresh) this.entries.delete(entryKey);
      throw err;
    }
  }

  /** Drops every shared answer of `namespace` (after a mutation there), keeping the proofs. */
  forget(namespace: string): void {
    this.epoch++;
    const prefix = `${namespace}\u0000`;
    for (const k of [...this.entries.keys()]) if (k.startsWith(prefix)) this.entries.delete(k);
  }

  /** Drops everything, proofs included (tests). */
  clear(): void {
    this.epoch++;
    this.entries.clear();
    this.proofs.clear();
    this.hubReads = 0;
  }

  private store(key: string, value: { promise: Promise<V>; expires: number }): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, value);
  }
}

/** Shared answers of the job list (one Hub page per filter set), for 3 s: the dashboard's fastest poll (lib/jobs/poll.ts POLL.listActive). */
export const jobListReads = new NamespaceReads<{ jobs: ApiJob[]; nextPageUrl: string | null }>(3_000);
/** Shared answers of one job's GET, for 2 s: the job page's poll (POLL.jobActive). */
export const jobReads = new NamespaceReads<ApiJob>(2_000);

/**
 * Shared answers of the scheduled-jobs list (the Hub does not page it, specs/hub-jobs-api.md §8.3), for
 * 10 s: the schedules page's poll (lib/jobs/poll.ts POLL.scheduled).
 */
export const scheduledListReads = new NamespaceReads<ApiScheduledJob[]>(10_000);

/**
 * `GET /api/scheduled-jobs/{namespace}` through {@link scheduledListReads}: identical reads of one
 * namespace within 10 s share one Hub answer; a token the Hub has not answered for the namespace
 * always reads from the Hub (see {@link NamespaceReads}). The caller still authorizes the request.
 * @param p.now the clock in ms (tests); the shared answer is keyed by hub URL + namespace only
 * @throws HubApiError / network errors from `listScheduledJobs` (never cached)
 */
export async function readScheduledJobList(p: { hubUrl: string; accessToken: string; namespace: string; fetch?: typeof fetch; now?: number }): Promise<ApiScheduledJob[]> {
  return scheduledListReads.read({
    namespace: p.namespace,
    ...(p.now === undefined ? {} : { now: p.now }),
    key: `${p.hubUrl}\u0000scheduled`,
    tokenKey: await tokenKey(p.accessToken),
    load: () => listScheduledJobs({ hubUrl: p.hubUrl, accessToken: p.accessToken, namespace: p.namespace, fetch: p.fetch }),
  });
}

/**
 * After a mutation in `namespace` (launch, schedule, cancel, duplicate, run now, suspend, resume,
 * delete a schedule): every shared answer of the namespace (jobs and schedules) is dropped, so the
 * next read goes to the Hub.
 */
export function forgetJobReads(namespace: string): void {
  jobListReads.forget(namespace);
  jobReads.forget(namespace);
  scheduledListReads.forget(namespace);
}

// --- issue 13 item 3: the composer's volume suggestions ---
/** A namespace's mountable sources by volume type, `namespace/name` each. */
export type VolumeSources = Record<"model" | "dataset" | "space" | "bucket", string[]>;
/**
 * Shared answers of a namespace's repos and buckets (the composer's volume suggestions), for 30 s:
 * they change rarely, and a slightly old list only means one suggestion less.
 */
export const volumeSourceReads = new NamespaceReads<VolumeSources>(30_000);
