import { createRepo, runJob } from "@huggingface/hub";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processesWith, startJobsHub, waitForStage, type JobsHub } from "../../../test-support/jobs-hub";
import { runPyJob } from "../../../test-support/run-py-job";
import { JOB_NICENESS } from "./job-sandbox";

/** Attacks a job could try from inside its sandbox (issue 9, item 1); each must fail. */
describe("a job cannot leave its sandbox", () => {
  let t: JobsHub;
  const data = [{ source: "local-user/sec", mountPath: "/data", path: "run" }];
  beforeAll(async () => {
    t = await startJobsHub();
    await createRepo({ repo: "buckets/local-user/sec", private: true, accessToken: t.base.accessToken, hubUrl: t.base.hubUrl });
  });
  afterAll(() => t.hub.close());

  it("runs as uid 1000 of its own user namespace with every capability at 0 and no_new_privs", async () => {
    const marker = `caps-${Date.now()}`;
    const job = runPyJob(t, [
      "import os, time",
      "st = dict(l.split(':\\t', 1) for l in open('/proc/self/status').read().splitlines() if ':\\t' in l)",
      "for k in ('CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb', 'NoNewPrivs'): print(k, st[k].strip())",
      "print('ids', os.getuid(), os.geteuid(), os.getgid())",
      `time.sleep(1.5)  # ${marker}`,
    ].join("\n"));
    // Seen from the host, the job's process belongs to one unprivileged uid (61000 when the Hub runs as root).
    let hostUids: string[] = [];
    const deadline = Date.now() + 10_000;
    while (hostUids.length === 0 && Date.now() < deadline) {
      for (const pid of processesWith(marker)) {
        const status = readFileSync(`/proc/${pid}/status`, "utf8");
        if (/^Name:\s+python3/m.test(status)) hostUids = (/^Uid:\s+(.*)$/m.exec(status)?.[1] ?? "").split(/\s+/);
      }
      await new Promise((res) => setTimeout(res, 50));
    }
    const r = await job;
    expect(r.stage).toBe("COMPLETED");
    for (const cap of ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"]) expect(r.lines).toContain(`${cap} 0000000000000000`);
    expect(r.lines).toContain("NoNewPrivs 1");
    expect(r.lines).toContain("ids 1000 1000 1000");
    expect(hostUids).toHaveLength(4);
    expect(hostUids).not.toContain("0");
    if (process.getuid?.() === 0) expect(new Set(hostUids)).toEqual(new Set(["61000"]));
  });

  it("cannot remount, mount, mknod, make a user namespace or write the host's /usr", async () => {
    const target = `/usr/local-hub-escape-${Date.now()}`;
    const r = await runPyJob(t, [
      "import os, stat, subprocess",
      "for cmd in (['mount', '-o', 'remount,rw,bind', '/usr'], ['mount', '-t', 'tmpfs', 'x', '/tmp'], ['unshare', '-U', '-r', 'true']):",
      "  p = subprocess.run(cmd, capture_output=True)",
      "  print(cmd[0], cmd[1], 'rc', p.returncode != 0)",
      "for what, fn in (('mknod', lambda: os.mknod('/tmp/null2', stat.S_IFCHR | 0o666, os.makedev(1, 3))),",
      `                 ('write', lambda: open('${target}', 'w')), ('chown', lambda: os.chown('/tmp', 0, 0))):`,
      "  try:",
      "    fn(); print(what, 'succeeded')",
      "  except OSError as e:",
      "    print(what, 'refused', e.errno)",
    ].join("\n"), { volumes: data });
    expect(r.stage).toBe("COMPLETED");
    expect(r.lines).toEqual(expect.arrayContaining(["mount -o rc True", "mount -t rc True", "unshare -U rc True"]));
    expect(r.lines.find((l) => l.startsWith("mknod"))).toMatch(/^mknod refused (1|13)$/);
    expect(r.lines.find((l) => l.startsWith("write"))).toMatch(/^write refused (13|30)$/);
    expect(r.lines.find((l) => l.startsWith("chown"))).toMatch(/^chown refused (1|22)$/);
    expect(existsSync(target)).toBe(false);
  });

  it("sees an /etc of its own: no shadow, no host accounts, no TLS private keys; read-only root and /dev", async () => {
    const r = await runPyJob(t, [
      "import os",
      "for p in ('/etc/shadow', '/etc/gshadow', '/etc/ssl/private', '/proc/1/root/etc/shadow'): print(p, os.path.exists(p))",
      "print('passwd', open('/etc/passwd').read().replace(chr(10), '|'))",
      "print('certs', os.path.isdir('/etc/ssl/certs'), 'resolv', os.path.exists('/etc/resolv.conf'))",
      "for p in ('/etc/ld.so.preload', '/dev/filler', '/usr-x'):",
      "  try:",
      "    open(p, 'w'); print('written', p)",
      "  except OSError as e:",
      "    print('refused', p, e.errno)",
      "open('/dev/null', 'w').write('x'); open('/dev/shm/ok', 'w').write('x'); print('devices and /dev/shm writable')",
    ].join("\n"));
    expect(r.stage).toBe("COMPLETED");
    for (const p of ["/etc/shadow", "/etc/gshadow", "/etc/ssl/private", "/proc/1/root/etc/shadow"]) expect(r.lines).toContain(`${p} False`);
    const passwd = r.lines.find((l) => l.startsWith("passwd ")) ?? "";
    expect(passwd).toContain("job:x:1000:1000:job:/workspace:/bin/sh");
    // A host account of this machine's /etc/passwd (e.g. postgres or systemd-network) is not there.
    const hostNames = readFileSync("/etc/passwd", "utf8").split("\n").map((l) => l.split(":")[0]).filter((n) => n && !["root", "nobody"].includes(n));
    for (const name of hostNames) expect(passwd).not.toContain(`|${name}:`);
    expect(r.lines).toContain("certs True resolv True");
    expect(r.lines.filter((l) => l.startsWith("written"))).toEqual([]);
    expect(r.lines.filter((l) => l.startsWith("refused"))).toEqual(["refused /etc/ld.so.preload 30", "refused /dev/filler 30", "refused /usr-x 30"]);
    expect(r.lines).toContain("devices and /dev/shm writable");
  });

  it("sees only its own processes: no Hub process to ptrace or signal, /proc/1 is the job", async () => {
    const r = await runPyJob(t, [
      "import os",
      "pids = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())",
      "print('pids', pids)",
      "print('pid1', open('/proc/1/cmdline').read().split(chr(0))[0])",
      `try:\n  os.kill(${process.pid}, 0); print('hub signal sent')\nexcept OSError as e:\n  print('hub signal', e.errno)`,
    ].join("\n"));
    expect(r.stage).toBe("COMPLETED");
    expect(r.lines).toContain("pids [1]");
    expect(r.lines).toContain("pid1 python3");
    // The test process (the Hub runs in it) is invisible from the job's pid namespace.
    expect(r.lines).toContain("hub signal 3");
  });

  it("shows its mounts but no host secret in /proc/self/mountinfo", async () => {
    const r = await runPyJob(t, "print(open('/proc/self/mountinfo').read())", { volumes: data });
    expect(r.stage).toBe("COMPLETED");
    const text = r.lines.join("\n");
    expect(text).toContain(" /data ");
    expect(text).not.toContain(t.base.accessToken);
    expect(text).not.toMatch(/ \/etc\/shadow /);
    expect(text).not.toContain("hub.sqlite");
  });

  it("inherits no file descriptor of a host folder (no openat('..') out of its mounts)", async () => {
    const r = await runPyJob(t, [
      "import os, stat",
      "dirs = []",
      "for f in os.listdir('/proc/self/fd'):",
      "  try:",
      "    if stat.S_ISDIR(os.fstat(int(f)).st_mode): dirs.append((f, os.readlink('/proc/self/fd/' + f)))",
      "  except OSError:",
      "    pass",
      "print('dir fds', dirs)",
    ].join("\n"), { volumes: data });
    expect(r.stage).toBe("COMPLETED");
    expect(r.lines).toContain("dir fds []");
  });

  it("cannot reach the Hub's state, another job's /workspace, or hard-link host files", async () => {
    const marker = `other-job-${Date.now()}`;
    const other = await runJob({
      ...t.base, dockerImage: "python:3.12", flavor: "cpu-basic",
      command: ["python3", "-c", `import time; open('/workspace/${marker}', 'w').write('private'); print('ready'); time.sleep(30)`],
    });
    await waitForStage(t.base, other.id, ["RUNNING"]);
    const otherFile = `${t.dir}/jobs/${other.id}/work/${marker}`;
    const deadline = Date.now() + 10_000;
    while (!existsSync(otherFile) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    expect(existsSync(otherFile)).toBe(true);
    writeFileSync(`${t.dir}/host-only.txt`, "host");
    const r = await runPyJob(t, [
      "import os",
      `for p in ('${otherFile}', '${t.dir}/hub.sqlite', '${t.dir}/token', '${t.dir}/host-only.txt'): print('exists', os.path.exists(p))`,
      "for src, dst in (('/usr/bin/python3', '/data/py'), ('/etc/passwd', '/workspace/pw')):",
      "  try:",
      "    os.link(src, dst); print('link made', dst)",
      "  except OSError as e:",
      "    print('link refused', e.errno)",
    ].join("\n"), { volumes: data });
    await fetch(`${t.hub.url}/api/jobs/local-user/${other.id}/cancel`, { method: "POST", headers: { authorization: `Bearer ${t.base.accessToken}` } });
    expect(r.stage).toBe("COMPLETED");
    expect(r.lines.filter((l) => l.startsWith("exists"))).toEqual(["exists False", "exists False", "exists False", "exists False"]);
    expect(r.lines.filter((l) => l.startsWith("link"))).toEqual(["link refused 18", "link refused 18"]);
  });

  it("keeps its secrets and environment off every host command line (bwrap reads them from a pipe)", async () => {
    const secret = `s3cret-${Date.now()}-value`;
    const marker = `secret-job-${Date.now()}`;
    const job = await runJob({
      ...t.base, dockerImage: "python:3.12", flavor: "cpu-basic", secrets: { API_KEY: secret }, environment: { DASHES: "--" },
      command: ["python3", "-c", `import os, time; print('seen', os.environ['API_KEY'][:6], os.environ['DASHES']); time.sleep(2)  # ${marker}`],
    });
    // While the job runs (its python is visible on the host), no process shows the secret in its command line.
    const deadline = Date.now() + 10_000;
    while (processesWith(marker).length === 0 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    expect(processesWith(marker).length).toBeGreaterThan(0);
    expect(processesWith(secret)).toEqual([]);
    expect((await waitForStage(t.base, job.id, ["COMPLETED", "ERROR"])).status.stage).toBe("COMPLETED");
    const logs = await (await t.api(`/api/jobs/local-user/${job.id}/logs`)).text();
    expect(logs).toContain("seen s3cret --");
  });

  // Jobs share the machine's network by default (issue 10, item 3); `--job-network none` keeps the isolation.
  it("has no network with --job-network none: the Hub's own port on 127.0.0.1 is unreachable", async () => {
    const isolated = await startJobsHub({ jobNetwork: "none" });
    try {
      const port = new URL(isolated.hub.url).port;
      const r = await runPyJob(isolated, [
        "import socket",
        "try:",
        `  socket.create_connection(('127.0.0.1', ${port}), timeout=2); print('connected')`,
        "except OSError as e:",
        "  print('refused', e.errno)",
        "print('interfaces', sorted(n for _, n in socket.if_nameindex()))",
      ].join("\n"));
      expect(r.stage).toBe("COMPLETED");
      expect(r.lines).toContain("refused 111");
      expect(r.lines).toContain("interfaces ['lo']");
    } finally {
      await isolated.hub.close();
    }
  });

  it("runs below the Hub's CPU priority (nice 10) and cannot raise it back", async () => {
    const r = await runPyJob(t, [
      "import os, subprocess, sys",
      "print('nice', os.nice(0))",
      "print('child nice', subprocess.run([sys.executable, '-c', 'import os; print(os.nice(0))'], capture_output=True, text=True).stdout.strip())",
      "try:",
      "  os.nice(-1); print('raised', os.nice(0))",
      "except OSError as e:",
      "  print('raise refused', e.errno)",
    ].join("\n"));
    expect(r.stage).toBe("COMPLETED");
    const expected = Math.min(19, os.getPriority() + JOB_NICENESS);
    expect(r.lines).toContain(`nice ${expected}`);
    expect(r.lines).toContain(`child nice ${expected}`);
    expect(r.lines.filter((l) => l.startsWith("raised"))).toEqual([]);
    expect(r.lines).toContain("raise refused 1");
  });

  it("gets no more than nice 10's CPU weight against the Hub, even from a session of its own (autogroups)", async () => {
    const marker = `weight-${Date.now()}`;
    const job = runPyJob(t, [
      "import subprocess, sys, time",
      // setsid() gives the child a new autogroup when the kernel has them on: its nice then counts only inside it.
      `child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(4)  # ${marker}-own-session'], start_new_session=True)`,
      `time.sleep(4)  # ${marker}`,
      "child.wait()",
    ].join("\n"), { timeoutMs: 40_000 });
    let pids: number[] = [];
    const deadline = Date.now() + 15_000;
    while (pids.length < 2 && Date.now() < deadline) {
      pids = processesWith(marker).filter((pid) => /^Name:\s+python3/m.test(readFileSync(`/proc/${pid}/status`, "utf8")));
      await new Promise((res) => setTimeout(res, 50));
    }
    const weights = pids.map(competingWeight);
    expect((await job).stage).toBe("COMPLETED");
    expect(weights.length).toBe(2);
    for (const w of weights) expect(w).toBeLessThanOrEqual(NICE_WEIGHT[10]);
  });

  it("has no controlling terminal and leads its own session (no TIOCSTI into the Hub's terminal)", async () => {
    const r = await runPyJob(t, [
      "import fcntl, os, termios",
      "print('session leader', os.getsid(0) == os.getpid())",
      "try:",
      "  open('/dev/tty'); print('tty opened')",
      "except OSError as e:",
      "  print('tty', e.errno)",
      "for fd in (0, 1, 2):",
      "  try:",
      "    fcntl.ioctl(fd, termios.TIOCSTI, b'x'); print('injected', fd)",
      "  except OSError as e:",
      "    print('tiocsti', fd, e.errno)",
    ].join("\n"));
    expect(r.stage).toBe("COMPLETED");
    expect(r.lines).toContain("session leader True");
    expect(r.lines).toContain("tty 6");
    expect(r.lines.filter((l) => l.startsWith("injected"))).toEqual([]);
    expect(r.lines.filter((l) => l.startsWith("tiocsti"))).toEqual(["tiocsti 0 25", "tiocsti 1 25", "tiocsti 2 25"]);
  });
});

/** CFS weight per nice value 0…19 (kernel/sched/core.c `sched_prio_to_weight`). */
const NICE_WEIGHT = [1024, 820, 655, 526, 423, 335, 272, 215, 172, 137, 110, 87, 70, 56, 45, 36, 29, 23, 18, 15];

/** A process's v1 `cpu` cgroup path, or null without that controller. */
function cpuCgroupOf(pid: number | "self"): string | null {
  const line = readFileSync(`/proc/${pid}/cgroup`, "utf8").split("\n").find((l) => l.split(":")[1]?.split(",").includes("cpu"));
  return line ? line.split(":").slice(2).join(":") : null;
}

/**
 * The CFS weight `pid` competes with against this process (which runs the Hub, at nice 0) where their
 * scheduling entities meet: its cgroup's `cpu.shares` when it is in a child cgroup of ours; else, in
 * the root cpu cgroup with autogroups on and another autogroup, that autogroup's nice; else its own nice.
 */
function competingWeight(pid: number): number {
  const mine = cpuCgroupOf("self");
  const theirs = cpuCgroupOf(pid);
  if (mine !== null && theirs !== null && theirs !== mine) {
    const below = theirs.slice(mine.length).replace(/^\//, "");
    if (!theirs.startsWith(mine) || below === "") throw new Error(`job process ${pid} in cpu cgroup ${theirs}, outside ours (${mine})`);
    return Number(readFileSync(join("/sys/fs/cgroup/cpu", mine, below.split("/")[0] ?? "", "cpu.shares"), "utf8"));
  }
  const autogroups = existsSync("/proc/sys/kernel/sched_autogroup_enabled") && readFileSync("/proc/sys/kernel/sched_autogroup_enabled", "utf8").trim() === "1";
  const group = (p: number | "self") => readFileSync(`/proc/${p}/autogroup`, "utf8").trim();
  if (autogroups && (mine === null || mine === "/") && group(pid) !== group("self")) {
    return NICE_WEIGHT[Number(/nice (-?\d+)/.exec(group(pid))?.[1])] ?? Infinity;
  }
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return NICE_WEIGHT[Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16])] ?? Infinity;
}
