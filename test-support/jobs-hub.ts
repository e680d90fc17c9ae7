import { getJob } from "@huggingface/hub";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LocalHubOptions } from "../lib/local-hub/context";
import { startLocalHub, type RunningLocalHub } from "../lib/local-hub/start-local-hub";

/** A started local Hub for jobs tests plus the params every @huggingface/hub job call needs. */
export interface JobsHub {
  hub: RunningLocalHub;
  dir: string;
  /** `{accessToken, hubUrl, namespace: "local-user"}` */
  base: { accessToken: string; hubUrl: string; namespace: string };
  /** fetch against the hub with the primary user's token (JSON content type when a body is given) */
  api(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
}

/**
 * Starts a local Hub in a fresh temp folder (or `dir`, to test restarts) with test controls and a
 * short SSE keep-alive (200 ms) so keep-alive behaviour is observable quickly.
 */
export async function startJobsHub(options: Partial<LocalHubOptions> = {}): Promise<JobsHub> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "lh-jobs-"));
  const hub = await startLocalHub({ testControls: true, sseKeepAliveMs: 200, ...options, dir });
  const base = { accessToken: hub.token, hubUrl: hub.url, namespace: hub.hub.user };
  const api = (path: string, init: RequestInit & { token?: string } = {}) => {
    const headers = new Headers(init.headers);
    headers.set("Authorization", `Bearer ${init.token ?? hub.token}`);
    if (init.body !== undefined && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
    return fetch(`${hub.url}${path}`, { ...init, headers });
  };
  return { hub, dir, base, api };
}

/** Polls `getJob` until the job's stage is one of `stages`; throws after `timeoutMs` with the last stage. */
export async function waitForStage(
  base: JobsHub["base"], jobId: string, stages: string[], timeoutMs = 20_000,
): Promise<Awaited<ReturnType<typeof getJob>>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob({ ...base, jobId });
    if (stages.includes(job.status.stage)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status.stage} (${job.status.message ?? ""}) after ${timeoutMs} ms; wanted ${stages.join("|")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Reads an SSE response to its end (or until `maxMs`, then aborts) and returns the raw text. */
export async function readSseText(res: Response, maxMs = 20_000): Promise<{ text: string; ended: boolean }> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  const timer = setTimeout(() => void reader.cancel(), maxMs);
  let ended = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        ended = true;
        break;
      }
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // canceled by the timer
  } finally {
    clearTimeout(timer);
  }
  return { text, ended };
}

/** The JSON payloads of the `data:` lines of an SSE text. */
export function sseData<T = unknown>(text: string): T[] {
  return text.split("\n").filter((l) => l.startsWith("data: ")).map((l) => JSON.parse(l.slice(6)) as T);
}

/** Host pids whose command line contains `marker` (a unique string put in a job's command). */
export function processesWith(marker: string): number[] {
  return readdirSync("/proc").filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, "utf8").replace(/\0/g, " ").includes(marker);
    } catch {
      return false;
    }
  }).map(Number);
}

/** True when `pid` is a live process (exists and is not a zombie waiting to be reaped). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}
