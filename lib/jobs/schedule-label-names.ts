/**
 * The names of the app labels a scheduled job carries for itself (what each holds, and the encoders:
 * ./schedule-labels.ts). Plain constants, client-safe: lib/jobs/constants.ts builds `APP_LABELS` from them.
 */
export const SCHEDULE_LINEAGE_LABEL = "jobs-studio.lineage";
export const SCHEDULE_REPLACES_LABEL = "jobs-studio.replaces";
export const SCHEDULE_TIME_ZONE_LABEL = "jobs-studio.tz";
/** The cron as the user wrote it in the zone (base64url, `encodeCronLabel` in ./schedule-labels.ts); the Hub has only the UTC one. */
export const SCHEDULE_LOCAL_CRON_LABEL = "jobs-studio.tz-cron";

/** The schedule labels, for APP_LABELS. */
export const SCHEDULE_APP_LABELS: readonly string[] = [SCHEDULE_LINEAGE_LABEL, SCHEDULE_REPLACES_LABEL, SCHEDULE_TIME_ZONE_LABEL, SCHEDULE_LOCAL_CRON_LABEL];
