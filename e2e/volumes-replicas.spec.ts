import { createRepo, getJob, listJobs, streamJobLogs, uploadFiles } from "@huggingface/hub";
import { expect, HUB_URL, LOCAL_USER, test } from "./fixtures";
import { ComposerPage } from "./pages/composer.page";

/**
 * Volumes, ports, SSH and replicas from the composer (issue 13 items 3–4), as a user drives them;
 * what the Hub got is read back from the local Hub with @huggingface/hub.
 */

const stamp = () => Date.now().toString(36);
const py = (name: string, text: string) => ({ name, mimeType: "text/x-python", buffer: Buffer.from(text) });

/** The job's log lines so far: the SSE stream read for at most `ms` (a running job's stream never ends). */
async function logsOf(hubToken: string, jobId: string, ms = 3_000): Promise<string> {
  const lines: string[] = [];
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), ms);
  try {
    for await (const l of streamJobLogs({ hubUrl: HUB_URL, accessToken: hubToken, namespace: LOCAL_USER, jobId, fetch: (url, init) => fetch(url, { ...init, signal: stop.signal }) })) {
      lines.push(l.message);
    }
  } catch (err) {
    if (!stop.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
  }
  return lines.join("\n");
}

test("a dataset volume and a bucket volume reach the job; ports and SSH show on the job page", async ({ signedInPage: page, hubToken }) => {
  test.setTimeout(180_000);
  const hub = { hubUrl: HUB_URL, accessToken: hubToken };
  const dataset = `${LOCAL_USER}/e2e-ds-${stamp()}`;
  const bucket = `${LOCAL_USER}/e2e-bk-${stamp()}`;
  await createRepo({ ...hub, repo: { type: "dataset", name: dataset } });
  await uploadFiles({ ...hub, repo: { type: "dataset", name: dataset }, files: [{ path: "train/hello.txt", content: new Blob(["hello from the dataset"]) }] });
  await createRepo({ ...hub, repo: { type: "bucket", name: bucket } });

  const composer = new ComposerPage(page);
  await composer.goto();
  await composer.dropFiles([py("read.py", 'print("READ", open("/corpus/hello.txt").read(), flush=True)\nopen("/scratch/out.txt", "w").write("written")\n')]);
  await composer.jobName.fill(`vol-${stamp()}`);

  const volumes = page.getByRole("region", { name: "Volumes" });
  await volumes.getByRole("button", { name: "Add volume" }).click();
  await page.getByLabel("Volume 1 type").selectOption("dataset");
  await page.getByLabel("Volume 1 source").fill(dataset);
  // The Hub's rule is shown before anything is sent: /data holds the job's own files.
  await page.getByLabel("Volume 1 mount path").fill("/data");
  await expect(volumes.getByText(/reserved for Jobs artifacts/)).toBeVisible();
  await page.getByLabel("Volume 1 mount path").fill("/corpus");
  await page.getByLabel("Volume 1 sub-path").fill("train");
  await volumes.getByRole("button", { name: "Add volume" }).click();
  await page.getByLabel("Volume 2 type").selectOption("bucket");
  await page.getByLabel("Volume 2 source").fill(bucket);
  await page.getByLabel("Volume 2 mount path").fill("/corpus");
  await expect(volumes.getByText(/one volume per mount path/)).toBeVisible();
  await page.getByLabel("Volume 2 mount path").fill("/scratch");
  await expect(page.getByLabel("Volume 2 read-only")).not.toBeChecked();
  await expect(volumes.getByTestId("field-error")).toHaveCount(0);

  await page.getByLabel("Exposed ports").fill("8000");
  await page.getByLabel(/Enable SSH/).check();

  await composer.runNow.click();
  await page.waitForURL(/\/jobs\/[^/]+\/[0-9a-f]+/, { timeout: 60_000 });
  const jobId = page.url().split("/").at(-1)?.split("?")[0] ?? "";

  // What the Hub stored: both volumes, the ports and SSH.
  const job = await getJob({ ...hub, namespace: LOCAL_USER, jobId });
  expect(job.volumes?.slice(0, 2)).toEqual([
    expect.objectContaining({ type: "dataset", source: dataset, mountPath: "/corpus", path: "train" }),
    expect.objectContaining({ type: "bucket", source: bucket, mountPath: "/scratch", readOnly: false }),
  ]);
  expect((job as { expose?: unknown }).expose).toEqual({ ports: [8000] });
  expect((job as { ssh?: unknown }).ssh).toEqual({ enabled: true });

  const access = page.getByRole("region", { name: "Access" });
  await expect(access.getByLabel("SSH command", { exact: true })).toHaveText(`hf jobs ssh ${jobId}`);
  await expect(access.getByRole("button", { name: "Copy SSH command" })).toBeVisible();
  await expect(access.getByRole("link", { name: /Port 8000: http:\/\/127\.0\.0\.1:8000/ })).toHaveAttribute("href", "http://127.0.0.1:8000");
  const spec = page.getByRole("region", { name: "Spec" });
  await expect(spec).toContainText(`dataset:${dataset}/train → /corpus (read-only)`);
  await expect(spec).toContainText(`bucket:${bucket} → /scratch (read-write)`);

  await expect(page.getByText("COMPLETED", { exact: true }).first()).toBeVisible({ timeout: 90_000 });
  expect(await logsOf(hubToken, jobId)).toContain("READ hello from the dataset");
});

test("two replicas form one group, reach rank 0 by its alias, are listed on the group page and cancelled together", async ({ signedInPage: page, hubToken }) => {
  test.setTimeout(180_000);
  const hub = { hubUrl: HUB_URL, accessToken: hubToken };
  const group = `e2e-grp-${stamp()}`;
  const script = [
    "import os, socket, time",
    'host = os.environ["HF_NETWORK_GROUP_PREFIX"] + os.environ["MASTER_ALIAS"]',
    "for _ in range(600):",
    "    try:",
    "        addr = socket.gethostbyname(host); break",
    "    except OSError:",
    "        time.sleep(0.1)",
    'print("RANK", os.environ["RANK"], "OF", os.environ["WORLD_SIZE"], "SEES", host, addr, flush=True)',
    "time.sleep(600)",
    "",
  ].join("\n");
  const composer = new ComposerPage(page);
  await composer.goto();
  await composer.dropFiles([py("ddp.py", script)]);
  await composer.jobName.fill(`ddp-${stamp()}`);
  await page.getByLabel("Replicas", { exact: true }).fill("2");
  await page.getByLabel("Network group", { exact: true }).fill(group);
  await composer.runNow.click();
  await page.waitForURL(new RegExp(`/jobs/${LOCAL_USER}/groups/${group}$`), { timeout: 60_000 });

  await expect(page.getByRole("heading", { name: `Network group ${group}` })).toBeVisible();
  const members = page.getByRole("row").filter({ has: page.getByRole("link") });
  await expect(members).toHaveCount(2);
  await expect(members.nth(0)).toContainText("master");
  await expect(members.nth(1)).toContainText("rank-1");

  const ids = (await listJobs({ ...hub, namespace: LOCAL_USER })).filter((j) => (j as { network?: { group?: string } }).network?.group === group).map((j) => j.id);
  expect(ids).toHaveLength(2);
  // Each replica resolved rank 0's alias inside the group.
  for (const id of ids) {
    await expect.poll(() => logsOf(hubToken, id), { timeout: 60_000 }).toMatch(/RANK \d OF 2 SEES \S*master 127\.100\.\d+\.\d+/);
  }

  await page.getByRole("button", { name: "Cancel all" }).click();
  await page.getByRole("button", { name: "Cancel all jobs" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Cancel sent" })).toContainText("CANCELED", { timeout: 30_000 });
  for (const id of ids) expect((await getJob({ ...hub, namespace: LOCAL_USER, jobId: id })).status.stage).toBe("CANCELED");
  await expect(members.getByText("CANCELED")).toHaveCount(2, { timeout: 15_000 });
});
