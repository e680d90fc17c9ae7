import type { BuildJobSpecResult } from "@/lib/jobs/build-job-spec";
import { parseCommandLine, type ParseCommandLineResult } from "@/lib/jobs/command-line";
import type { ParsePep723Result } from "@/lib/jobs/pep723";
import type { LaunchInput } from "@/lib/jobs/schema";
import type { SecretFinding } from "@/lib/jobs/secret-lint";
import { tokenizeArgs } from "@/lib/jobs/tokenize-args";
import { rowsToRecord, type ComposerState } from "./composer-state";
import type { ComposerFile } from "./dropped-files";
import { defaultScript } from "./entry-script";
import type { Hardware } from "./hardware";
import type { SpecEngine } from "./load-spec-engine";
import { secretRowErrors } from "./rerun";
import type { SecretRow } from "./rows";
import { parsePorts } from "./access-fields";

/** The access sections' field prefixes (issue 13 items 3–4). */
const ACCESS_PREFIXES = ["volumes", "expose", "ssh", "replicas", "networkGroup"];

/** Placeholder folder for the live preview; the real one is chosen on the server at launch. */
export const PREVIEW_FOLDER = "YYYYMMDDTHHMMSS-xxxxxx";

/** The field prefixes a form section shows errors for; a server error on any other key goes under the button. */
const HANDLED_PREFIXES = ["files", "script", "args", "dependencies", "python", "image", "flavor", "timeout", "env", "secrets", "labels", "name", "namespace", "schedule", "commandArgv", ...ACCESS_PREFIXES];

/** What the composer renders, derived from its state on every render (no I/O). */
export interface ComposerView {
  namespace: string;
  script: string | null;
  scriptFile: ComposerFile | undefined;
  /** undefined until the PEP 723 parser has loaded (after a script is dropped) */
  scriptMetadata: ParsePep723Result | undefined;
  headerDeps: string[];
  dependencies: string[];
  tokenized: ReturnType<typeof tokenizeArgs>;
  args: string[];
  env: Record<string, string>;
  sessionSecret: SecretRow | undefined;
  typedSecrets: Record<string, string>;
  /** the launch input the form stands for (./composer-input.ts); null until the spec engine has loaded */
  input: LaunchInput | null;
  /** null until the spec engine has loaded (a moment after the page) */
  result: BuildJobSpecResult | null;
  rowErrors: Record<string, string[]>;
  findings: SecretFinding[];
  hardware: Hardware[] | undefined;
  selectedHardware: Hardware | undefined;
  hourly: number | null;
  /** errors of one field key; `live: false` hides the builder's until a launch was attempted */
  errorsFor: (key: string, options?: { live?: boolean }) => string[];
  /** errors of a key and its sub-keys (`labels` → `labels.team`, …) */
  errorsWithPrefix: (prefix: string) => string[];
  /** server errors on keys no section shows, as `key: message` */
  otherErrors: string[];
  busy: boolean;
  /** the ports field's own parse error, if any */
  portsError: string | null;
  /** the launch is refused as typed (or the engine is not there yet to tell) */
  blocked: boolean;
  /** command mode: the typed line split into argv (null in uv mode or for an untouched empty line) */
  commandParse: ParseCommandLineResult | null;
}

/**
 * The composer's derived view (issue 12, item 3): the launch input from the fields, the spec and its
 * errors from the spec engine (the same builder the server runs), the secret-lint findings and the
 * hardware price. Pure.
 * @param hardwareData the `/api/hardware` answer as fetched (checked here with the engine's schema)
 */
export function deriveComposer({
  state,
  namespaces,
  defaultNamespace,
  engine,
  parsePep723,
  hardwareData,
}: {
  state: ComposerState;
  namespaces: readonly string[];
  defaultNamespace: string;
  engine: SpecEngine | null;
  parsePep723: ((text: string) => ParsePep723Result) | null;
  hardwareData: unknown;
}): ComposerView {
  const { serverError, submitted } = state;
  // Follows the header's namespace switcher (`defaultNamespace` from `?ns=`) until picked here.
  const namespace = state.namespaceChoice ?? (namespaces.includes(defaultNamespace) ? defaultNamespace : (namespaces[0] ?? ""));
  const scriptFile = entryScriptFile(state);
  const script = scriptFile?.path ?? null;
  const scriptMetadata = scriptFile?.text != null && parsePep723 ? parsePep723(scriptFile.text) : undefined;
  const headerDeps = scriptMetadata?.ok && scriptMetadata.metadata ? scriptMetadata.metadata.dependencies : [];
  // Prefilled from the header until the user edits the chips.
  const dependencies = state.userDeps ?? headerDeps;
  const tokenized = tokenizeArgs(state.argsText);
  const args = tokenized.ok ? tokenized.args : [];
  const env = rowsToRecord(state.envRows);
  const labels = rowsToRecord(state.labelRows);
  const sessionSecret = state.secretRows.find((r) => r.fromSession);
  const typedSecrets = Object.fromEntries(state.secretRows.filter((r) => !r.fromSession && r.key.trim() !== "").map((r) => [r.key.trim(), r.value]));
  const name = state.name.trim() || undefined;
  const commandMode = state.jobKind === "command";
  const commandParse = commandMode ? parseCommandLine({ text: state.commandText, field: "commandArgv" }) : null;
  // Built with the engine's code: only the spec builder and the launch (which waits for it) read it.
  const input = engine ? engine.composerInput({ state, namespace, script, scriptFile, dependencies, args, env, labels, typedSecrets, sessionSecret, name, commandMode, commandParse }) : null;
  const ports = parsePorts(state.exposeText);
  // Cheap (no I/O, a few hundred bytes hashed), so it simply runs on every render.
  const result = engine && input ? engine.buildJobSpec(input, { folder: PREVIEW_FOLDER, ...(scriptMetadata ? { scriptMetadata } : {}) }) : null;
  // Preflight (issue 13, Deliver 7): the rules checked before anything is sent, on the field they concern.
  const preflight = engine ? engine.composerPreflight({ state, hardwareData, script: commandMode ? null : script, name, labels, env, secrets: typedSecrets }) : null;
  const buildErrors = mergeErrors(result?.fieldErrors ?? {}, preflight?.fieldErrors ?? {});
  const rowErrors = secretRowErrors({ rows: state.secretRows });
  // The lint's patterns come with the engine: no findings for the moment before it has loaded.
  const findings = engine ? engine.secretLint({ args, env, dependencies, labels, name }) : [];
  const parsedHardware = engine && hardwareData ? engine.hardwareListSchema.safeParse(hardwareData) : null;
  const hardware = parsedHardware?.success ? parsedHardware.data : undefined;
  const selectedHardware = hardware?.find((h) => h.name === state.flavor);
  const cronCheck = engine && state.mode === "schedule" ? engine.checkCron({ schedule: state.schedule.cron }) : null;

  // Live errors show once the user has typed into a field or tried to launch; required-field errors
  // ("drop a file", "choose the script") only after a launch attempt.
  const errorsFor = (key: string, { live = true }: { live?: boolean } = {}): string[] => {
    const fromServer = serverError?.fieldErrors?.[key] ?? [];
    const fromBuild = live || submitted ? (buildErrors[key] ?? []) : [];
    return [...new Set([...fromBuild, ...(rowErrors[key] ?? []), ...fromServer])];
  };
  const errorsWithPrefix = (prefix: string): string[] => {
    const keys = new Set([...Object.keys(buildErrors), ...Object.keys(serverError?.fieldErrors ?? {})]);
    return [...keys].filter((k) => k === prefix || k.startsWith(`${prefix}.`)).flatMap((k) => errorsFor(k, { live: submitted }));
  };
  const otherErrors = Object.entries(serverError?.fieldErrors ?? {})
    .filter(([k]) => !HANDLED_PREFIXES.some((p) => k === p || k.startsWith(`${p}.`)))
    .flatMap(([k, v]) => v.map((m) => `${k}: ${m}`));

  return {
    namespace,
    script,
    scriptFile,
    scriptMetadata,
    headerDeps,
    dependencies,
    tokenized,
    args,
    env,
    sessionSecret,
    typedSecrets,
    input,
    result,
    rowErrors,
    findings,
    hardware,
    selectedHardware,
    // a flavor is known only once the engine has read the list: its arithmetic comes with it
    hourly: selectedHardware && engine ? engine.pricePerHour(selectedHardware) : null,
    errorsFor,
    errorsWithPrefix,
    otherErrors,
    portsError: ports.ok ? null : ports.error,
    commandParse,
    busy: state.progress !== null && state.progress.phase !== "error",
    blocked:
      result === null ||
      Object.keys(result.fieldErrors).length > 0 ||
      (preflight !== null && !preflight.ok) ||
      (!commandMode && state.scriptHeader?.error != null) ||
      Object.keys(rowErrors).length > 0 ||
      (!commandMode && !tokenized.ok) ||
      (commandParse !== null && !commandParse.ok) ||
      !ports.ok ||
      (cronCheck !== null && !cronCheck.ok),
  };
}

/** The entry script: the user's choice while it is still among the files, else the default rule (./dropped-files.ts). */
export function entryScriptFile({ files, scriptChoice }: Pick<ComposerState, "files" | "scriptChoice">): ComposerFile | undefined {
  const script = scriptChoice !== null && files.some((f) => f.path === scriptChoice) ? scriptChoice : defaultScript(files);
  return files.find((f) => f.path === script);
}

/** Union of two field-error maps (sentences deduplicated per key). */
export function mergeErrors(a: Record<string, string[]>, b: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = [...new Set([...(out[k] ?? []), ...v])];
  return out;
}

/** Which script a read `[tool.hf-jobs]` table belongs to (read again when another file is the entry script). */
export function scriptHeaderKey(file: Pick<ComposerFile, "path" | "size">): string {
  return `${file.path}:${file.size}`;
}
