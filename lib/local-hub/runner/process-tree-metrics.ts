import { readdirSync, readFileSync } from "node:fs";

/** Linux defaults: USER_HZ and the page size on x86-64/arm64 (Node cannot call sysconf). */
const CLK_TCK = 100;
const PAGE_SIZE = 4096;

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, clock ticks */
  cpuTicks: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // comm (field 2) may contain spaces and parentheses: parse after the last ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { pid, ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

function rssBytes(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * PAGE_SIZE;
  } catch {
    return 0;
  }
}

/** A point-in-time reading of a process tree. */
export interface TreeSample {
  /** epoch ms */
  at: number;
  /** host pids of the root and all its descendants that were alive */
  pids: number[];
  /** total CPU time in seconds (utime + stime of live processes) */
  cpuSeconds: number;
  /** sum of resident set sizes, bytes */
  rssBytes: number;
}

/**
 * Reads `/proc` for `rootPid` and every descendant (children found through the `ppid` field of
 * `/proc/<pid>/stat`). Processes that exit between listing and reading are skipped.
 */
export function sampleProcessTree(rootPid: number): TreeSample {
  const stats: ProcStat[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) stats.push(s);
  }
  const byParent = new Map<number, ProcStat[]>();
  for (const s of stats) byParent.set(s.ppid, [...(byParent.get(s.ppid) ?? []), s]);
  const root = stats.find((s) => s.pid === rootPid);
  const tree: ProcStat[] = [];
  const queue = root ? [root] : [];
  while (queue.length) {
    const s = queue.shift() as ProcStat;
    tree.push(s);
    queue.push(...(byParent.get(s.pid) ?? []));
  }
  return {
    at: Date.now(),
    pids: tree.map((s) => s.pid),
    cpuSeconds: tree.reduce((n, s) => n + s.cpuTicks, 0) / CLK_TCK,
    rssBytes: tree.reduce((n, s) => n + rssBytes(s.pid), 0),
  };
}
