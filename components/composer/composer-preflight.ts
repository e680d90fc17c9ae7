/**
 * The composer's preflight (issue 13, Deliver 7): the rules checked before anything is sent, as field
 * errors. Part of the spec engine's chunk (./spec-engine.ts): it runs only once the engine has loaded,
 * so the composer's first-load JS does not carry it (issue 15, item 5).
 */
import { preflightJob } from "@/lib/jobs/preflight";
import type { ComposerState } from "./composer-state";
import { hardwareListSchema } from "./hardware-schema";

/** The Hub's hardware names, once `/api/hardware` has answered (null before). */
function hardwareNames(hardwareData: unknown): string[] | null {
  const parsed = hardwareData ? hardwareListSchema.safeParse(hardwareData) : null;
  return parsed?.success ? parsed.data.map((h) => h.name) : null;
}

/**
 * Preflight problems as field errors: `files[2]` → `files`, `volumes[0].mountPath` →
 * `volumes.0.mountPath`, so each lands where the form shows that field's errors.
 */
export function preflightErrors(problems: readonly { field: string; message: string }[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of problems) {
    const key = p.field.startsWith("files[") ? "files" : p.field.replace(/\[(\d+)\]/g, ".$1");
    out[key] = [...new Set([...(out[key] ?? []), p.message])];
  }
  return out;
}

/**
 * Runs lib/jobs/preflight.ts on the form as typed (./derive-composer.ts, once the engine has loaded).
 * @param hardwareData the `/api/hardware` answer as fetched (its flavors are judged once it has arrived)
 * @returns `ok`, and the problems as field errors ({@link preflightErrors})
 */
export function composerPreflight(p: {
  state: ComposerState;
  hardwareData: unknown;
  script: string | null;
  name: string | undefined;
  labels: Record<string, string>;
  env: Record<string, string>;
  secrets: Record<string, string>;
}) {
  const { state } = p;
  const result = preflightJob({
    mode: state.jobKind,
    files: state.files.map((f) => ({ path: f.path, size: f.size, text: f.text, source: f.file.name })),
    entryScript: p.script,
    flavor: state.flavor,
    // until the Hub's list has loaded, the flavor is not judged (the server checks it again)
    flavors: hardwareNames(p.hardwareData) ?? [state.flavor],
    ...(p.name !== undefined ? { name: p.name } : {}),
    labels: p.labels,
    env: p.env,
    // a re-run row waiting for its value already says so (./rerun.ts secretRowErrors)
    secrets: Object.fromEntries(Object.entries(p.secrets).filter(([k]) => !state.secretRows.some((r) => r.mustReenter && r.key.trim() === k))),
  });
  return { ok: result.ok, fieldErrors: preflightErrors(result.problems) };
}
