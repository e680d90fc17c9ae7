import { cancelJob, createRepo, runJob, streamJobLogs } from "@huggingface/hub";
import { existsSync, lstatSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAlive, processesWith, startJobsHub, waitForStage, type JobsHub } from "../../../test-support/jobs-hub";
import { bucketFolderOnDisk } from "../store/buckets";
import { DEFAULT_PYTHON, discoverInterpreters, versionString } from "./python-interpreters";

/*
 * Real installs: pip in the sandbox, with this machine's pip configuration, from the local package
 * index (six, termcolor, toolz, colorama are small pure-Python wheels there). This machine's pip is
 * also set up to try pypi.org, which it cannot reach; retrying it 5 times with back-off adds ~8 s to
 * every build, so these tests ask pip (through its own PIP_* variable, which the Hub passes on) not to retry.
 */
process.env.PIP_RETRIES = "0";

async function logsOf(t: JobsHub, jobId: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const l of streamJobLogs({ ...t.base, jobId })) lines.push(l.message);
  return lines;
}

const envDirs = (t: JobsHub) => (existsSync(join(t.dir, "python-envs")) ? readdirSync(join(t.dir, "python-envs")).filter((n) => !n.startsWith(".")) : []);

describe("uv run without uv: dependencies in a cached pip environment", () => {
  let t: JobsHub;
  let folder: string;
  const volumes = [{ source: "buckets/local-user/art", mountPath: "/data", path: "run" }];
  const uv = (...args: string[]) => ({ ...t.base, dockerImage: "ghcr.io/astral-sh/uv:python3.12-bookworm", flavor: "cpu-basic" as const, command: ["uv", "run", ...args], volumes });

  beforeAll(async () => {
    t = await startJobsHub({ maxConcurrentJobs: 4 });
    await createRepo({ repo: "buckets/local-user/art", private: true, accessToken: t.base.accessToken, hubUrl: t.base.hubUrl });
    folder = bucketFolderOnDisk(t.hub.hub.ctx, "local-user/art", "run");
  });
  afterAll(() => t.hub.close());

  it("installs --with and PEP 723 dependencies, shows pip's lines, then reuses the environment", async () => {
    writeFileSync(join(folder, "deps.py"), [
      "# /// script", '# dependencies = ["termcolor"]', "# ///",
      "import shutil, sys, six, termcolor", "print('imports ok', six.__version__, sys.argv[1:], 'on', sys.version.split()[0])", "print('python at', shutil.which('python'), shutil.which('python3'))", "",
    ].join("\n"));
    const first = await runJob(uv("--with", "six", "/data/deps.py", "--lr", "1"));
    const lines = await logsOf(t, first.id);
    expect((await waitForStage(t.base, first.id, ["COMPLETED", "ERROR"])).status).toMatchObject({ stage: "COMPLETED" });
    expect(lines.some((l) => /Building Python environment \w+ \(Python [\d.]+ with six, termcolor\)/.test(l))).toBe(true);
    expect(lines.some((l) => /^Successfully installed .*six-.*termcolor-|^Successfully installed .*termcolor-.*six-/.test(l))).toBe(true);
    expect(lines.some((l) => /^imports ok 1\.\d+\.\d+ \['--lr', '1'\] on 3\.\d+\.\d+$/.test(l))).toBe(true);
    expect(lines).toContain("python at /opt/local-hub/env/bin/python /opt/local-hub/env/bin/python3");
    // No --python: the image's Python (3.12 in the uv image) when this machine has one.
    const has312 = (await discoverInterpreters()).some((i) => i.version[0] === 3 && i.version[1] === 12);
    expect(lines.some((l) => l.includes("Python 3.12 instead of the default python3, as in the image ghcr.io/astral-sh/uv:python3.12-bookworm (no --python given)"))).toBe(has312);
    expect(lines.some((l) => /^imports ok .* on 3\.12\./.test(l))).toBe(has312);
    expect(envDirs(t)).toHaveLength(1);

    // Same set in another order and spelling of the flags: same environment.
    const second = await runJob(uv("-w", "six", "/data/deps.py"));
    const again = await logsOf(t, second.id);
    expect((await waitForStage(t.base, second.id, ["COMPLETED", "ERROR"])).status.stage).toBe("COMPLETED");
    expect(again.some((l) => /Python environment \w+ \(Python [\d.]+ with six, termcolor\) reused\./.test(l))).toBe(true);
    expect(again.some((l) => l.startsWith("Successfully installed"))).toBe(false);
    expect(again.some((l) => l.startsWith("imports ok"))).toBe(true);
    expect(envDirs(t)).toHaveLength(1);
  });

  it("builds an environment once when two jobs need it at the same time", async () => {
    const code = "import toolz; print('toolz', toolz.__version__)";
    const [a, b] = await Promise.all([runJob(uv("--with", "toolz", "python", "-c", code)), runJob(uv("--with", "toolz", "python", "-c", code))]);
    const [la, lb] = await Promise.all([logsOf(t, a.id), logsOf(t, b.id)]);
    for (const id of [a.id, b.id]) expect((await waitForStage(t.base, id, ["COMPLETED", "ERROR"])).status.stage).toBe("COMPLETED");
    const built = [la, lb].filter((ls) => ls.some((l) => l.includes("Building Python environment")));
    const waited = [la, lb].filter((ls) => ls.some((l) => /is being built by job [0-9a-f]{24}; waiting for it/.test(l)));
    expect(built).toHaveLength(1);
    expect(waited).toHaveLength(1);
    expect(waited[0].some((l) => l.includes("reused."))).toBe(true);
    for (const ls of [la, lb]) expect(ls.some((l) => /^toolz \d/.test(l))).toBe(true);
    expect([la, lb].flat().filter((l) => l.startsWith("Successfully installed"))).toHaveLength(1);
  });

  it("fails the job with pip's message when the install fails, and keeps nothing", async () => {
    const before = envDirs(t).length;
    const job = await runJob(uv("--with", "no-such-package-h10a", "python", "-c", "print('never')"));
    const lines = await logsOf(t, job.id);
    const done = await waitForStage(t.base, job.id, ["COMPLETED", "ERROR"]);
    expect(done.status.stage).toBe("ERROR");
    expect(done.status.message).toMatch(/^Installing the Python dependencies failed: ERROR: No matching distribution found for no-such-package-h10a/);
    expect(lines).toContain("ERROR: No matching distribution found for no-such-package-h10a");
    expect(lines).not.toContain("never");
    expect(envDirs(t)).toHaveLength(before);
  });

  it("cancels a job while its environment is being built: CANCELED, pip stopped, nothing kept", async () => {
    const marker = `m${Date.now().toString(36)}`;
    const before = envDirs(t).length;
    const job = await runJob(uv("--with", `colorama; platform_release != "${marker}"`, "python", "-c", "print('never')"));
    for await (const l of streamJobLogs({ ...t.base, jobId: job.id })) if (l.message.includes("Building Python environment")) break;
    expect(processesWith(marker).length).toBeGreaterThan(0);
    const canceled = await cancelJob({ ...t.base, jobId: job.id }).then(() => waitForStage(t.base, job.id, ["CANCELED", "COMPLETED", "ERROR"]));
    expect(canceled.status.stage).toBe("CANCELED");
    const building = () => readdirSync(join(t.dir, "python-envs")).filter((n) => n.startsWith(".build-"));
    for (let i = 0; i < 50 && (processesWith(marker).some(isAlive) || building().length); i += 1) await new Promise((r) => setTimeout(r, 100));
    expect(processesWith(marker).filter(isAlive)).toEqual([]);
    expect(envDirs(t)).toHaveLength(before);
    expect(building()).toEqual([]);
  });

  it("builds in a job's sandbox: pip runs as the unprivileged host uid without capabilities, and the published environment is the Hub's, read-only for jobs", async () => {
    const marker = `h${Date.now().toString(36)}`;
    const job = await runJob(uv("--with", `toolz; platform_release != "${marker}"`, "python", "-c",
      "import os, toolz; open(os.path.join(os.path.dirname(toolz.__file__), 'x'), 'w')"));
    let status = "";
    for (let i = 0; i < 400 && !status; i += 1) {
      for (const pid of processesWith(marker)) {
        try {
          const s = readFileSync(`/proc/${pid}/status`, "utf8");
          if (/^Name:\s+python/m.test(s)) status = s;
        } catch {
          // exited meanwhile
        }
      }
      if (!status) await new Promise((r) => setTimeout(r, 25));
    }
    const lines = await logsOf(t, job.id);
    const done = await waitForStage(t.base, job.id, ["COMPLETED", "ERROR"]);
    expect(status).not.toBe("");
    const uids = (/^Uid:\s+(.*)$/m.exec(status)?.[1] ?? "").split(/\s+/);
    expect(uids).not.toContain("0");
    if (process.getuid?.() === 0) expect(new Set(uids)).toEqual(new Set(["61000"]));
    expect(/^CapEff:\s+(\S+)/m.exec(status)?.[1]).toBe("0000000000000000");
    expect(/^NoNewPrivs:\s+(\S+)/m.exec(status)?.[1]).toBe("1");
    // The job itself cannot write into the environment it runs on.
    expect(done.status.stage).toBe("ERROR");
    expect(lines.some((l) => /Read-only file system|Permission denied/.test(l))).toBe(true);
    expect(envDirs(t).length).toBeGreaterThan(0);
    for (const d of envDirs(t)) expect(statSync(join(t.dir, "python-envs", d)).uid).toBe(process.getuid?.() ?? 0);
    // Shared by every later job with the same requirements: nothing in it is writable by others.
    const writable: string[] = [];
    const walk = (p: string) => {
      const st = lstatSync(p);
      if (st.isSymbolicLink()) return;
      if (st.mode & 0o022 || st.mode & 0o6000) writable.push(p);
      if (st.isDirectory()) for (const n of readdirSync(p)) walk(join(p, n));
    };
    for (const d of envDirs(t)) walk(join(t.dir, "python-envs", d));
    expect(writable).toEqual([]);
  });

  it("refuses requirements that pip would read as options or local paths", async () => {
    for (const req of ["--index-url=http://evil/simple", "./pkg", "pkg @ file:///etc"]) {
      const job = await runJob(uv("--with", req, "python", "-c", "print(1)"));
      const done = await waitForStage(t.base, job.id, ["COMPLETED", "ERROR"]);
      expect(done.status.stage).toBe("ERROR");
      expect(done.status.message).toMatch(/^uv run: cannot install /);
    }
  });

  it("runs --python V with that interpreter, and names the available versions when there is none", async () => {
    const interpreters = await discoverInterpreters();
    const other = interpreters.find((i) => !i.executable.startsWith("/usr/")) ?? interpreters[0];
    const want = `${other.version[0]}.${other.version[1]}`;
    const job = await runJob(uv("--python", want, "--with", "colorama", "python", "-c", "import sys, colorama; print('running', sys.version.split()[0])"));
    const lines = await logsOf(t, job.id);
    expect((await waitForStage(t.base, job.id, ["COMPLETED", "ERROR"])).status.stage).toBe("COMPLETED");
    const ran = lines.find((l) => l.startsWith("running "));
    expect(ran?.startsWith(`running ${want}.`)).toBe(true);

    const missing = await runJob(uv("--python", "3.99", "python", "-c", "print(1)"));
    const done = await waitForStage(t.base, missing.id, ["COMPLETED", "ERROR"]);
    expect(done.status.stage).toBe("ERROR");
    expect(done.status.message).toContain("No Python on this machine matches --python 3.99; available versions: ");
    for (const i of interpreters) expect(done.status.message).toContain(versionString(i));
  });

  it("honours requires-python from the header and fails a header uv would refuse", async () => {
    writeFileSync(join(folder, "old.py"), '# /// script\n# requires-python = "<3.0"\n# ///\nprint(1)\n');
    const job = await runJob(uv("/data/old.py"));
    const done = await waitForStage(t.base, job.id, ["COMPLETED", "ERROR"]);
    expect(done.status.message).toMatch(/^No Python on this machine matches requires-python <3\.0; available versions: 3\./);
    writeFileSync(join(folder, "bad.py"), '# /// script\n# dependencies = "six"\n# ///\nprint(1)\n');
    const bad = await waitForStage(t.base, (await runJob(uv("/data/bad.py"))).id, ["COMPLETED", "ERROR"]);
    expect(bad.status.message).toMatch(/`dependencies` in the `# \/\/\/ script` block must be an array of strings/);
  });

  it("does not follow a symlinked script when reading its header", async () => {
    const { symlinkSync } = await import("node:fs");
    writeFileSync(join(t.dir, "outside.py"), '# /// script\n# dependencies = ["secret-from-host"]\n# ///\n');
    symlinkSync(join(t.dir, "outside.py"), join(folder, "link.py"));
    const job = await runJob(uv("/data/link.py"));
    const lines = await logsOf(t, job.id);
    await waitForStage(t.base, job.id, ["COMPLETED", "ERROR"]);
    expect(lines.some((l) => l.includes("could not be read on the host"))).toBe(true);
    expect(lines.join("\n")).not.toContain("secret-from-host");
  });

  it("puts python and python3 on every job's PATH", async () => {
    for (const exe of ["python", "python3"]) {
      const job = await runJob({ ...t.base, dockerImage: "python:3.12", flavor: "cpu-basic", command: [exe, "-c", "import sys; print('hi from', sys.version_info[0])"] });
      const lines = await logsOf(t, job.id);
      expect((await waitForStage(t.base, job.id, ["COMPLETED", "ERROR"])).status.stage).toBe("COMPLETED");
      expect(lines).toContain("hi from 3");
    }
    expect(DEFAULT_PYTHON).toBe("/usr/bin/python3");
  });
});

describe("uv run without uv and without bubblewrap", () => {
  let t: JobsHub;
  beforeAll(async () => {
    t = await startJobsHub({ bwrapPath: "off" });
  });
  afterAll(() => t.hub.close());

  it("refuses to install dependencies outside the sandbox, saying why", async () => {
    const job = await runJob({ ...t.base, dockerImage: "x", flavor: "cpu-basic", command: ["uv", "run", "--with", "six", "python", "-c", "print(1)"] });
    const done = await waitForStage(t.base, job.id, ["COMPLETED", "ERROR"]);
    expect(done.status.stage).toBe("ERROR");
    expect(done.status.message).toMatch(/Installing Python dependencies \(six\) needs bubblewrap/);
  });
});
