import { cancelJob, getJob, streamJobLogs } from "@huggingface/hub";
import { createServer, type AddressInfo, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobsHub, waitForStage, type JobsHub } from "../../../test-support/jobs-hub";
import { renderGroupHosts } from "./network-group";

async function logsOf(t: JobsHub, jobId: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const l of streamJobLogs({ ...t.base, jobId })) lines.push(l.message);
  return lines;
}

async function post(t: JobsHub, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await t.api("/api/jobs/local-user", { method: "POST", body: JSON.stringify({ dockerImage: "python:3.12", ...body }) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** A TCP server on the host's 127.0.0.1 that answers `pong` to any connection. */
async function pongServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((s) => s.end("pong"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, port: (server.address() as AddressInfo).port };
}

async function freePort(): Promise<number> {
  const { server, port } = await pongServer();
  await new Promise((r) => server.close(r));
  return port;
}

const connectCode = (port: number, tokenFile: string) => `
import socket
try:
    s = socket.create_connection(("127.0.0.1", ${port}), timeout=5)
    print("reply", s.recv(10).decode())
except OSError as e:
    print("connect failed", type(e).__name__)
try:
    open(${JSON.stringify(tokenFile)}).read()
    print("host file readable")
except OSError as e:
    print("host file hidden", type(e).__name__)
`;

describe("job network: shared with the machine by default", () => {
  let t: JobsHub;
  let pong: { server: Server; port: number };
  beforeAll(async () => {
    t = await startJobsHub({ maxConcurrentJobs: 4 });
    pong = await pongServer();
  });
  afterAll(async () => {
    await new Promise((r) => pong.server.close(r));
    await t.hub.close();
  });

  it("reaches a TCP listener on the host, and still cannot read the host's files", async () => {
    const { json } = await post(t, { command: ["python3", "-c", connectCode(pong.port, `${t.dir}/token`)] });
    const id = String(json.id);
    const lines = await logsOf(t, id);
    expect((await waitForStage(t.base, id, ["COMPLETED", "ERROR"])).status.stage).toBe("COMPLETED");
    expect(lines).toContain("reply pong");
    expect(lines).toContain("host file hidden FileNotFoundError");
    expect(lines.some((l) => l.includes("with this machine's network (outbound access, like HF Jobs)"))).toBe(true);
  });

  it("places a network group's members together: names resolve, members reach each other by alias", async () => {
    const port = await freePort();
    const master = `
import os, socket, time
prefix = os.environ["HF_NETWORK_GROUP_PREFIX"]
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("0.0.0.0", ${port})); srv.listen(1); srv.settimeout(60)
conn, _ = srv.accept()
print("master got", conn.recv(100).decode())
for _ in range(100):
    try:
        print("master sees worker at", socket.gethostbyname(prefix + "worker")); break
    except OSError:
        time.sleep(0.1)
conn.sendall(b"resolved"); conn.close()
`;
    const worker = `
import os, socket, time
host, prefix = os.environ["HF_NETWORK_GROUP_HOSTNAME"], os.environ["HF_NETWORK_GROUP_PREFIX"]
for _ in range(300):
    try:
        s = socket.create_connection((prefix + "master", ${port}), timeout=2); break
    except OSError:
        time.sleep(0.1)
s.sendall(b"hello from worker")
# Stay a member until the master has looked this job up (a member that ended is gone from the hosts file).
s.settimeout(60); s.recv(100); s.close()
print("members", sorted({a[4][0] for a in socket.getaddrinfo(host, None, socket.AF_INET)}))
print(open("/etc/hosts").read())
`;
    const a = await post(t, { command: ["python3", "-c", master], network: { group: "train-1", aliases: ["master"] } });
    expect(a.status).toBe(200);
    expect(a.json.network).toEqual({ group: "train-1", aliases: ["master"] });
    const b = await post(t, { command: ["python3", "-c", worker], network: { group: "train-1", aliases: ["worker"] } });
    const [la, lb] = await Promise.all([logsOf(t, String(a.json.id)), logsOf(t, String(b.json.id))]);
    for (const id of [a.json.id, b.json.id]) expect((await waitForStage(t.base, String(id), ["COMPLETED", "ERROR"], 60_000)).status.stage).toBe("COMPLETED");
    const addr = (ls: string[]) => /this job is (127\.\d+\.\d+\.\d+)/.exec(ls.find((l) => l.includes("this job is")) ?? "")?.[1] ?? "";
    const [ipA, ipB] = [addr(la), addr(lb)];
    expect(ipA).not.toBe(ipB);
    expect(la).toContain("master got hello from worker");
    expect(la).toContain(`master sees worker at ${ipB}`);
    expect(lb).toContain(`members ${JSON.stringify([ipA, ipB].sort()).replace(/"/g, "'").replace(/,/g, ", ")}`);
    // The worker's /etc/hosts: localhost, then exactly the group's names, nothing of the host's file.
    const hosts = lb.slice(lb.findIndex((l) => l.startsWith("127.0.0.1\t")));
    expect(hosts.slice(0, 7)).toEqual([
      "127.0.0.1\tlocalhost", "::1\tlocalhost ip6-localhost ip6-loopback", "# network group train-1 (written by the local Hub)",
      `${ipA}\thf-group-train-1`, `${ipB}\thf-group-train-1`, `${ipA}\thf-alias-master`, `${ipB}\thf-alias-worker`,
    ]);
    expect((await getJob({ ...t.base, jobId: String(b.json.id) })).status).not.toHaveProperty("sshUrl");
  });

  it("refuses network fields that could write anything but a name into a hosts file", async () => {
    const cases: [unknown, RegExp][] = [
      [{ group: "g\n10.0.0.1 evil" }, /network\.group must be 1 to 46 lowercase/],
      [{ group: "UPPER" }, /network\.group must be/],
      [{ group: "a".repeat(47) }, /network\.group must be/],
      [{ group: "g", aliases: ["x y"] }, /network\.aliases\[0\] must be 1 to 34/],
      [{ group: "g", aliases: ["a".repeat(35)] }, /network\.aliases\[0\]/],
      [{ group: "g", aliases: ["m", "m"] }, /network\.aliases\[1\] "m" is given twice/],
      [{ aliases: ["m"] }, /network\.aliases requires network\.group/],
      [{ group: "g", extra: 1 }, /network\.extra is not a network field/],
      ["g", /network must be an object/],
    ];
    for (const [network, message] of cases) {
      const r = await post(t, { command: ["true"], network });
      expect(r.status).toBe(400);
      expect(String(r.json.error)).toMatch(message);
    }
    expect(() => renderGroupHosts("g", [{ address: "127.0.0.1\n1.2.3.4", aliases: [] }])).toThrow(/invalid member address/);
    expect(() => renderGroupHosts("g", [{ address: "127.100.0.1", aliases: ["evil\n1.2.3.4 x"] }])).toThrow(/invalid network alias/);
    expect(() => renderGroupHosts("g x", [])).toThrow(/invalid network group/);
  });

  it("stores and echoes network on scheduled jobs too", async () => {
    const res = await t.api("/api/scheduled-jobs/local-user", {
      method: "POST",
      body: JSON.stringify({ schedule: "@hourly", suspend: true, jobSpec: { dockerImage: "python:3.12", command: ["true"], network: { group: "nightly", aliases: ["a"] } } }),
    });
    expect(res.status).toBe(200);
    const sj = (await res.json()) as { id: string; jobSpec: { network?: unknown } };
    expect(sj.jobSpec.network).toEqual({ group: "nightly", aliases: ["a"] });
    const again = (await (await t.api(`/api/scheduled-jobs/local-user/${sj.id}`)).json()) as { jobSpec: { network?: unknown } };
    expect(again.jobSpec.network).toEqual({ group: "nightly", aliases: ["a"] });
    const bad = await t.api("/api/scheduled-jobs/local-user", {
      method: "POST", body: JSON.stringify({ schedule: "@hourly", jobSpec: { dockerImage: "python:3.12", command: ["true"], network: { aliases: ["a"] } } }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/jobSpec\.network\.aliases requires jobSpec\.network\.group/);
  });

  it("lists exposeUrls that reach the job's port, and accepts ssh without an sshUrl", async () => {
    const port = await freePort();
    const { json } = await post(t, {
      command: ["python3", "-m", "http.server", String(port), "--bind", "0.0.0.0"], expose: { ports: [port] }, ssh: { enabled: true },
    });
    const id = String(json.id);
    const status = json.status as Record<string, unknown>;
    expect(status.exposeUrls).toEqual([`http://127.0.0.1:${port}`]);
    expect(status).not.toHaveProperty("sshUrl");
    let body = "";
    for (let i = 0; i < 100 && !body; i += 1) {
      body = await fetch(`http://127.0.0.1:${port}/`).then((r) => (r.ok ? r.text() : ""), () => "");
      if (!body) await new Promise((r) => setTimeout(r, 100));
    }
    expect(body).toContain("Directory listing");
    await cancelJob({ ...t.base, jobId: id });
    const lines = await logsOf(t, id);
    expect(lines.some((l) => l.includes(`Exposed ports are reached from this machine at http://127.0.0.1:${port}`))).toBe(true);
    expect(lines.some((l) => l.includes("ssh is not available: the local Hub has no SSH gateway, so status.sshUrl is not set"))).toBe(true);
  });
});

describe("job network: --job-network none", () => {
  let t: JobsHub;
  let pong: { server: Server; port: number };
  beforeAll(async () => {
    t = await startJobsHub({ jobNetwork: "none" });
    pong = await pongServer();
  });
  afterAll(async () => {
    await new Promise((r) => pong.server.close(r));
    await t.hub.close();
  });

  it("keeps jobs off the network, and lists no exposeUrls", async () => {
    const { json } = await post(t, { command: ["python3", "-c", connectCode(pong.port, `${t.dir}/token`)], expose: { ports: [8000] } });
    const id = String(json.id);
    expect(json.status).not.toHaveProperty("exposeUrls");
    const lines = await logsOf(t, id);
    expect((await waitForStage(t.base, id, ["COMPLETED", "ERROR"])).status.stage).toBe("COMPLETED");
    expect(lines.some((l) => l.startsWith("connect failed"))).toBe(true);
    expect(lines).not.toContain("reply pong");
    expect(lines.some((l) => l.includes("with no network (the local Hub runs with --job-network none)"))).toBe(true);
    expect(lines.some((l) => l.includes("Exposed ports cannot be reached"))).toBe(true);
  });
});
