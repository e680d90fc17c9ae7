import { createHash, randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setHubSessionForTests } from "@/lib/auth/session";
import { forgetMaskManifests } from "@/lib/jobs/job-masker";
import { launchJob } from "@/lib/jobs/launch-job";
import { startJobsHub, waitForStage, type JobsHub } from "@/test-support/jobs-hub";
import { GET as logsRoute } from "./[namespace]/[id]/logs/route";
import { GET as fileRoute } from "../buckets/[namespace]/file/route";

/**
 * Issue 11 item 1 through the app's routes against a real local Hub: a job launched through the app
 * prints a one-line secret, a multi-line JSON secret (raw and JSON-escaped), its SHA-256 and the
 * session's token; the logs route and the text preview contain none of them, and the SHA-256 proves
 * the job got the exact bytes. A second member of the org, reading after the app forgot its caches
 * (a restart), sees the same masking: the fingerprints travel with the job.
 */
const req = (url: string) => new NextRequest(new URL(url, "http://app.test"));
const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });

const SCRIPT = `import hashlib, json, os
one = os.environ["ONE_LINE"]
sa = os.environ["SA_JSON"]
print("one:", one, flush=True)
print(sa, flush=True)
print(json.dumps({"sa": sa}), flush=True)
print("sha256:", hashlib.sha256(sa.encode()).hexdigest(), flush=True)
print("token:", os.environ["HF_TOKEN"], flush=True)
open("/data/out.txt", "w").write(one + "\\n" + sa + "\\n")
`;

describe("masked secrets in the logs route and previews", () => {
  let t: JobsHub;
  const ONE_LINE = `pw-${randomBytes(12).toString("base64url")}`;
  const SA_JSON = `${JSON.stringify({ type: "service_account", project_id: `proj-${randomBytes(4).toString("hex")}`, private_key_id: randomBytes(20).toString("hex"), client_email: `bot-${randomBytes(4).toString("hex")}@example.iam.test`, note: 'quote " and \\\\ slash' }, null, 2)}\n`;
  let jobId: string;
  let folder: string;
  const org = "local-org";

  beforeAll(async () => {
    process.env.AUTH_SECRET = randomBytes(32).toString("base64url");
    t = await startJobsHub();
    const files = [{ path: "leak.py", content: new Blob([SCRIPT]) }];
    const r = await launchJob({
      hubUrl: t.base.hubUrl,
      accessToken: t.base.accessToken,
      files,
      input: {
        namespace: org,
        files: [{ path: "leak.py", size: files[0]?.content.size ?? 0 }],
        script: "leak.py",
        secrets: { ONE_LINE, SA_JSON },
        useSessionTokenAs: "HF_TOKEN",
      },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    jobId = r.data.jobId ?? "";
    folder = r.data.folder;
    const done = await waitForStage({ ...t.base, namespace: org }, jobId, ["COMPLETED", "ERROR"], 60_000);
    expect(done.status.stage).toBe("COMPLETED");
  });
  afterAll(() => t.hub.close());
  afterEach(() => setHubSessionForTests(undefined));

  const as = (name: string, token: string) => setHubSessionForTests({ hubUrl: t.base.hubUrl, accessToken: token, user: { name }, namespaces: [name, org] });

  function expectNoSecret(text: string) {
    expect(text).not.toContain(ONE_LINE);
    expect(text).not.toContain(t.base.accessToken);
    for (const line of SA_JSON.split("\n")) if (line.trim().length >= 8) expect(text, line).not.toContain(line.trim());
    expect(text).not.toContain(JSON.stringify(SA_JSON).slice(1, -1));
  }

  async function logText(): Promise<{ text: string; names: string[] }> {
    const res = await logsRoute(req(`/api/jobs/${org}/${jobId}/logs`), params({ namespace: org, id: jobId }));
    expect(res.status).toBe(200);
    const events = (await res.text()).split("\n").filter((l) => l.startsWith("data: ")).map((l) => JSON.parse(l.slice(6)) as { m?: string; k?: string[] });
    return { text: events.map((e) => e.m ?? "").join("\n"), names: [...new Set(events.flatMap((e) => e.k ?? []))] };
  }

  it("the logs route masks every secret and names them; the SHA-256 shows the exact bytes arrived", async () => {
    as(t.base.namespace, t.base.accessToken);
    const { text, names } = await logText();
    expectNoSecret(text);
    expect(text).toContain(`sha256: ${createHash("sha256").update(SA_JSON).digest("hex")}`);
    expect(text).toContain("one: ***");
    expect(names).toEqual(expect.arrayContaining(["ONE_LINE", "SA_JSON"]));
  });

  it("another member of the org, after the app forgot its caches, sees the same masking", async () => {
    const other = (await (await t.api("/__test/users", { method: "POST", body: JSON.stringify({ name: "second-member", orgs: [org] }) })).json()) as { name: string; token: string };
    forgetMaskManifests();
    as(other.name, other.token);
    const { text, names } = await logText();
    expectNoSecret(text);
    // the first user's token, added as HF_TOKEN, is masked by its fingerprint (named), not only by its shape
    expect(names).toEqual(expect.arrayContaining(["ONE_LINE", "SA_JSON", "HF_TOKEN"]));
  });

  it("a text preview of an output file is masked; its download is the exact bytes", async () => {
    as(t.base.namespace, t.base.accessToken);
    const path = encodeURIComponent(`${folder}/out.txt`);
    const preview = await fileRoute(req(`/api/buckets/${org}/file?path=${path}&preview=1`), params({ namespace: org }));
    const text = await preview.text();
    expectNoSecret(text);
    expect(preview.headers.get("x-masked")).toContain("ONE_LINE");
    const download = await fileRoute(req(`/api/buckets/${org}/file?path=${path}&download=1`), params({ namespace: org }));
    expect(await download.text()).toBe(`${ONE_LINE}\n${SA_JSON}\n`);
  });
});
