/**
 * Every internal page URL of the app, built in one place (issue 12, item 4): pages, components and
 * lib/auth (the sign-in page) link with these, never with a hand-made template. Client-safe, pure. Path segments are URI-encoded here; a query value too.
 * The scheduled-job pages moved from `/scheduled` to `/scheduled-jobs` (one name for the concept
 * across folders); next.config.ts redirects the old URLs permanently.
 */
const enc = encodeURIComponent;
const nsQuery = (namespace?: string) => (namespace ? `?ns=${enc(namespace)}` : "");

export const appPaths = {
  /** the composer */
  home: () => "/",
  /** the composer prefilled from job `{namespace}/{jobId}` ("Edit and re-run") */
  rerun: (namespace: string, jobId: string) => `/?from=${enc(`${namespace}/${jobId}`)}`,
  /** the jobs dashboard, of `namespace` when given */
  jobs: (namespace?: string) => `/jobs${nsQuery(namespace)}`,
  /** one job's page; `recovered` adds the notice that a lost launch answer was found again */
  job: (namespace: string, jobId: string, { recovered = false }: { recovered?: boolean } = {}) =>
    `/jobs/${enc(namespace)}/${enc(jobId)}${recovered ? "?recovered=1" : ""}`,
  /** the members of network group `group` of `namespace` (a replicated launch), with "Cancel all" */
  group: (namespace: string, group: string) => `/jobs/${enc(namespace)}/groups/${enc(group)}`,
  /** runs side by side, the first the base */
  compare: (namespace: string, ids: readonly string[]) => `/jobs/${enc(namespace)}/compare?ids=${ids.map(enc).join(",")}`,
  /** the scheduled jobs list, of `namespace` when given */
  scheduledJobs: (namespace?: string) => `/scheduled-jobs${nsQuery(namespace)}`,
  /** one scheduled job's page */
  scheduledJob: (namespace: string, id: string, opts?: { replaced?: string }) =>
    `/scheduled-jobs/${enc(namespace)}/${enc(id)}${opts?.replaced ? `?replaced=${enc(opts.replaced)}` : ""}`,
  /** the sign-in page, coming back to `callbackUrl` (an app path) afterwards */
  signIn: (callbackUrl?: string) => (callbackUrl ? `/sign-in?callbackUrl=${enc(callbackUrl)}` : "/sign-in"),
} as const;

/** The prefix of the scheduled-job pages, for navigation highlighting and the namespace switcher. */
export const SCHEDULED_JOBS_PREFIX = "/scheduled-jobs";
