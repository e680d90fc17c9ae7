/**
 * Job stages. The Hub's stage is an open string: the Python client knows SCHEDULING, RUNNING,
 * COMPLETED, ERROR, CANCELED, DELETED (+ UPDATING), huggingface.js types a different set
 * (specs/hub-jobs-api.md §7.2, field case B32). So the type is `string`, the known values are
 * constants, and anything unknown is shown verbatim and treated as still active (it keeps polling).
 * Client-safe.
 */
export type JobStage = string;

/** Stages the app knows by name, in lifecycle order. */
export const KNOWN_STAGES = ["SCHEDULING", "RUNNING", "UPDATING", "COMPLETED", "ERROR", "CANCELED", "DELETED"] as const;

/** Final stages (PY `TERMINAL_JOB_STAGES`, §7.2): nothing changes after them. */
export const TERMINAL_STAGES: readonly string[] = ["COMPLETED", "CANCELED", "ERROR", "DELETED"];

/** Stages the Hub accepts as a list filter (`stage=`); UPDATING is rejected by the server (§7.3). */
export const FILTERABLE_STAGES: readonly string[] = ["SCHEDULING", "RUNNING", "COMPLETED", "ERROR", "CANCELED", "DELETED"];

/** True for COMPLETED, CANCELED, ERROR, DELETED (case-insensitive, since the Hub upper-cases). */
export function isTerminal(stage: JobStage): boolean {
  return TERMINAL_STAGES.includes(stage.toUpperCase());
}

/** "Active" = not terminal; unknown stages count as active (field case B32). */
export function isActive(stage: JobStage): boolean {
  return !isTerminal(stage);
}

/** Badge colour family of a stage; unknown stages get `neutral`. */
export function stageTone(stage: JobStage): "neutral" | "info" | "success" | "warning" | "danger" | "muted" {
  switch (stage.toUpperCase()) {
    case "SCHEDULING":
      return "warning";
    case "RUNNING":
    case "UPDATING":
      return "info";
    case "COMPLETED":
      return "success";
    case "ERROR":
      return "danger";
    case "CANCELED":
    case "DELETED":
      return "muted";
    default:
      return "neutral";
  }
}
