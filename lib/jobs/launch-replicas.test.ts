import { getJob, listJobs, streamJobLogs } from "@huggingface/hub";
import { describe, expect, it } from "vitest";
import { waitForStage } from "@/test-support/jobs-hub";
import { useJobsHubSuite } from "@/test-support/jobs-hub-suite";
import { groupFromLaunchKey } from "./job-spec-fields-2x";
import { launchJob } from "./launch-job";
import type { LaunchFile } from "./prepare-launch";
import { cancelGroupCommand } from "./network-group";
import { replicaLaunchKey } from "./replicas";
import { LAUNCH_KEY_LABEL, type LaunchInput } from "./schema";

// Each replica resolves rank 0's alias through the group's hosts, then stays a moment so the other
// can resolve it too (a member leaves the group's hosts when its process ends).
const SCRIPT = `import os, socket, time
host = os.environ["HF_NETWORK_GROUP_PREFIX"] + os.environ["MASTER_ALIAS"]
for _ in range(600):
    try:
        addr = socket.gethostbyname(host)
        break
    except OSError:
        time.sleep(0.1)
else:
    raise SystemExit("could not resolve " + host)
print("RANK", os.environ["RANK"], "OF", os.environ["WORLD_SIZE"], "MASTER", host, addr, "PORT", os.environ["MASTER_PORT"], flush=True)
time.sleep(3)
`;

function submission(namespace: string, over: Partial<LaunchInput>): { input: LaunchInput; files: LaunchFile[] } {
  const files: LaunchFile[] = [{ path: "rank.py", content: new Blob([SCRIPT]) }];
  return { files, input: { namespace, files: [{ path: "rank.py", size: SCRIPT.length }], script: "rank.py", image: "python:3.12", ...over } };
}

describe("replicated launch against a local Hub", () => {
  const hub = useJobsHubSuite();
  const posts = async () =>
    ((await (await hub.t.api("/__test/requests")).json()) as { method: string; path: string }[]).filter((q) => q.method === "POST" && q.path === `/api/jobs/${hub.ns}`).length;

  it("two replicas form one network group, each told its rank, and both reach rank 0 by its alias", async () => {
    const launchKey = "replicas-key-000000001";
    const r = await launchJob({ ...hub.creds, ...submission(hub.ns, { launchKey, replicas: 2 }) });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const group = groupFromLaunchKey(launchKey);
    expect(r.data.group?.name).toBe(group);
    const ids = r.data.group?.jobIds ?? [];
    expect(ids).toHaveLength(2);
    expect(r.data.jobId).toBe(ids[0]);
    const jobs = await Promise.all(ids.map((jobId) => getJob({ ...hub.t.base, jobId })));
    expect(jobs.map((j) => (j as { network?: unknown }).network)).toEqual([
      { group, aliases: ["master"] },
      { group, aliases: ["rank-1"] },
    ]);
    expect(jobs.map((j) => j.labels?.[LAUNCH_KEY_LABEL])).toEqual([replicaLaunchKey(launchKey, 0), replicaLaunchKey(launchKey, 1)]);
    expect(jobs.map((j) => [j.environment?.RANK, j.environment?.WORLD_SIZE])).toEqual([["0", "2"], ["1", "2"]]);
    const done = await Promise.all(ids.map((jobId) => waitForStage(hub.t.base, jobId, ["COMPLETED", "ERROR"], 60_000)));
    expect(done.map((j) => j.status.stage)).toEqual(["COMPLETED", "COMPLETED"]);
    for (const [rank, jobId] of ids.entries()) {
      const lines: string[] = [];
      for await (const l of streamJobLogs({ ...hub.t.base, jobId })) lines.push(l.message);
      const logs = lines.join("\n");
      expect(logs).toMatch(new RegExp(`RANK ${rank} OF 2 MASTER \\S*master 127\\.100\\.\\d+\\.\\d+ PORT 29500`));
    }
  });

  it("a lost answer is found by the replica's own key, and a resumed retry starts nothing more", async () => {
    const launchKey = "replicas-key-lost-0002";
    await hub.t.api("/__test/faults", { method: "POST", body: JSON.stringify({ method: "POST", path: `/api/jobs/${hub.ns}`, count: 1, kind: "drop-after" }) });
    const before = await posts();
    const r = await launchJob({ ...hub.creds, ...submission(hub.ns, { launchKey, replicas: 2, networkGroup: "my-group" }) });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.data.recovered).toBe(true);
    expect(r.data.group?.name).toBe("my-group");
    expect(await posts()).toBe(before + 2);
    const retry = await launchJob({ ...hub.creds, ...submission(hub.ns, { launchKey, replicas: 2, networkGroup: "my-group", resume: true, reuseFolder: r.data.folder }) });
    if (!retry.ok) throw new Error(JSON.stringify(retry.error));
    expect(retry.data.group?.jobIds).toEqual(r.data.group?.jobIds);
    expect(await posts()).toBe(before + 2);
    const members = (await listJobs({ ...hub.t.base })).filter((j) => (j as { network?: { group?: string } }).network?.group === "my-group");
    expect(members.map((j) => j.id).sort()).toEqual([...(r.data.group?.jobIds ?? [])].sort());
  });

  it("refuses 0 or too many replicas, a bad group name and replicas on a schedule before sending anything", async () => {
    const before = await posts();
    for (const [over, field] of [
      [{ replicas: 0 }, "replicas"],
      [{ replicas: 17 }, "replicas"],
      [{ replicas: 2, networkGroup: "Bad_Group" }, "networkGroup"],
    ] as const) {
      const r = await launchJob({ ...hub.creds, ...submission(hub.ns, over) });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(Object.keys(r.error.fieldErrors ?? {})).toContain(field);
    }
    expect(await posts()).toBe(before);
  });

  it("Cancel all cancels every member of the group, each read back CANCELED", async () => {
    const sleeper = "import time\ntime.sleep(600)\n";
    const files: LaunchFile[] = [{ path: "sleep.py", content: new Blob([sleeper]) }];
    const input: LaunchInput = { namespace: hub.ns, files: [{ path: "sleep.py", size: sleeper.length }], script: "sleep.py", image: "python:3.12", replicas: 2, networkGroup: "to-cancel" };
    const r = await launchJob({ ...hub.creds, input, files });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const ids = r.data.group?.jobIds ?? [];
    await Promise.all(ids.map((jobId) => waitForStage(hub.t.base, jobId, ["RUNNING"], 60_000)));
    const c = await cancelGroupCommand({ ...hub.creds, namespace: hub.ns, group: "to-cancel" });
    if (!c.ok) throw new Error(JSON.stringify(c.error));
    expect(c.data.members.map((m) => m.jobId).sort()).toEqual([...ids].sort());
    const after = await Promise.all(ids.map((jobId) => getJob({ ...hub.t.base, jobId })));
    expect(after.map((j) => j.status.stage)).toEqual(["CANCELED", "CANCELED"]);
    const none = await cancelGroupCommand({ ...hub.creds, namespace: hub.ns, group: "no-such-group" });
    expect(none.ok ? null : none.error.code).toBe("not_found");
  });
});
