/**
 * The app labels a scheduled job carries for itself (issue 13, Deliver 6), client-safe and pure.
 *
 * The Hub has no update for a scheduled job (specs/hub-jobs-api.md §8: create, get, delete, suspend,
 * resume, run) and no time zone (§8.1 "presumably UTC"), so the app remembers on the schedule's
 * labels (copied by the Hub into every run it starts; the local Hub does the same,
 * lib/local-hub/runner/job-scheduler.ts `run`):
 * - {@link SCHEDULE_LINEAGE_LABEL}: the id of the first schedule of an edit chain, so the runs of every
 *   schedule the current one replaced are found again (runs of the first one by `initiator.id`);
 * - {@link SCHEDULE_REPLACES_LABEL}: the id of the schedule this one directly replaced;
 * - {@link SCHEDULE_TIME_ZONE_LABEL}: the IANA zone the user wrote the cron in (the Hub gets the UTC
 *   cron from lib/jobs/zoned-cron.ts), encoded by {@link encodeTimeZoneLabel}.
 * - {@link SCHEDULE_LOCAL_CRON_LABEL}: the cron as written in that zone, so the page and the editor show it.
 * All of them are in `APP_LABELS` (lib/jobs/constants.ts): never copied into a user's labels.
 * Label syntax (§6.3): ≤100 chars of `[A-Za-z0-9._-]`, hence the zone's encoding.
 */
// The names alone live in ./schedule-label-names.ts, so lib/jobs/constants.ts (APP_LABELS), which the
// composer's first-load JS carries, does not bring the encoders below with it (issue 15, item 5).
export { SCHEDULE_APP_LABELS, SCHEDULE_LINEAGE_LABEL, SCHEDULE_LOCAL_CRON_LABEL, SCHEDULE_REPLACES_LABEL, SCHEDULE_TIME_ZONE_LABEL } from "./schedule-label-names";
import { SCHEDULE_LINEAGE_LABEL, SCHEDULE_LOCAL_CRON_LABEL, SCHEDULE_REPLACES_LABEL, SCHEDULE_TIME_ZONE_LABEL } from "./schedule-label-names";

/**
 * An IANA zone as a label value: `/` → `.`, `+` → `_plus_` (IANA names use neither `.` nor `_plus_`).
 * `Europe/Paris` → `Europe.Paris`, `Etc/GMT+5` → `Etc.GMT_plus_5`.
 */
export function encodeTimeZoneLabel(timeZone: string): string {
  return timeZone.replaceAll("/", ".").replaceAll("+", "_plus_");
}

/** Inverse of {@link encodeTimeZoneLabel}; null when absent or not a zone this runtime knows. */
export function decodeTimeZoneLabel(value: string | undefined): string | null {
  if (!value) return null;
  const zone = value.replaceAll("_plus_", "+").replaceAll(".", "/");
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone;
  } catch {
    return null;
  }
}

/**
 * A cron as a label value: base64url (whose alphabet `A-Za-z0-9-_` is label-safe) of its ASCII text,
 * unpadded; null when it is not ASCII or would pass the 100-character label limit (> 75 characters).
 */
export function encodeCronLabel(cron: string): string | null {
  const text = cron.trim();
  if (!/^[\x20-\x7e]{1,75}$/.test(text)) return null;
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Inverse of {@link encodeCronLabel}; null when absent or not valid base64url. */
export function decodeCronLabel(value: string | undefined): string | null {
  if (!value || !/^[A-Za-z0-9_-]+$/.test(value)) return null;
  try {
    const text = atob(value.replaceAll("-", "+").replaceAll("_", "/"));
    return /^[\x20-\x7e]+$/.test(text) ? text : null;
  } catch {
    return null;
  }
}

/** The zone labels for a cron written in `timeZone` (none for UTC). */
export function zoneLabels(cron: string, timeZone: string | null | undefined): Record<string, string> {
  if (!timeZone || timeZone === "UTC") return {};
  const local = encodeCronLabel(cron);
  return { [SCHEDULE_TIME_ZONE_LABEL]: encodeTimeZoneLabel(timeZone), ...(local ? { [SCHEDULE_LOCAL_CRON_LABEL]: local } : {}) };
}

/**
 * What a schedule's labels say about its zone and history.
 * @returns `timeZone` (null = the cron is UTC), `localCron` (the cron as written in it, or null), `lineage` (the first schedule's id, or the schedule's
 *   own id when it never replaced one), `replaces` (null when it is the first)
 */
export function scheduleLineageOf(
  id: string,
  labels: Readonly<Record<string, string>>,
): { timeZone: string | null; localCron: string | null; lineage: string; replaces: string | null } {
  const timeZone = decodeTimeZoneLabel(labels[SCHEDULE_TIME_ZONE_LABEL]);
  return {
    timeZone,
    localCron: timeZone ? decodeCronLabel(labels[SCHEDULE_LOCAL_CRON_LABEL]) : null,
    lineage: labels[SCHEDULE_LINEAGE_LABEL] || id,
    replaces: labels[SCHEDULE_REPLACES_LABEL] || null,
  };
}

/**
 * The labels of the schedule that replaces `old`: the user's labels of `old` kept, the app's own
 * (`appLabels`, e.g. the old launch key) dropped, then lineage/replaces set and the zone set or
 * removed (`timeZone` null or `UTC` = a plain UTC cron).
 */
export function replacementLabels(params: {
  oldId: string;
  oldLabels: Readonly<Record<string, string>>;
  /** the new cron as written (in `timeZone`) */
  cron: string;
  timeZone: string | null;
  appLabels: readonly string[];
}): Record<string, string> {
  const { lineage } = scheduleLineageOf(params.oldId, params.oldLabels);
  const labels = Object.fromEntries(Object.entries(params.oldLabels).filter(([k]) => !params.appLabels.includes(k)));
  labels[SCHEDULE_LINEAGE_LABEL] = lineage;
  labels[SCHEDULE_REPLACES_LABEL] = params.oldId;
  return { ...labels, ...zoneLabels(params.cron, params.timeZone) };
}

/**
 * Whether a job run belongs to the lineage of a schedule: started by the schedule itself, by the
 * lineage's first schedule (`initiator.id`), or carrying the lineage label (runs of any schedule made
 * by an edit).
 */
export function isLineageRun(run: { initiator: { type: string | null; id?: string | null } | null; labels: Readonly<Record<string, string>> }, scheduleId: string, lineage: string): boolean {
  if (run.initiator?.type === "scheduled-job" && (run.initiator.id === scheduleId || run.initiator.id === lineage)) return true;
  return run.labels[SCHEDULE_LINEAGE_LABEL] === lineage;
}
