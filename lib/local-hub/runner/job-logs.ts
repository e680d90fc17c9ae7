import { join } from "node:path";
import { isoNow } from "../ids";
import type { JobStage } from "../store/jobs";
import { formatBytes } from "./job-limits";
import { NdjsonChannel, readNdjson } from "./ndjson-channel";

/** One log line as stored in `log.ndjson` and sent on the logs SSE stream (specs/hub-jobs-api.md §7.6). */
export interface LogRecord {
  data: string;
  /** ISO-8601 UTC */
  timestamp: string;
}

/**
 * One stage change as stored in `events.ndjson` and sent on the events SSE stream. The Hub's payload
 * is undocumented (specs/hub-jobs-api.md §7.8); this is the local Hub's shape.
 */
export interface StageEvent {
  type: "stage";
  stage: JobStage;
  message: string | null;
  timestamp: string;
}

/** `{dir}/jobs/{id}/log.ndjson` */
export const logFile = (jobDir: string): string => join(jobDir, "log.ndjson");
/** `{dir}/jobs/{id}/events.ndjson` */
export const eventsFile = (jobDir: string): string => join(jobDir, "events.ndjson");

/**
 * The live log and stage-event channels of unfinished jobs (files `log.ndjson` / `events.ndjson` in
 * each job's folder), and the byte count of each job's stored output against its log limit.
 * A finished job has no channel: readers replay its files ({@link readLog}, {@link readEvents}).
 */
export class JobChannels {
  private readonly logs = new Map<string, NdjsonChannel<LogRecord>>();
  private readonly events = new Map<string, NdjsonChannel<StageEvent>>();
  private readonly logBytes = new Map<string, number>();

  /** @param jobDir the folder of a job, `{dir}/jobs/{id}` */
  constructor(private readonly jobDir: (id: string) => string) {}

  /** Opens both channels of a new job. */
  open(id: string): void {
    this.logs.set(id, new NdjsonChannel(logFile(this.jobDir(id))));
    this.events.set(id, new NdjsonChannel<StageEvent>(eventsFile(this.jobDir(id))));
  }

  /** Live log channel of an unfinished job, or null (then replay the file). */
  log(id: string): NdjsonChannel<LogRecord> | null {
    return this.logs.get(id) ?? null;
  }

  /** Live stage-event channel of an unfinished job, or null (then replay the file). */
  event(id: string): NdjsonChannel<StageEvent> | null {
    return this.events.get(id) ?? null;
  }

  /** Stored log lines of any job (finished ones included). */
  readLog(id: string): LogRecord[] {
    return readNdjson<LogRecord>(logFile(this.jobDir(id)));
  }

  /** Stored stage events of any job. */
  readEvents(id: string): StageEvent[] {
    return readNdjson<StageEvent>(eventsFile(this.jobDir(id)));
  }

  /** Appends lines of the local Hub's own (notices), not counted against the job's log limit. */
  appendLog(id: string, lines: string[], at = isoNow()): void {
    this.logs.get(id)?.append(lines.map((data) => ({ data, timestamp: at })));
  }

  /** Appends a stage change to the job's events. */
  appendStage(id: string, stage: JobStage, message: string | null, at: string): void {
    this.events.get(id)?.append([{ type: "stage", stage, message, timestamp: at }]);
  }

  /**
   * Appends the job's own output, up to `limit` stored bytes (issue 9: a job must not fill the disk
   * through its log); past it, one notice and nothing more.
   */
  appendOutput(id: string, lines: string[], limit: number): void {
    const used = this.logBytes.get(id) ?? 0;
    if (used > limit) return;
    const kept: string[] = [];
    let total = used;
    for (const line of lines) {
      total += Buffer.byteLength(line) + 1;
      if (total > limit) {
        kept.push(`[local Hub] Log limit reached (${formatBytes(limit)} of output): later output of this job is not stored.`);
        total = limit + 1;
        break;
      }
      kept.push(line);
    }
    this.logBytes.set(id, total);
    this.appendLog(id, kept);
  }

  /** Ends a finished job's channels (their readers close) and forgets them. */
  end(id: string): void {
    this.logs.get(id)?.end();
    this.events.get(id)?.end();
    this.logs.delete(id);
    this.events.delete(id);
    this.logBytes.delete(id);
  }

  /** Ends every channel (shutdown, reset). */
  endAll(): void {
    for (const ch of [...this.logs.values(), ...this.events.values()]) ch.end();
    this.logs.clear();
    this.events.clear();
  }
}
