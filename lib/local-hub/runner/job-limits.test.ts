import { createRepo } from "@huggingface/hub";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processesWith, startJobsHub, type JobsHub } from "../../../test-support/jobs-hub";
import { runPyJob } from "../../../test-support/run-py-job";

const MiB = 2 ** 20;

/**
 * Each per-job limit (issue 9, item 3), on a Hub whose operator caps are small so the attacks stay
 * cheap on a shared machine: the job ends in ERROR naming the limit (or gets the kernel's error for
 * a per-process one) and the Hub stays up.
 */
describe("per-job limits", () => {
  let t: JobsHub;
  const health = async () => (await fetch(`${t.hub.url}/api/health`)).status;
  beforeAll(async () => {
    t = await startJobsHub({
      jobLimits: { memoryBytes: 256 * MiB, processes: 64, openFiles: 256, tmpBytes: 16 * MiB, diskBytes: 32 * MiB, logBytes: 64 * 1024 },
    });
    await createRepo({ repo: "buckets/local-user/lim", private: true, accessToken: t.base.accessToken, hubUrl: t.base.hubUrl });
  });
  afterAll(() => t.hub.close());

  it("ends a memory hog in ERROR naming the memory limit", async () => {
    const r = await runPyJob(t, "blocks = []\nwhile True:\n  blocks.append(bytearray(16 * 1024 * 1024))");
    expect(r.stage).toBe("ERROR");
    expect(r.message).toMatch(/ran out of memory: it used more than its 256 MiB memory limit/);
    expect(await health()).toBe(200);
  });

  it("ends a fork bomb in ERROR naming the process limit, leaving no process", async () => {
    const marker = `bomb-${Date.now()}`;
    const r = await runPyJob(t, `import os, time  # ${marker}\nwhile True:\n  try:\n    os.fork()\n  except OSError:\n    time.sleep(0.01)`);
    expect(r.stage).toBe("ERROR");
    expect(r.message).toMatch(/reached its limit of 64 processes/);
    expect(processesWith(marker)).toEqual([]);
    expect(await health()).toBe(200);
  });

  it("ends a disk filler of /data in ERROR naming the disk limit", async () => {
    const r = await runPyJob(t, [
      "import time",
      "block = b'x' * (1024 * 1024)",
      "for i in range(10000):",
      "  with open(f'/data/fill-{i}.bin', 'wb') as f: f.write(block)",
      "  time.sleep(0.002)",
    ].join("\n"), { volumes: [{ source: "local-user/lim", mountPath: "/data", path: "fill" }] });
    expect(r.stage).toBe("ERROR");
    expect(r.message).toMatch(/wrote more than its 32 MiB disk limit/);
    expect(await health()).toBe(200);
  });

  it("counts sparse files at their length: holes cost the Hub their size when hashed or downloaded", async () => {
    const r = await runPyJob(t, [
      "import time",
      "for i in range(200):",
      "  with open(f'/data/sparse-{i}.bin', 'wb') as f: f.truncate(30 * 1024 * 1024)",
      "  time.sleep(0.05)",
    ].join("\n"), { volumes: [{ source: "local-user/lim", mountPath: "/data", path: "sparse" }] });
    expect(r.stage).toBe("ERROR");
    expect(r.message).toMatch(/wrote more than its 32 MiB disk limit/);
    expect(await health()).toBe(200);
  });

  it("fails a single file past the disk limit at once (RLIMIT_FSIZE) and names the limit", async () => {
    const r = await runPyJob(t, "with open('/workspace/big.bin', 'wb') as f:\n  for i in range(100): f.write(b'y' * (1024 * 1024))");
    expect(r.stage).toBe("ERROR");
    expect(r.lines.join("\n")).toMatch(/File too large/);
    expect(r.message).toMatch(/32 MiB disk limit/);
  });

  it("bounds /tmp and /dev/shm (ENOSPC) and open files (EMFILE) per job", async () => {
    const r = await runPyJob(t, [
      "import errno",
      "n = 0",
      "try:",
      "  with open('/tmp/fill', 'wb') as f:",
      "    while True: f.write(b'z' * 65536); f.flush(); n += 65536",
      "except OSError as e:",
      "  print('tmp', errno.errorcode[e.errno], n // (1024 * 1024))",
      "n = 0",
      "try:",
      "  with open('/dev/shm/fill', 'wb') as f:",
      "    while True: f.write(b'z' * 65536); f.flush(); n += 65536",
      "except OSError as e:",
      "  print('shm', errno.errorcode[e.errno], n // (1024 * 1024))",
      "fds = []",
      "try:",
      "  while True: fds.append(open('/dev/null'))",
      "except OSError as e:",
      "  print('files', errno.errorcode[e.errno], len(fds) < 256)",
    ].join("\n"));
    expect(r.stage).toBe("COMPLETED");
    const tmp = r.lines.find((l) => l.startsWith("tmp "))?.split(" ") ?? [];
    expect(tmp[1]).toBe("ENOSPC");
    expect(Number(tmp[2])).toBeLessThanOrEqual(16);
    const shm = r.lines.find((l) => l.startsWith("shm "))?.split(" ") ?? [];
    expect(shm[1]).toBe("ENOSPC");
    expect(Number(shm[2])).toBeLessThanOrEqual(16);
    expect(r.lines.slice(-3)).toContain("files EMFILE True");
  });

  it("stops a job nesting folders without end, and still lists its bucket", async () => {
    const r = await runPyJob(t, "import os, time\nos.chdir('/data')\nfor i in range(400):\n  os.mkdir('d'); os.chdir('d')\ntime.sleep(5)", {
      volumes: [{ source: "local-user/lim", mountPath: "/data", path: "deep" }],
    });
    expect(r.stage).toBe("ERROR");
    expect(r.message).toMatch(/nested folders more than 256 levels deep/);
    const tree = await t.api("/api/buckets/local-user/lim/tree/deep?recursive=true");
    expect(tree.status).toBe(200);
    expect(await health()).toBe(200);
  });

  it("stores at most the log limit of a job's output, with one notice", async () => {
    const r = await runPyJob(t, "import sys\nfor i in range(20000): sys.stdout.write('%08d %s\\n' % (i, 'x' * 90))");
    expect(r.stage).toBe("COMPLETED");
    expect(r.lines.filter((l) => l.startsWith("[local Hub] Log limit reached (64 KiB of output)"))).toHaveLength(1);
    expect(r.lines.length).toBeLessThan(1000);
    expect(statSync(join(t.dir, "jobs", r.id, "log.ndjson")).size).toBeLessThan(256 * 1024);
    expect(readFileSync(join(t.dir, "jobs", r.id, "log.ndjson"), "utf8")).not.toContain("00019999");
  });
});
