import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeHubToken } from "../../test-support/fake-token";
import { ensureHfVenv2x } from "../../test-support/hf-venv-2x";
import { parseHfCommand } from "./hf-command";
import { formatVolumeSpec } from "./hf-volume-spec";
import { mergeHfJobsHeader, parseHfJobsHeader } from "./hf-jobs-header";
import { DEFAULT_UV_IMAGE } from "./wire-job-spec";

/**
 * The `[tool.hf-jobs]` merge checked against the hf 2.0.0 CLI itself: `hf jobs uv run --dry-run`
 * prints the resolved configuration with `(from script)` marks (cli/jobs.py `_print_job_summary`);
 * the same script + flags through parseHfJobsHeader / parseHfCommand / mergeHfJobsHeader must give
 * the same rows, marks and order.
 */

let hfBin = "";
let work = "";
beforeAll(() => {
  hfBin = ensureHfVenv2x().hf;
  work = mkdtempSync(join(tmpdir(), "hf-hdr-"));
}, 300_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function runCli(line: string, script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  writeFileSync(join(work, "s.py"), script);
  const env = {
    NODE_ENV: "test" as const,
    PATH: `${dirname(hfBin)}:/usr/bin:/bin`,
    HOME: work,
    HF_HOME: join(work, "hf-home"),
    HF_ENDPOINT: "http://127.0.0.1:9",
    HF_TOKEN: fakeHubToken(),
    HF_HUB_DISABLE_TELEMETRY: "1",
    NO_COLOR: "1",
  };
  return new Promise((resolve) => {
    execFile("/bin/sh", ["-c", line], { cwd: work, env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr: stderr.replace(/\x1b\[[0-9;]*m/g, "") });
    });
  });
}

/** The summary table → key → value lines, in order. */
function summaryRows(stdout: string): Record<string, string[]> {
  const rows: Record<string, string[]> = {};
  let key = "";
  for (const line of stdout.split("\n")) {
    if (line === "Job configuration:" || line.startsWith("(dry run)") || line.trim() === "") continue;
    const m = /^ {2}(\S+)\s{2,}(.*)$/.exec(line);
    if (m) {
      key = m[1] as string;
      rows[key] = [m[2] as string];
    } else if (key) rows[key]?.push(line.trim());
  }
  return rows;
}

const mark = (fromScript: string[], k: string) => (fromScript.includes(k) ? " (from script)" : "");

/** Our merge rendered as the CLI renders its summary (values only, secrets as names). */
function ourRows(line: string, script: string): Record<string, string[]> {
  const header = parseHfJobsHeader(script);
  if (!header.ok) throw new Error(header.error.message);
  const cmd = parseHfCommand(line);
  if (!cmd.ok) throw new Error(cmd.error.message);
  const c = cmd.value;
  const { name, ...labels } = c.labels;
  const { values: v, fromScript } = mergeHfJobsHeader({
    header: header.header,
    user: {
      image: c.image,
      flavor: c.flavor,
      python: c.uv?.python,
      timeout: c.timeout,
      name,
      namespace: c.namespace,
      networkGroup: c.networkGroup,
      networkAliases: c.networkAliases,
      env: c.env,
      secrets: c.secrets,
      labels,
      volumes: c.volumes,
    },
  });
  const rows: Record<string, string[]> = {
    script: [c.uv?.script ?? ""],
    args: c.uv && c.uv.scriptArgs.length ? [c.uv.scriptArgs.join(" ")] : [],
    with: c.uv && c.uv.with.length ? [c.uv.with.join(" ")] : [],
    image: [(v.image ?? DEFAULT_UV_IMAGE) + mark(fromScript, "image")],
    flavor: [(v.flavor ?? "cpu-basic") + mark(fromScript, "flavor")],
    python: v.python ? [v.python + mark(fromScript, "python")] : [],
    timeout: v.timeout ? [v.timeout + mark(fromScript, "timeout")] : [],
    env: Object.entries(v.env).map(([k, x]) => `${k}=${x}${mark(fromScript, `env.${k}`)}`),
    secrets: Object.keys(v.secrets).map((k) => `${k}${mark(fromScript, `secrets.${k}`)}`),
    volumes: v.volumes.map((x) => `${formatVolumeSpec(x)}${mark(fromScript, `volumes.${x.mountPath}`)}`),
    labels: Object.entries(v.labels).map(([k, x]) => `${k}=${x}${mark(fromScript, `labels.${k}`)}`),
    network_group: v.networkGroup ? [v.networkGroup + mark(fromScript, "network_group")] : [],
    network_aliases: v.networkAliases.length ? [v.networkAliases.join(" ") + mark(fromScript, "network_aliases")] : [],
    namespace: v.namespace ? [v.namespace + mark(fromScript, "namespace")] : [],
  };
  return Object.fromEntries(Object.entries(rows).filter(([, x]) => x.length > 0));
}

const header = (lines: string[]) => `# /// script\n# dependencies = []\n# [tool.hf-jobs]\n${lines.map((l) => `# ${l}`).join("\n")}\n# ///\nprint(1)\n`;

const FULL = header([
  'flavor = "a10g-small"',
  'timeout = "2h"',
  'name = "from-script"',
  'python = "3.11"',
  'env = { A = "script", B = "script" }',
  'secrets = ["HF_TOKEN", "WANDB_KEY"]',
  'labels = { team = "ml", stage = "dev" }',
  'volumes = ["hf://datasets/org/ds:/dataset", "hf://org/m:/model"]',
  'network_group = "g"',
  'network_aliases = ["master"]',
]);

const CASES: { title: string; line: string; script: string }[] = [
  { title: "script defaults alone", line: "hf jobs uv run --dry-run s.py --lr 1", script: FULL },
  {
    title: "flags win, maps merge entry by entry, aliases replace",
    line: "hf jobs uv run --dry-run --flavor cpu-basic -p 3.12 -e A=user -s WANDB_KEY=v -l stage=prod -v hf://buckets/me/b:/model --network-alias worker --with trl s.py",
    script: FULL,
  },
  { title: "--name beats the script's name", line: "hf jobs uv run --dry-run --name mine --timeout 5m --namespace org s.py", script: FULL },
  { title: "image and namespace from the script", line: "hf jobs uv run --dry-run s.py", script: header(['image = "my/uv:img"', 'namespace = "my-org"', "timeout = 300"]) },
  { title: "no table", line: "hf jobs uv run --dry-run -e X=1 s.py", script: "print(1)\n" },
];

describe("mergeHfJobsHeader against `hf jobs uv run --dry-run` 2.0.0", () => {
  for (const { title, line, script } of CASES) {
    it(title, async () => {
      const r = await runCli(line, script);
      expect(r.code, r.stderr).toBe(0);
      const cli = summaryRows(r.stdout);
      // secrets: the CLI shows `NAME=***` / `NAME=<not set>` (values from its environment); compare names
      if (cli["secrets"]) cli["secrets"] = cli["secrets"].map((s) => s.replace(/=(\*\*\*|<not set>)/, ""));
      const ours = ourRows(line, script);
      if (!(ours["labels"] ?? []).some((l) => l.startsWith("name="))) {
        // unnamed: the CLI names the job itself (script stem + a hash of the config); the app names its own
        const auto = (cli["labels"] ?? []).filter((l) => /^name=s-[0-9a-f]{8}$/.test(l));
        expect(auto).toHaveLength(1);
        cli["labels"] = (cli["labels"] ?? []).filter((l) => !auto.includes(l));
        if (cli["labels"].length === 0) delete cli["labels"];
      }
      expect(ours).toEqual(cli);
    });
  }

  it("refuses an unknown key with the CLI's own message", async () => {
    const script = header(['flavour = "x"', "gpu = 1"]);
    const r = await runCli("hf jobs uv run --dry-run s.py", script);
    expect(r.code).not.toBe(0);
    const ours = parseHfJobsHeader(script);
    expect(ours.ok).toBe(false);
    if (!ours.ok) expect(r.stderr).toContain(`Error: ${ours.error.message}`);
  });

  it("refuses the same wrongly typed values", async () => {
    for (const bad of ["env = { A = 1 }", "timeout = true", 'secrets = { HF_TOKEN = "x" }', 'volumes = "hf://org/m:/m"', "labels = []"]) {
      const script = header([bad]);
      const r = await runCli("hf jobs uv run --dry-run s.py", script);
      expect(r.code, bad).not.toBe(0);
      expect(parseHfJobsHeader(script).ok, bad).toBe(false);
    }
  });
});
