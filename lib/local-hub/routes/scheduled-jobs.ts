import { Hono, type Context } from "hono";
import { isMemberOf, jobsScopeGuard, requireCaller, requireWrite } from "../auth";
import type { HubContext } from "../context";
import { hubError } from "../errors";
import type { HubEnv } from "../hub-env";
import { isoNow, newObjectId } from "../ids";
import { cronPattern } from "../runner/cron-schedule";
import { checkCronBounds } from "../runner/spec-limits";
import { jobSchedulerFor } from "../runner/job-scheduler";
import { jobServiceFor } from "../runner/job-service";
import { jobView, viewOptions, scheduledJobView } from "../runner/job-views";
import { validateJobSpec, validateLabels } from "../runner/validate-job-spec";
import type { ScheduledJobRecord } from "../store/jobs";
import { bucketVolumeCheck, jsonBody, ownerOf } from "./helpers";

const BODY_KEYS = new Set(["jobSpec", "schedule", "suspend", "concurrency"]);

/**
 * Scheduled Jobs (specs/hub-jobs-api.md §8): create, list, get, delete (204), suspend / resume
 * (answer the updated scheduled job), run now (a Job; 409 while a run is active and `concurrency` is
 * false), labels. Access rules as for jobs: writes need write access to `{ns}`; reading another
 * namespace's scheduled job is 404, listing it 403.
 */
export function scheduledJobRoutes(ctx: HubContext): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  app.use("*", jobsScopeGuard(ctx));
  const svc = jobServiceFor(ctx);
  const scheduler = jobSchedulerFor(ctx);
  const view = (sj: ScheduledJobRecord) => scheduledJobView(sj, cronPattern(sj.schedule));

  const find = (c: Context, access: "read" | "write"): ScheduledJobRecord => {
    const ns = c.req.param("ns") ?? "";
    const id = c.req.param("id") ?? "";
    const caller = access === "write" ? requireWrite(ctx, c, ns) : requireCaller(ctx, c);
    const sj = /^[0-9a-f]{24}$/.test(id) ? svc.store.getScheduled(id) : null;
    if (!sj || sj.namespace !== ns || !isMemberOf(caller, ns)) throw hubError(404, `Scheduled job ${id} not found in namespace ${ns}`);
    return sj;
  };

  app.post("/:ns", async (c) => {
    const ns = c.req.param("ns");
    const caller = requireWrite(ctx, c, ns);
    const body = await jsonBody(c);
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw hubError(400, "The body must be {jobSpec, schedule, suspend?, concurrency?}");
    const b = body as Record<string, unknown>;
    for (const k of Object.keys(b)) {
      if (!BODY_KEYS.has(k)) throw hubError(400, `${k} is not a scheduled job field; expected ${[...BODY_KEYS].join(", ")}`);
    }
    checkCronBounds(b.schedule);
    cronPattern(b.schedule);
    for (const k of ["suspend", "concurrency"] as const) {
      if (b[k] !== undefined && b[k] !== null && typeof b[k] !== "boolean") throw hubError(400, `${k} must be a boolean`);
    }
    if (b.jobSpec === undefined) throw hubError(400, "jobSpec is required");
    const { spec, secrets } = validateJobSpec(b.jobSpec, bucketVolumeCheck(ctx, caller), "jobSpec.");
    const now = isoNow();
    const sj = svc.store.insertScheduled({
      id: newObjectId(), namespace: ns, createdAt: now, updatedAt: now, schedule: String(b.schedule).trim(),
      suspend: b.suspend === true, concurrency: b.concurrency === true, spec, owner: ownerOf(ctx, ns),
      createdBy: { id: caller.user.id, name: caller.user.name },
    }, secrets);
    scheduler.arm(sj);
    return c.json(view(sj));
  });

  app.get("/:ns", (c) => {
    const ns = c.req.param("ns");
    const caller = requireCaller(ctx, c);
    if (!isMemberOf(caller, ns)) throw hubError(403, `You don't have access to the scheduled jobs of namespace "${ns}"`);
    return c.json(svc.store.listScheduled(ns).map(view));
  });

  app.get("/:ns/:id", (c) => c.json(view(find(c, "read"))));

  app.delete("/:ns/:id", (c) => {
    const sj = find(c, "write");
    scheduler.disarm(sj.id);
    svc.store.deleteScheduled(sj.id);
    return c.body(null, 204);
  });

  for (const action of ["suspend", "resume"] as const) {
    app.post(`/:ns/:id/${action}`, (c) => {
      const sj = find(c, "write");
      const suspend = action === "suspend";
      const updated = svc.store.updateScheduled(sj.id, { suspend }, isoNow()) ?? sj;
      scheduler.setSuspended(sj.id, suspend);
      return c.json(view(updated));
    });
  }

  app.post("/:ns/:id/run", (c) => {
    const sj = find(c, "write");
    return c.json(jobView(scheduler.runNow(sj), Date.now(), viewOptions(ctx)));
  });

  app.put("/:ns/:id/labels", async (c) => {
    const sj = find(c, "write");
    const body = await jsonBody(c);
    if (typeof body !== "object" || body === null || !("labels" in body)) throw hubError(400, 'The body must be {"labels": {…}}');
    const labels = validateLabels((body as { labels: unknown }).labels);
    return c.json(view(svc.store.updateScheduled(sj.id, { labels }, isoNow()) ?? sj));
  });

  return app;
}
