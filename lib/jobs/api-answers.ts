import type { JobView, ScheduledJobView } from "./view";

/**
 * The JSON answers of the app's own GET routes (app/api/**), shared by the route handlers that send
 * them and the browser's resource modules (components/api/**) that read them. Types only; client-safe.
 */

/** GET /api/jobs/{ns} answer. */
export interface JobListPage {
  jobs: JobView[];
  nextCursor: string | null;
}

/** One entry of a bucket folder level (GET /api/buckets/{ns}/tree). */
export interface FolderEntry {
  /** full path inside the bucket */
  path: string;
  /** last path segment */
  name: string;
  type: "file" | "directory";
  /** bytes; 0 for directories */
  size: number;
  /** ISO time the Hub stored it, when the Hub says */
  uploadedAt: string | null;
  /** stable Hub URL (files: the file's page; directories: the tree page) */
  webUrl: string;
}

/** GET /api/buckets/{ns}/tree answer: one page of one level. */
export interface FolderPage {
  path: string;
  entries: FolderEntry[];
  /** offset of the next page, or null at the end */
  nextOffset: number | null;
  /** share URL of this folder on the Hub */
  webUrl: string;
}

/** GET /api/hardware answer row (prices per `unitLabel`, usually a minute). */
export interface HardwareView {
  name: string;
  prettyName: string;
  cpu: string;
  ram: string;
  accelerator: { type: string; model: string; quantity: string; vram: string; manufacturer: string } | null;
  unitCostUSD: number;
  unitCostMicroUSD: number;
  unitLabel: string;
}

/** GET /api/scheduled-jobs/{ns}/{id} answer. */
export interface ScheduledJobDetail {
  scheduledJob: ScheduledJobView;
  /** jobs whose initiator is this scheduled job, newest first (from the first pages of the list) */
  runs: JobView[];
}
