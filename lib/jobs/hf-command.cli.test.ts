import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeHubToken } from "../../test-support/fake-token";
import { ensureHfVenv2x } from "../../test-support/hf-venv-2x";
import { formatHfCommand, jobSpecFromHfCommand, parseHfCommand } from "./hf-command";
import type { WireJobSpec } from "./wire-job-spec";

/**
 * The official `hf` CLI 2.0.0 (the conformance suite's .tmp/hf-venv-2x) is the oracle: each line is
 * run by /bin/sh against a capture server that records the body the CLI POSTs, and that body must
 * equal what `parseHfCommand` + `jobSpecFromHfCommand` make of the same line; then the line
 * `formatHfCommand` prints for that spec, run the same way, must send the same spec again.
 * (2.0.0's `--dry-run` prints a summary table, not the spec, so it cannot be compared.)
 */

interface Captured {
  path: string;
  body: Record<string, unknown>;
}

let url = "";
let captured: Captured[] = [];
let close: () => Promise<void> = async () => {};
let hfBin = "";
let work = "";

beforeAll(async () => {
  hfBin = ensureHfVenv2x().hf;
  work = mkdtempSync(join(tmpdir(), "hf-cmd-"));
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
    req.on("end", () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(body));
      };
      const owner = { id: "0".repeat(24), name: "alice", type: "user" };
      const p = (req.url ?? "").split("?")[0] ?? "";
      if (req.method === "GET" && p === "/api/whoami-v2") return send(200, { type: "user", name: "alice", id: owner.id, orgs: [] });
      if (req.method === "POST" && /^\/api\/jobs\/[^/]+$/.test(p)) {
        const body = JSON.parse(raw) as Record<string, unknown>;
        captured.push({ path: p, body });
        return send(200, { ...body, id: "a".repeat(24), owner, status: { stage: "RUNNING" }, createdAt: new Date().toISOString() });
      }
      if (req.method === "POST" && /^\/api\/scheduled-jobs\/[^/]+$/.test(p)) {
        const body = JSON.parse(raw) as Record<string, unknown>;
        captured.push({ path: p, body });
        return send(200, { ...body, id: "b".repeat(24), owner, status: {}, createdAt: new Date().toISOString() });
      }
      send(404, { error: `capture server: no route ${req.method} ${p}` });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((r) => server.close(() => r()));
}, 300_000);

afterAll(async () => {
  await close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Runs `line` with /bin/sh (so the shell, not our tokenizer, splits it) and returns what the CLI POSTed. */
async function runThroughCli(line: string, files: Record<string, string> = {}): Promise<Captured> {
  captured = [];
  for (const [name, content] of Object.entries(files)) writeFileSync(join(work, name), content);
  const env = {
    NODE_ENV: "test" as const,
    PATH: `${dirname(hfBin)}:/usr/bin:/bin`,
    HOME: work,
    HF_HOME: join(work, "hf-home"),
    HF_ENDPOINT: url,
    HF_TOKEN: fakeHubToken(),
    HF_HUB_DISABLE_TELEMETRY: "1",
    HF_HUB_DISABLE_EXPERIMENTAL_WARNING: "1",
    MY_SECRET: "s3cr3t",
    WANDB_KEY: "w",
  };
  const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    execFile("/bin/sh", ["-c", line], { cwd: work, env, timeout: 60_000 }, (err, _stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr });
    });
  });
  expect(captured, `${line}\n${result.stderr}`).toHaveLength(1);
  return captured[0] as Captured;
}

/** The job spec in a captured body (a scheduled job's body wraps it in `jobSpec`). */
function specOf(c: Captured): WireJobSpec {
  return (c.path.startsWith("/api/scheduled-jobs/") ? c.body["jobSpec"] : c.body) as WireJobSpec;
}

/** Secret values come from the CLI's environment: compare names only. */
function withSecretNames(spec: WireJobSpec): WireJobSpec {
  if (spec.secrets === undefined) return spec;
  return { ...spec, secrets: Object.fromEntries(Object.keys(spec.secrets).map((k) => [k, "<set>"])) };
}

const LINES: string[] = [
  `hf jobs run -d --name t1 python:3.12 python -c "print(6*7)"`,
  `hf jobs run --detach --name t2 --flavor a10g-small --timeout 2h -e A=1 -e "B=two words" -s MY_SECRET -l team=ml -l flag python:3.12 python /x.py --lr 1e-4`,
  `hf jobs run -d --name=t3 --timeout=90m -v hf://datasets/org/ds/train:/in:ro -v hf://buckets/org/b:/out --expose 8000 --expose 8001 --ssh ghcr.io/org/img:latest bash -lc 'echo $HOME; ls ~'`,
  `hf jobs run -d --name t4 --network-group grp --network-alias master --resource-group-id rg1 --namespace my-org hf.co/spaces/org/space python app.py`,
  `hf jobs run -d --name t5 -- python:3.12 python -e x -s y`,
  `hf jobs run --name t6 python:3.12 python -c 'import sys; print(sys.argv)' -d -e LATE=after`,
  `hf jobs run -d --name t7 -e 'Q="quoted # not a comment"' -e "ESC=a\\\\nb" -s WANDB_KEY=inline python:3.12 env`,
  `hf jobs uv run -d --name u1 --with trl --with "torch>=2.1" -p 3.11 --flavor t4-small python -c "import trl"`,
  `hf jobs uv run -d --name u2 --image my/uv:img --timeout 300 -v hf://org/model@refs/pr/1:/model lighteval accelerate --x=1`,
  `hf jobs scheduled run --name s1 --suspend --no-concurrency "*/5 * * * *" python:3.12 python -c "print(1)"`,
  `hf jobs scheduled uv run --name s2 --with requests @hourly python -c "print(2)"`,
  `hf jobs run -d python:3.12 echo unnamed`,
];

describe("parseHfCommand against the hf 2.0.0 CLI", () => {
  for (const line of LINES) {
    it(line, async () => {
      const got = await runThroughCli(line);
      const parsed = parseHfCommand(line);
      expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
      if (!parsed.ok) return;
      const spec = jobSpecFromHfCommand(parsed.value);
      const cliSpec = specOf(got);
      if (parsed.value.labels["name"] === undefined) {
        // the CLI names unnamed jobs itself (a hash of the config); the parser leaves that to the app
        expect(cliSpec.labels?.["name"]).toMatch(/^python-3-12-[0-9a-f]{8}$/);
        const labels = { ...(cliSpec.labels ?? {}) };
        delete labels["name"];
        cliSpec.labels = labels;
        if (Object.keys(labels).length === 0) delete cliSpec.labels;
      }
      expect(withSecretNames(spec)).toEqual(withSecretNames(cliSpec));
      if (parsed.value.schedule) {
        expect(got.body["schedule"]).toBe(parsed.value.schedule.schedule);
        expect(got.body["suspend"]).toBe(parsed.value.schedule.suspend);
        expect(got.body["concurrency"]).toBe(parsed.value.schedule.concurrency);
      }
    });
  }
});

describe("formatHfCommand through the hf 2.0.0 CLI", () => {
  const specs: { title: string; params: Parameters<typeof formatHfCommand>[0] }[] = [
    {
      title: "command job with everything",
      params: {
        spec: {
          dockerImage: "python:3.12",
          command: ["python", "-c", "import os; print(os.environ['A'], 6*7)", "-e", "--flavor", "it's"],
          arguments: [],
          environment: { A: "x y", B: ' "q" ', C: "#hash", D: "tab\there", E: "back\\slash" },
          secrets: { MY_SECRET: "ignored" },
          flavor: "a10g-large",
          timeoutSeconds: 5400,
          labels: { name: "fmt-1", team: "ml", empty: "" },
          volumes: [
            { type: "dataset", source: "org/ds", mountPath: "/in", readOnly: true, path: "train" },
            { type: "bucket", source: "org/b", mountPath: "/out", readOnly: false },
            { type: "model", source: "org/m", mountPath: "/m", revision: "v1" },
          ],
          expose: { ports: [8000] },
          ssh: { enabled: true },
          network: { group: "grp", aliases: ["master", "w1"] },
          resourceGroupId: "rg",
        },
        detach: true,
      },
    },
    {
      title: "long and multi-line env values go through the env file",
      params: {
        spec: {
          spaceId: "org/space",
          command: ["python", "app.py"],
          arguments: [],
          environment: { PROMPT: "line one\nline \"two\"", LONG: "x".repeat(200), SHORT: "s" },
          flavor: "cpu-basic",
          labels: { name: "fmt-2" },
        },
        detach: true,
      },
    },
    {
      title: "uv job",
      params: {
        spec: {
          dockerImage: "ghcr.io/astral-sh/uv:python3.12-bookworm",
          command: [],
          arguments: [],
          environment: {},
          flavor: "t4-small",
          timeoutSeconds: 45,
          labels: { name: "fmt-3" },
        },
        uv: { script: "python", scriptArgs: ["-c", "print(42)"], with: ["trl", "torch>=2"], python: "3.11" },
        detach: true,
      },
    },
    {
      title: "scheduled command job",
      params: {
        spec: { dockerImage: "python:3.12", command: ["python", "-c", "print(1)"], arguments: [], environment: {}, flavor: "cpu-basic", labels: { name: "fmt-4" } },
        schedule: { schedule: "0 9 * * 1", suspend: false, concurrency: true },
      },
    },
  ];
  for (const { title, params } of specs) {
    it(title, async () => {
      const out = formatHfCommand(params);
      expect(out.warnings).toEqual([]);
      const files = out.envFile ? { [out.envFile.name]: out.envFile.content } : {};
      const got = await runThroughCli(out.line, files);
      const expected: WireJobSpec = params.uv ? jobSpecFromHfCommand({ ...(parseOk(out.line)) }) : params.spec;
      expect(withSecretNames(specOf(got))).toEqual(withSecretNames(expected));
      if (params.uv) expect(specOf(got).command).toEqual(["uv", "run", "--with", "trl", "--with", "torch>=2", "--python", "3.11", "python", "-c", "print(42)"]);
      if (params.schedule) expect(got.body).toMatchObject({ schedule: params.schedule.schedule, suspend: false, concurrency: true });
      // and the line parses back to the same spec
      expect(withSecretNames(jobSpecFromHfCommand(parseOk(out.line)))).toEqual(
        withSecretNames(out.envFile ? { ...expected, environment: Object.fromEntries(Object.entries(expected.environment).filter(([k]) => !out.envFile?.content.includes(`${k}=`))) } : expected),
      );
    });
  }
});

function parseOk(line: string) {
  const r = parseHfCommand(line);
  if (!r.ok) throw new Error(`${line}: ${r.error.field}: ${r.error.message}`);
  return r.value;
}
