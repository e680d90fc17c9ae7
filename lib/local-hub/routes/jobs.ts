import { Hono, type Context } from "hono";
import { isMemberOf, jobsScopeGuard, requireCaller, requireWrite } from "../auth";
import type { HubContext } from "../context";
import { hubError } from "../errors";
import type { HubEnv } from "../hub-env";
import { jobServiceFor, type JobService, type LogRecord, type StageEvent } from "../runner/job-service";
import { jobView, viewOptions } from "../runner/job-views";
import { SPEC_LIMITS } from "../runner/spec-limits";
import { sseResponse } from "../runner/sse";
import { validateJobSpec, validateLabels } from "../runner/validate-job-spec";
import { JOB_STAGES, TERMINAL_STAGES, type JobRecord, type JobStage } from "../store/jobs";
import type { TreeSample } from "../runner/process-tree-metrics";
import { bucketVolumeCheck, jsonBody, ownerOf } from "./helpers";

/** Default and maximum page size of `GET /api/jobs/{ns}` (the Hub's first page was "the last 100 Jobs", §7.3). */
export const JOBS_PAGE_SIZE = 100;

/**
 * Jobs routes (specs/hub-jobs-api.md §7), mounted at `/api/jobs`: run, list (filters + `Link` pagination), get, cancel,
 * duplicate, labels, and the logs / metrics / events SSE streams.
 *
 * Access: writes need a write token of a member of `{ns}` (403 otherwise); reads need membership —
 * listing another namespace is 403, a job of another namespace is 404 ("Job … not found").
 * List paging (local Hub choice; the Hub's cursor is opaque): `?limit=1..100` (default 100) and an
 * opaque `cursor`; the next page's absolute URL is in `Link: <…>; rel="next"`.
 */
export function jobRoutes(ctx: HubContext): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  app.use("*", jobsScopeGuard(ctx));
  const svc = jobServiceFor(ctx);
  const findJob: FindJob = (c, access) => {
    const ns = c.req.param("ns") ?? "";
    const id = c.req.param("id") ?? "";
    const caller = access === "write" ? requireWrite(ctx, c, ns) : requireCaller(ctx, c);
    const job = /^[0-9a-f]{24}$/.test(id) ? svc.store.get(id) : null;
    if (!job || job.namespace !== ns || !isMemberOf(caller, ns)) throw hubError(404, `Job ${id} not found in namespace ${ns}`);
    return job;
  };
  jobCrudRoutes(ctx, app, svc, findJob);
  jobStreamRoutes(ctx, app, svc, findJob);
  return app;
}

/** The job of `/:ns/:id` the caller may read (or write). @throws HubError 401, 403, 404 */
type FindJob = (c: Context, access: "read" | "write") => JobRecord;

/** Run, list, get, cancel, duplicate, labels. */
function jobCrudRoutes(ctx: HubContext, app: Hono<HubEnv>, svc: JobService, findJob: FindJob): void {
  app.post("/:ns", async (c) => {
    const ns = c.req.param("ns");
    const caller = requireWrite(ctx, c, ns);
    const { spec, secrets } = validateJobSpec(await jsonBody(c), bucketVolumeCheck(ctx, caller));
    const job = svc.create({
      namespace: ns, spec, secrets, owner: ownerOf(ctx, ns),
      initiator: { type: "user", id: caller.user.id, name: caller.user.name },
      createdBy: { id: caller.user.id, name: caller.user.name },
    });
    return c.json(jobView(job, Date.now(), viewOptions(ctx)));
  });

  app.get("/:ns", (c) => {
    const ns = c.req.param("ns");
    const caller = requireCaller(ctx, c);
    if (!isMemberOf(caller, ns)) throw hubError(403, `You don't have access to the jobs of namespace "${ns}"`);
    const q = listQuery(c);
    const page = svc.store.list({ namespace: ns, stages: q.stages, labels: q.labels, beforeSeq: q.beforeSeq, limit: q.limit + 1 });
    const now = Date.now();
    const body = page.slice(0, q.limit).map((j) => jobView(j, now, viewOptions(ctx)));
    if (page.length > q.limit) {
      const next = new URL(c.req.url);
      next.searchParams.set("cursor", Buffer.from(`seq:${page[q.limit - 1].seq}`).toString("base64url"));
      c.header("Link", `<${next.toString()}>; rel="next"`);
    }
    return c.json(body);
  });

  app.get("/:ns/:id", (c) => c.json(jobView(findJob(c, "read"), Date.now(), viewOptions(ctx))));

  app.post("/:ns/:id/cancel", async (c) => {
    const job = findJob(c, "write");
    const after = await svc.cancel(job.id);
    return c.json(jobView(after ?? job, Date.now(), viewOptions(ctx)));
  });

  app.post("/:ns/:id/duplicate", (c) => {
    const job = findJob(c, "write");
    return c.json(jobView(svc.duplicate(job, requireCaller(ctx, c))));
  });

  app.put("/:ns/:id/labels", async (c) => {
    const job = findJob(c, "write");
    const body = await jsonBody(c);
    if (typeof body !== "object" || body === null || !("labels" in body)) throw hubError(400, 'The body must be {"labels": {…}}');
    const labels = validateLabels((body as { labels: unknown }).labels);
    const updated = svc.store.update(job.id, { labels }, new Date().toISOString());
    return c.json(jobView(updated ?? job, Date.now(), viewOptions(ctx)));
  });
}

/**
 * The list filters of `GET /api/jobs/{ns}`: `stage` (repeatable, any case), `label` (`key` or
 * `key=value`, at most SPEC_LIMITS.labelFilters), `limit` 1..100, opaque `cursor`.
 * @throws HubError 400 naming the parameter
 */
function listQuery(c: Context): { stages: JobStage[]; labels: { key: string; value: string | null }[]; limit: number; beforeSeq: number | null } {
  const stages = (c.req.queries("stage") ?? []).map((s) => s.toUpperCase());
  for (const s of stages) {
    if (!(JOB_STAGES as readonly string[]).includes(s)) throw hubError(400, `Invalid stage filter "${s}"; expected one of ${JOB_STAGES.join(", ")}`);
  }
  const labelQueries = c.req.queries("label") ?? [];
  if (labelQueries.length > SPEC_LIMITS.labelFilters) throw hubError(400, `label: at most ${SPEC_LIMITS.labelFilters} label filters per call`);
  const labels = labelQueries.map((l) => {
    const eq = l.indexOf("=");
    const key = eq < 0 ? l : l.slice(0, eq);
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(key)) throw hubError(400, `Invalid label filter "${l}"; expected key=value`);
    return { key, value: eq < 0 ? null : l.slice(eq + 1) };
  });
  const limitRaw = c.req.query("limit");
  const limit = limitRaw === undefined ? JOBS_PAGE_SIZE : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > JOBS_PAGE_SIZE) throw hubError(400, `limit must be an integer between 1 and ${JOBS_PAGE_SIZE}`);
  const cursor = c.req.query("cursor");
  let beforeSeq: number | null = null;
  if (cursor !== undefined) {
    beforeSeq = Number(Buffer.from(cursor, "base64url").toString("utf8").replace(/^seq:/, ""));
    if (!Number.isInteger(beforeSeq) || beforeSeq < 1) throw hubError(400, "Invalid cursor");
  }
  return { stages: stages as JobStage[], labels, limit, beforeSeq };
}

/** The logs, events and metrics SSE streams (specs/hub-jobs-api.md §7.6–7.8). */
function jobStreamRoutes(ctx: HubContext, app: Hono<HubEnv>, svc: JobService, findJob: FindJob): void {
  const keepAliveMs = ctx.options.sseKeepAliveMs ?? 15_000;
  // Metrics streams poll the store; they must end before the store closes.
  const metricStreams = new Set<() => void>();
  svc.onShutdown(() => {
    for (const close of [...metricStreams]) close();
  });

  app.get("/:ns/:id/logs", (c) => {
    const job = findJob(c, "read");
    const tailRaw = c.req.query("tail");
    const tail = tailRaw === undefined ? null : Number(tailRaw);
    if (tail !== null && (!Number.isInteger(tail) || tail < 0)) throw hubError(400, "tail must be a non-negative integer");
    return sseResponse((w) => {
      const send = (r: LogRecord) => w.data({ data: r.data, timestamp: r.timestamp });
      const channel = svc.logChannel(job.id);
      const { records, unsubscribe } = channel
        ? channel.replayAndSubscribe({ push: send, end: () => w.close() })
        : { records: svc.readLog(job.id), unsubscribe: () => {} };
      for (const r of tail === null ? records : tail === 0 ? [] : records.slice(-tail)) send(r);
      if (!channel || channel.isEnded) w.close();
      return unsubscribe;
    }, keepAliveMs);
  });

  app.get("/:ns/:id/events", (c) => {
    const job = findJob(c, "read");
    return sseResponse((w) => {
      const send = (e: StageEvent) => w.data(e);
      const channel = svc.eventChannel(job.id);
      const { records, unsubscribe } = channel
        ? channel.replayAndSubscribe({ push: send, end: () => w.close() })
        : { records: svc.readEvents(job.id), unsubscribe: () => {} };
      for (const e of records) send(e);
      if (!channel || channel.isEnded) w.close();
      return unsubscribe;
    }, keepAliveMs);
  });

  app.get("/:ns/:id/metrics", (c) => {
    const job = findJob(c, "read");
    // The Hub answers 500 for a finished job (specs/hub-jobs-api.md §7.7, §10.2).
    if (TERMINAL_STAGES.includes(job.stage)) throw hubError(500, `Job ${job.id} is finished (${job.stage}); no metrics`);
    return sseResponse((w) => {
      let prev: TreeSample | null = null;
      const tick = () => {
        const current = svc.store.get(job.id);
        if (!current || TERMINAL_STAGES.includes(current.stage)) return w.close();
        const m = svc.metrics(current, prev);
        if (!m) return; // still SCHEDULING: only keep-alives, as while the Hub attaches hardware
        prev = m.sample;
        w.data(m.payload, "metric");
      };
      const close = () => w.close();
      metricStreams.add(close);
      tick();
      const timer = setInterval(tick, 1000);
      return () => {
        clearInterval(timer);
        metricStreams.delete(close);
      };
    }, keepAliveMs);
  });
}
