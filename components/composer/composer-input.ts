import type { ParseCommandLineResult } from "@/lib/jobs/command-line";
import { DEFAULT_IMAGE } from "@/lib/jobs/constants";
import type { LaunchInput } from "@/lib/jobs/schema";
import type { ComposerState } from "./composer-state";
import { scriptHeaderKey } from "./derive-composer";
import type { ComposerFile } from "./dropped-files";
import { accessInputOf } from "./volume-rows";

/**
 * The launch input the form stands for (what the spec builder and the launch route take): the fields
 * as ./derive-composer.ts has read them, the access cards' input (./volume-rows.ts) and the entry
 * script's `[tool.hf-jobs]` volumes merged under the card's. Part of the spec engine's chunk
 * (./spec-engine.ts): nothing reads it before the engine has loaded (issue 15, item 5). Pure.
 */
export function composerInput({
  state, namespace, script, scriptFile, dependencies, args, env, labels, typedSecrets, sessionSecret, name, commandMode, commandParse,
}: {
  state: ComposerState;
  namespace: string;
  script: string | null;
  scriptFile: ComposerFile | undefined;
  dependencies: string[];
  args: string[];
  env: Record<string, string>;
  labels: Record<string, string>;
  typedSecrets: Record<string, string>;
  sessionSecret: { key: string } | undefined;
  name: string | undefined;
  commandMode: boolean;
  commandParse: ParseCommandLineResult | null;
}): LaunchInput {
  const files = state.files;
  const access = accessInputOf(state);
  const headerVolumes = !commandMode && state.scriptHeader?.volumes.length && scriptFile && state.scriptHeader.key === scriptHeaderKey(scriptFile) ? state.scriptHeader.volumes : [];
  return {
    namespace,
    files: files.map((f) => ({ path: f.path, size: f.size })),
    // command mode: the files are uploaded as they are, no entry script
    script: commandMode ? "" : (script ?? ""),
    // command mode sends no uv fields: the typed line is the whole command
    args: commandMode ? [] : args,
    dependencies: commandMode ? [] : dependencies,
    python: commandMode ? undefined : state.python.trim() || undefined,
    kind: state.jobKind,
    commandArgv: commandParse?.ok ? commandParse.argv : [],
    image: state.image.trim() || DEFAULT_IMAGE,
    flavor: state.flavor,
    timeout: state.timeoutText.trim() || undefined,
    env,
    secrets: typedSecrets,
    // The server puts the session's token under this name; the preview shows a placeholder.
    useSessionTokenAs: sessionSecret?.key,
    labels,
    name,
    schedule: state.mode === "schedule" ? state.schedule : undefined,
    ...access,
    // the script's [tool.hf-jobs] volumes (issue 13, Deliver 2) merged by mount path: the card's win
    volumes: [...(access.volumes ?? []), ...headerVolumes.filter((h) => !(access.volumes ?? []).some((v) => v.mountPath === h.mountPath))],
  };
}
