import type { JobLimits } from "./runner/job-limits";
import type { Db } from "./store/db";
import type { Account, IdentityStore } from "./store/identity";

/** Options of {@link createLocalHub}. */
export interface LocalHubOptions {
  /** Folder holding all state: `hub.sqlite`, `token`, `oauth-client.json`, bucket trees, job logs. */
  dir: string;
  /** Name of the local user (default: env `LOCAL_HUB_USER`, else `local-user`). */
  user?: string;
  /** The user's Hub token (default: env `LOCAL_HUB_TOKEN`, else the one in `{dir}/token`, else new). Must start with `hf_`. */
  token?: string;
  /** Serves `/__test/*` (reset, fault injection, extra users, request counts). Never on by default. */
  testControls?: boolean;
  /** Cap on jobs running at once; extra jobs stay SCHEDULING (default: CPU count). */
  maxConcurrentJobs?: number;
  /**
   * bubblewrap binary for job sandboxes (default: env `LOCAL_HUB_BWRAP`, else `bwrap` on PATH).
   * `"off"` runs every job as a plain process; a path that does not exist acts as "not installed".
   */
  bwrapPath?: string;
  /**
   * Host uid (and gid) that runs job sandboxes when the Hub runs as root (default: env
   * `LOCAL_HUB_JOB_UID`, else 61000); `"off"` keeps root outside the sandbox. See sandbox-user.ts.
   */
  jobHostUid?: number | "off";
  /**
   * Operator caps on per-job limits (bytes / counts), applied below the flavor's own values
   * (see runner/job-limits.ts); tests use small caps.
   */
  jobLimits?: Partial<JobLimits>;
  /**
   * Network of job sandboxes: `"host"` (default) shares this machine's network, as HF Jobs have
   * internet; `"none"` gives each job an empty network namespace (no network at all).
   */
  jobNetwork?: "host" | "none";
  /** Interval of `: keep-alive` comments on job SSE streams, ms (default 15000; the Hub's is ~30 s). */
  sseKeepAliveMs?: number;
  /** Redirect URIs accepted for the app's OAuth client, besides the ones already registered. */
  oauthRedirectUris?: string[];
  /**
   * Public OAuth clients (no secret, PKCE only: browser apps using @huggingface/hub `oauthLoginUrl`),
   * besides those in `{dir}/oauth-public-clients.json`.
   */
  oauthPublicClients?: { clientId: string; redirectUris: string[] }[];
}

/** Everything a route factory needs. One per local Hub instance. */
export interface HubContext {
  readonly dir: string;
  readonly db: Db;
  readonly identity: IdentityStore;
  /** the primary user and their org (`local-org`) */
  readonly user: Account;
  readonly org: Account;
  /** the primary user's token */
  readonly token: string;
  readonly options: LocalHubOptions;
  /** Registers work for `/__test/reset` (wipe state of one area). */
  onReset(fn: () => void | Promise<void>): void;
  /** Registers work for `close()` (stop timers, kill processes). */
  onClose(fn: () => void | Promise<void>): void;
}
