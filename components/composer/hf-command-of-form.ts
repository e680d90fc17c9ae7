import { APP_LABELS, ARTIFACTS_MOUNT_PATH } from "@/lib/jobs/constants";
// From the formatter's own module: lib/jobs/hf-command.ts also holds the paste parser, which loads on paste.
import { formatHfCommand, uvFromCommand, type FormatHfCommandResult } from "@/lib/jobs/hf-command-format";
import type { JobSpec } from "@/lib/jobs/build-job-spec";

/**
 * The form → `hf jobs … run` line half of ./hf-command-bridge.ts (issue 13, Deliver 5), apart so that
 * the line formatter is not in the composer's first-load JS. Pure, client-safe.
 */

/**
 * The line that makes the official CLI send the form's spec: `hf jobs uv run …` for a uv job,
 * `hf jobs run IMAGE COMMAND…` for a command job (or a uv command the uv form cannot say, e.g. with
 * `--script`). Left out on purpose: the app's own labels ({@link APP_LABELS}), the job folder's `/data`
 * volume (the CLI makes its own), and the derived `name` label when the user typed none (the CLI derives
 * the same one for uv, lib/jobs/build-job-spec.ts `defaultJobName`).
 * @param p.spec the built spec (the redacted one is fine: secrets are names only); p.typedName the name field
 */
export function hfCommandOfForm(p: {
  spec: JobSpec;
  kind: "uv" | "command";
  typedName: string | undefined;
  schedule?: { cron: string; suspend: boolean; concurrency: boolean };
}): FormatHfCommandResult {
  const labels = Object.fromEntries(Object.entries(p.spec.labels).filter(([k]) => !APP_LABELS.includes(k) && (k !== "name" || p.typedName !== undefined)));
  const spec = { ...p.spec, labels };
  const uv = p.kind === "uv" ? uvFromCommand({ command: spec.command, artifactsMountPath: ARTIFACTS_MOUNT_PATH }) : null;
  const out = formatHfCommand({
    spec,
    ...(uv ? { uv: uv.uv } : {}),
    ...(p.schedule ? { schedule: { schedule: p.schedule.cron, suspend: p.schedule.suspend, concurrency: p.schedule.concurrency } } : {}),
    artifactsMountPath: ARTIFACTS_MOUNT_PATH,
  });
  return { ...out, warnings: [...(uv?.warnings ?? []), ...out.warnings] };
}
