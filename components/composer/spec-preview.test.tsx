import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { buildJobSpec } from "@/lib/jobs/build-job-spec";
import type { LaunchInput } from "@/lib/jobs/schema";
import { parsePep723 } from "@/lib/jobs/pep723";
import { SpecPreview, formatDuration } from "./spec-preview";
import { fakeHubToken } from "@/test-support/fake-token";

// Rendered to HTML in Node (the project has no DOM test environment); the result comes from the real
// buildJobSpec, so the preview is checked against what the launch service will send.
const base: LaunchInput = {
  namespace: "alice",
  files: [
    { path: "train.py", size: 120 },
    { path: "configs/config.yaml", size: 20 },
  ],
  script: "train.py",
  args: ["--config", "configs/config.yaml", "--note", "a > b; rm -rf /"],
  dependencies: ["torch>=2.1", 'pandas[performance]; python_version >= "3.10"'],
  python: "3.12",
  flavor: "t4-small",
  timeout: "90m",
  env: { LOG_LEVEL: "debug" },
  secrets: { HF_TOKEN: fakeHubToken(), OPENAI_API_KEY: "sk-verysecret" },
  labels: { team: "nlp" },
};

function render(input: LaunchInput, pricePerHourUSD: number | null = 0.4): string {
  const result = buildJobSpec(input, { folder: "20261129T161800-abc123" });
  return renderToStaticMarkup(preview(input, result, pricePerHourUSD));
}

function previewProps(input: LaunchInput, result: ReturnType<typeof buildJobSpec>, pricePerHourUSD: number | null) {
  return {
    result,
    envNames: Object.keys(input.env ?? {}),
    secretNames: Object.keys(input.secrets ?? {}),
    image: input.image ?? "",
    flavorLabel: input.flavor ?? "",
    pricePerHourUSD,
  };
}

function preview(input: LaunchInput, result: ReturnType<typeof buildJobSpec>, pricePerHourUSD: number | null) {
  return <SpecPreview {...previewProps(input, result, pricePerHourUSD)} />;
}

function text(html: string): string {
  return html.replace(/<[^>]+>/g, " ").replace(/&quot;/g, '"').replace(/&gt;/g, ">").replace(/&lt;/g, "<").replace(/&amp;/g, "&").replace(/\s+/g, " ");
}

function argv(html: string): string[] {
  const list = /data-testid="spec-argv">(.*?)<\/ol>/.exec(html)?.[1] ?? "";
  return [...list.matchAll(/<li[^>]*>(.*?)<\/li>/g)].map((m) => text(m[1]).trim());
}

describe("SpecPreview", () => {
  it("shows the exact argv, each element whole (no shell string, field cases B01/B08)", () => {
    expect(argv(render(base))).toEqual([
      "uv", "run",
      "--with", "torch>=2.1",
      "--with", 'pandas[performance]; python_version >= "3.10"',
      "--python", "3.12",
      "/data/train.py",
      "--config", "/data/configs/config.yaml",
      "--note", "a > b; rm -rf /",
    ]);
  });

  it("shows secret names but never a secret value, even in the JSON", () => {
    const html = render(base);
    expect(html).not.toContain("hf_supersecretvalue");
    expect(html).not.toContain("sk-verysecret");
    expect(text(html)).toContain("HF_TOKEN, OPENAI_API_KEY");
    expect(html).toContain('data-testid="spec-json"');
    expect(text(html)).toContain('"HF_TOKEN": "•••"');
  });

  it("masks a token typed into the arguments or an env value (B28)", () => {
    const token = fakeHubToken();
    const html = render({ ...base, args: ["--hf-token", token, "--epochs", "3"], env: { OPENAI_KEY_COPY: "sk-abcdefghijklmnopqrstuvwx" } });
    expect(html).not.toContain(token);
    expect(html).not.toContain("sk-abcdefghijklmnopqrstuvwx");
    expect(argv(html)).toContain("--epochs");
  });

  it("shows env names, the timeout in seconds, volumes and where each file lands", () => {
    const t = text(render(base));
    expect(t).toContain("LOG_LEVEL");
    expect(t).toContain("5400 s");
    expect(t).toContain("bucket:alice/jobs-artifacts/20261129T161800-abc123 → /data (read-write)");
    expect(t).toContain("/data/train.py");
    expect(t).toContain("/data/configs/config.yaml");
    expect(t).toContain("team=nlp");
  });

  it("worst-case cost = timeout × price per hour; the Hub's 30 min default when no timeout", () => {
    expect(text(render(base))).toContain("$0.60 ($0.40/h × 1 h 30 min)");
    expect(text(render({ ...base, timeout: "" }))).toContain("$0.20 ($0.40/h × 30 min)");
    expect(text(render({ ...base, timeout: "" }))).toContain("Hub default (1800 s), not sent");
    expect(text(render(base, null))).toContain("unknown (hardware prices not loaded)");
  });

  it("shows an invalid timeout as invalid, with neither the Hub default nor a cost", () => {
    for (const timeout of ["0", "-5m", "1e3", "999999999"]) {
      const shown = text(render({ ...base, timeout }));
      expect(shown, timeout).toContain("invalid — see the Timeout field");
      expect(shown, timeout).not.toContain("Hub default");
      expect(shown, timeout).not.toMatch(/\$\d/);
      expect(shown, timeout).toContain("— (the timeout is invalid)");
    }
  });

  it("still shows the argv while fields have errors, and counts them", () => {
    const html = render({ ...base, timeout: "0", image: "-q" });
    expect(text(html)).toContain("2 problems to fix");
    expect(argv(html)[0]).toBe("uv");
    expect(html).not.toContain('data-testid="spec-json"');
  });

  it("lists warnings, e.g. a requires-python the chosen Python does not admit (B12)", () => {
    const script = '# /// script\n# requires-python = ">=3.13"\n# ///\nprint("ok")\n';
    const result = buildJobSpec(base, { folder: "f", scriptMetadata: parsePep723(script) });
    const html = renderToStaticMarkup(preview(base, result, 0.4));
    expect(text(html)).toMatch(/requires Python >=3\.13/);
  });

  it("shows the schedule and prices per run for a scheduled job", () => {
    const t = text(render({ ...base, schedule: { cron: "@daily" } }));
    expect(t).toContain("Schedule @daily");
    expect(t).toContain("per run");
  });

  it("says a scheduled job's folder is shared by every run, and a run-now job's folder is fresh (field case C04)", () => {
    // The composer names the folder only at launch, so its preview shows a placeholder path.
    const placeholder = "YYYYMMDDTHHMMSS-xxxxxx";
    const withPlaceholder = (input: LaunchInput) =>
      text(renderToStaticMarkup(<SpecPreview {...previewProps(input, buildJobSpec(input, { folder: placeholder }), 0.4)} folderPlaceholder={placeholder} />));
    expect(withPlaceholder({ ...base, schedule: { cron: "@daily" } })).toContain("shared by every run");
    const now = withPlaceholder(base);
    expect(now).toContain("a fresh folder named at launch");
    expect(now).not.toContain("shared by every run");
  });
});

describe("formatDuration", () => {
  it.each([
    [45, "45 s"],
    [1800, "30 min"],
    [5400, "1 h 30 min"],
    [90061, "1 d 1 h 1 min 1 s"],
  ])("%d → %s", (s, words) => expect(formatDuration(s)).toBe(words));
});
