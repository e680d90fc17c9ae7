import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";

/** A subscriber gets each newly appended record, then `end()` once the channel is closed. */
export interface ChannelSubscriber<T> {
  push(record: T): void;
  end(): void;
}

/**
 * An append-only NDJSON file with live subscribers: the job log (`{dir}/jobs/{id}/log.ndjson`) and
 * the stage events (`events.ndjson`). Appends and `replayAndSubscribe` are synchronous, so a
 * reader that replays the file and subscribes in the same tick can never miss or repeat a record.
 */
export class NdjsonChannel<T> {
  private readonly subscribers = new Set<ChannelSubscriber<T>>();
  private ended = false;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  /** Appends records (one write) and pushes them to subscribers. Ignored after `end()`. */
  append(records: T[]): void {
    if (this.ended || records.length === 0) return;
    // 0600: a job's log is its owner's business, also for the sandbox's host user (issue 9).
    appendFileSync(this.path, records.map((r) => JSON.stringify(r) + "\n").join(""), { mode: 0o600 });
    for (const s of this.subscribers) for (const r of records) s.push(r);
  }

  /** Marks the channel finished and ends every subscriber. Idempotent. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const s of this.subscribers) s.end();
    this.subscribers.clear();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Number of live subscribers (open streams). */
  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /**
   * Returns the stored records and, unless the channel has ended, subscribes for the next ones.
   * @returns `unsubscribe` (a no-op when not subscribed)
   */
  replayAndSubscribe(subscriber: ChannelSubscriber<T>): { records: T[]; unsubscribe: () => void } {
    const records = readNdjson<T>(this.path);
    if (this.ended) return { records, unsubscribe: () => {} };
    this.subscribers.add(subscriber);
    return { records, unsubscribe: () => this.subscribers.delete(subscriber) };
  }
}

/** Reads an NDJSON file; a missing file is empty; a torn last line (crash mid-write) is skipped. */
export function readNdjson<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  const out: T[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // a partial line from a crash; the rest of the file is still good
    }
  }
  return out;
}
