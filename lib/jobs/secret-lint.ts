/**
 * Secret hygiene for the composer (issue 5, item 5; field case B28): finds token-shaped strings typed
 * into script args, env values, dependencies, labels or the job name, moves args/env ones into the
 * spec's `secrets`, and masks secret values in any text (command previews, logs). Pure and
 * client-safe: no server imports, no I/O.
 */

/** What kind of credential a value looks like. */
export type SecretKind = "hf" | "openai" | "anthropic" | "aws-access-key" | "aws-secret-key" | "github" | "secret-name";

/** The composer field a finding is in. */
export type SecretField = "args" | "env" | "dependencies" | "labels" | "name";

/** One token-shaped value found in the args, env, dependencies, labels or job name. */
export interface SecretFinding {
  field: SecretField;
  /** the field-error key of the item: `args.N`, `env.KEY`, `dependencies.N`, `labels.KEY` or `name` */
  fieldKey: string;
  /** index in `args` / `dependencies` */
  index?: number;
  /** env variable name (field `env`) or label key (field `labels`) */
  key?: string;
  /**
   * Whether "move to secrets" can fix it: only args and env. A dependency URL, a label or the name
   * cannot read a secret (argv does not expand env vars), so the only fix there is removing it.
   */
  movable: boolean;
  kind: SecretKind;
  /** the secret name "move to secrets" will use, e.g. `HF_TOKEN` */
  suggestedName: string;
  /** the value with the secret part masked, safe to show */
  preview: string;
  /** a sentence for the warning */
  message: string;
}

interface Pattern {
  kind: Exclude<SecretKind, "secret-name">;
  re: RegExp;
  name: string;
  label: string;
}

/**
 * Token shapes. `hf_` + 30 or more alphanumerics is the Hub's user token shape (B28); `sk-…` covers
 * OpenAI (`sk-`, `sk-proj-`) and Anthropic (`sk-ant-`) keys; AWS access key ids are `AKIA`/`ASIA` + 16
 * upper-case alphanumerics and secret keys 40 base64 characters (mixed case, so a 40-hex git SHA is not
 * flagged, nor a path starting with `/`); GitHub tokens are `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_`/`github_pat_`.
 */
const PATTERNS: Pattern[] = [
  { kind: "hf", re: /hf_[A-Za-z0-9]{30,}/g, name: "HF_TOKEN", label: "a Hugging Face token" },
  { kind: "anthropic", re: /sk-ant-[A-Za-z0-9_-]{20,}/g, name: "ANTHROPIC_API_KEY", label: "an Anthropic API key" },
  { kind: "openai", re: /sk-(?!ant-)[A-Za-z0-9_-]{20,}/g, name: "OPENAI_API_KEY", label: "an OpenAI-style API key" },
  { kind: "aws-access-key", re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, name: "AWS_ACCESS_KEY_ID", label: "an AWS access key id" },
  {
    kind: "aws-secret-key",
    re: /(?<![A-Za-z0-9/+=])(?!\/)(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
    name: "AWS_SECRET_ACCESS_KEY",
    label: "an AWS secret access key",
  },
  { kind: "github", re: /\b(?:gh[opusr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/g, name: "GITHUB_TOKEN", label: "a GitHub token" },
];

/** Env names that say "this is a secret" even when the value has no known shape. */
const SECRET_NAME_RE = /(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)$/i;

/** The mask used everywhere a secret would appear. */
export const MASK = "••••••••";

const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function matchesIn(value: string): { pattern: Pattern; match: string }[] {
  const found: { pattern: Pattern; match: string }[] = [];
  for (const pattern of PATTERNS) {
    for (const m of value.matchAll(pattern.re)) found.push({ pattern, match: m[0] });
  }
  return found;
}

/** How a non-movable finding ends: what leaks where, and the fix. */
const REMOVE_IT = "Remove it (use a secret, read in the script from the environment).";

/**
 * Finds token-shaped values. One finding per arg, env entry, dependency, label or name (the first shape
 * found); an env entry whose name looks secret (`…_TOKEN`, `…_API_KEY`, `…PASSWORD`) is flagged even
 * without a known shape. For an env entry the suggested secret name is its own name when that is a
 * valid variable name; otherwise it is the shape's usual name (`HF_TOKEN` for `hf_…`). Findings come
 * in the order args, env, dependencies, labels, name; only args/env ones are `movable`.
 * @param params.args argv items (after tokenizing the args field)
 * @param params.env env entries, name → value
 * @param params.dependencies `uv run --with` items (e.g. `git+https://hf_…@github.com/a/b`)
 * @param params.labels label key → value; both the key and the value are checked
 * @param params.name the job name (stored as the `name` label)
 */
export function secretLint(params: {
  args?: readonly string[];
  env?: Readonly<Record<string, string>>;
  dependencies?: readonly string[];
  labels?: Readonly<Record<string, string>>;
  name?: string;
}): SecretFinding[] {
  const findings: SecretFinding[] = [];
  (params.args ?? []).forEach((arg, index) => {
    const [hit] = matchesIn(arg);
    if (!hit) return;
    findings.push({
      field: "args", fieldKey: `args.${index}`, index, movable: true, kind: hit.pattern.kind, suggestedName: hit.pattern.name,
      preview: maskSecrets(arg, [hit.match]),
      message: `Argument ${index + 1} looks like ${hit.pattern.label}. Arguments are visible in the job's command and logs; pass it as the secret ${hit.pattern.name} instead.`,
    });
  });
  for (const [key, value] of Object.entries(params.env ?? {})) {
    const [hit] = matchesIn(value);
    if (hit) {
      findings.push({
        field: "env", fieldKey: `env.${key}`, key, movable: true, kind: hit.pattern.kind, suggestedName: ENV_NAME_RE.test(key) ? key : hit.pattern.name,
        preview: maskSecrets(value, [hit.match]),
        message: `${key} looks like ${hit.pattern.label}. Environment values are shown on the job page; make it a secret.`,
      });
    } else if (value.trim() !== "" && SECRET_NAME_RE.test(key)) {
      findings.push({
        field: "env", fieldKey: `env.${key}`, key, movable: true, kind: "secret-name", suggestedName: key, preview: MASK,
        message: `${key} sounds like a secret. Environment values are shown on the job page; make it a secret.`,
      });
    }
  }
  (params.dependencies ?? []).forEach((dep, index) => {
    const [hit] = matchesIn(dep);
    if (!hit) return;
    findings.push({
      field: "dependencies", fieldKey: `dependencies.${index}`, index, movable: false, kind: hit.pattern.kind, suggestedName: hit.pattern.name,
      preview: maskSecrets(dep, [hit.match]),
      message: `Dependency ${index + 1} looks like it holds ${hit.pattern.label}; it would be visible in the job's command to anyone who can see the job. ${REMOVE_IT}`,
    });
  });
  for (const [key, value] of Object.entries(params.labels ?? {})) {
    const [hit] = [...matchesIn(value), ...matchesIn(key)];
    if (!hit) continue;
    findings.push({
      field: "labels", fieldKey: `labels.${key}`, key, movable: false, kind: hit.pattern.kind, suggestedName: hit.pattern.name,
      preview: maskSecrets(`${key}=${value}`, [hit.match]),
      message: `Label ${maskSecrets(key, [hit.match])} looks like it holds ${hit.pattern.label}; it would be visible in the job's labels to anyone who can see the job. ${REMOVE_IT}`,
    });
  }
  const [nameHit] = params.name ? matchesIn(params.name) : [];
  if (params.name && nameHit) {
    findings.push({
      field: "name", fieldKey: "name", movable: false, kind: nameHit.pattern.kind, suggestedName: nameHit.pattern.name,
      preview: maskSecrets(params.name, [nameHit.match]),
      message: `The job name looks like it holds ${nameHit.pattern.label}; it would be visible in the job's labels to anyone who can see the job. ${REMOVE_IT}`,
    });
  }
  return findings;
}

/** Flags whose next argv item is the flagged value, so "move to secrets" removes both. */
const VALUE_FLAG_RE = /^--?[A-Za-z0-9][\w-]*$/;

/**
 * The "move to secrets" action of one finding: returns new `args`/`env`/`secrets` (inputs untouched).
 * - env entry: removed from `env`, added to `secrets` under `suggestedName` (value unchanged);
 * - arg: the token goes to `secrets[suggestedName]`; the arg is removed, together with the flag before it
 *   when the arg is a flag's value (`--hf-token hf_…`), or when it is `--flag=hf_…`. The script is then
 *   expected to read the secret from its environment (as `huggingface_hub` does for `HF_TOKEN`).
 * An existing secret with the same name is overwritten (the user just asked for this value).
 * A finding that is not `movable` (dependencies, labels, name) changes nothing: the copies are returned as given.
 */
export function moveToSecrets(params: {
  finding: SecretFinding;
  args: readonly string[];
  env: Readonly<Record<string, string>>;
  secrets: Readonly<Record<string, string>>;
}): { args: string[]; env: Record<string, string>; secrets: Record<string, string> } {
  const { finding } = params;
  const args = [...params.args];
  const env = { ...params.env };
  const secrets = { ...params.secrets };
  if (finding.field === "env" && finding.key !== undefined && finding.key in env) {
    secrets[finding.suggestedName] = env[finding.key];
    delete env[finding.key];
  } else if (finding.field === "args" && finding.index !== undefined && finding.index < args.length) {
    const arg = args[finding.index];
    const [hit] = matchesIn(arg);
    secrets[finding.suggestedName] = hit ? hit.match : arg;
    const prev = finding.index > 0 ? args[finding.index - 1] : "";
    const flagValue = VALUE_FLAG_RE.test(prev) && !arg.startsWith("-");
    args.splice(flagValue ? finding.index - 1 : finding.index, flagValue ? 2 : 1);
  }
  return { args, env, secrets };
}

/**
 * Masks secrets in text: every known secret value (from the spec's `secrets`; values shorter than 4
 * characters are skipped, they would mask ordinary text) and every token-shaped string, each replaced by
 * {@link MASK}. Longer values are replaced first, so a value containing another is masked whole.
 */
export function maskSecrets(text: string, secretValues: readonly string[] = []): string {
  let out = text;
  const values = [...new Set(secretValues.filter((v) => v.length >= 4))].sort((a, b) => b.length - a.length);
  for (const value of values) out = out.split(value).join(MASK);
  for (const { re } of PATTERNS) out = out.replace(re, MASK);
  return out;
}
