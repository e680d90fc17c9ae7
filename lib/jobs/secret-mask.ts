import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Masking of secret values in job output (issue 11 item 1), without ever storing the values.
 *
 * At launch the app turns every secret value (and the session's token) into keyed fingerprints: a
 * {@link MaskManifest} stored beside the job's files. Anyone of the namespace who later opens the job,
 * through any instance of the app sharing `AUTH_SECRET`, gets the same masking; the bucket alone
 * cannot be brute-forced because every fingerprint is keyed with a key derived from `AUTH_SECRET` and
 * the job's folder.
 *
 * What is fingerprinted, per secret value `v` ({@link fragmentsOf}): `v`, `v` trimmed, each line of
 * `v` (and trimmed) of at least {@link MIN_LINE_CHARS} characters, and the JSON-escaped form of each of
 * those (`JSON.stringify(x)` without its quotes: a JSON key file printed with `print(json.dumps(d))`).
 *
 * How a line is scanned ({@link createMasker}): a candidate must start and end at a token boundary
 * (line start/end, or next to a character that is not a letter or digit, or just after a `\n`/`\r`/`\t`
 * escape). At each start boundary a cheap keyed 16-bit tag of the next 1–8 characters is compared
 * against the fragments' tags; only on a tag hit is the candidate of each matching length HMAC'd.
 * So the cost is one short hash per boundary, and ~1 HMAC per 4 000 boundaries from false tag hits.
 *
 * Token-shaped strings (`hf_…`, PEM private keys, AWS/GCP/GitHub/OpenAI/Slack/Stripe key shapes) are
 * masked too, fingerprint or not ({@link TOKEN_SHAPES}). Masking is best effort: a job can always
 * print a transformed secret (base64, reversed…), and the Hub keeps the raw logs.
 */

/** What the app stores beside a job's files: fingerprints only, never values. */
export interface MaskManifest {
  v: 1;
  fragments: MaskFragment[];
}

/** One fingerprinted string. */
export interface MaskFragment {
  /** the secret's name, shown beside `***` */
  name: string;
  /** length in UTF-16 code units */
  len: number;
  /** keyed 16-bit tag of the first `min(len, 8)` characters (a cheap pre-filter) */
  tag: number;
  /** hex HMAC-SHA256 of the whole string, truncated to 128 bits */
  mac: string;
}

/** Lines of a multi-line value shorter than this are not masked on their own (`}` or `  ],` would mask too much). */
export const MIN_LINE_CHARS = 8;
/** A whole value shorter than this is not fingerprinted (a secret `1` would mask every `1`). */
export const MIN_VALUE_CHARS = 4;
/** Characters the pre-filter tag reads. */
const TAG_CHARS = 8;
/** The most fragments one manifest holds (a 3 KB PEM key gives ~200). */
export const MAX_FRAGMENTS = 4_000;
/** Where a job's manifest lives in `{ns}/jobs-artifacts`: outside the folder the job can write. */
export const MASK_DIR = ".jobs-studio/masks";

/** The bucket path of the manifest of the job whose artifacts folder is `folder`. */
export function maskManifestPath(folder: string): string {
  return `${MASK_DIR}/${folder}.json`;
}

/** The replacement text. */
export const MASK = "***";

/**
 * The per-job key: HMAC-SHA256(server key, `namespace/folder`), so a manifest copied to another
 * folder matches nothing, and the server key is never used directly.
 * @param serverKey secret bytes derived from AUTH_SECRET (see lib/jobs/mask-key.ts)
 */
export function jobMaskKey(serverKey: Buffer, namespace: string, folder: string): Buffer {
  return createHmac("sha256", serverKey).update(`jobs-studio/mask/v1\0${namespace}/${folder}`).digest();
}

/** The strings fingerprinted for one value (deduplicated, ≥ the minimum lengths). */
export function fragmentsOf(value: string): string[] {
  const out = new Set<string>();
  const add = (s: string, min: number) => {
    // The scan never starts a match at a space (the trimmed form covers those values).
    if (s.length < min || s.startsWith(" ")) return;
    out.add(s);
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s) out.add(escaped);
  };
  add(value, MIN_VALUE_CHARS);
  add(value.trim(), MIN_VALUE_CHARS);
  const lines = value.split(/\r\n|\r|\n/);
  if (lines.length > 1) {
    for (const line of lines) {
      add(line, MIN_LINE_CHARS);
      add(line.trim(), MIN_LINE_CHARS);
    }
  }
  return [...out];
}

function isWord(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** True when a token may start or end at `i` in `s` (see the module comment). */
function isBoundary(s: string, i: number): boolean {
  if (i <= 0 || i >= s.length) return true;
  if (!isWord(s.charCodeAt(i - 1)) || !isWord(s.charCodeAt(i))) return true;
  // just after a `\n`, `\r` or `\t` escape inside a JSON or Python string literal
  if (i >= 2 && s.charCodeAt(i - 2) === 92) {
    const c = s.charCodeAt(i - 1);
    return c === 110 || c === 114 || c === 116;
  }
  return false;
}

/** A 32-bit seed for the tag, from the job key. */
function tagSeed(key: Buffer): number {
  return createHmac("sha256", key).update("tag-seed").digest().readUInt32LE(0);
}

function mac(key: Buffer, s: string): Buffer {
  return createHmac("sha256", key).update(s, "utf8").digest().subarray(0, 16);
}

/**
 * Builds the manifest of `secrets` (name → value) for one job.
 * @param key the job key ({@link jobMaskKey})
 * @returns at most {@link MAX_FRAGMENTS} fragments; longer values first when cut
 */
export function buildMaskManifest(key: Buffer, secrets: Record<string, string>): MaskManifest {
  const seed = tagSeed(key);
  const seen = new Set<string>();
  const fragments: MaskFragment[] = [];
  for (const [name, value] of Object.entries(secrets)) {
    for (const s of fragmentsOf(value)) {
      if (seen.has(s)) continue;
      seen.add(s);
      fragments.push({ name, len: s.length, tag: tagOf(seed, s, 0, Math.min(s.length, TAG_CHARS)), mac: mac(key, s).toString("hex") });
    }
  }
  fragments.sort((a, b) => b.len - a.len);
  return { v: 1, fragments: fragments.slice(0, MAX_FRAGMENTS) };
}

/** FNV-1a over `s[start, start+n)` with a secret seed, folded to 16 bits. */
function tagOf(seed: number, s: string, start: number, n: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = start; i < start + n; i += 1) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  return (h ^ (h >>> 16)) & 0xffff;
}

/** Parses a stored manifest; anything malformed gives null (masking then relies on token shapes). */
export function parseMaskManifest(text: string): MaskManifest | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null || (raw as { v?: unknown }).v !== 1) return null;
  const list = (raw as { fragments?: unknown }).fragments;
  if (!Array.isArray(list)) return null;
  const fragments: MaskFragment[] = [];
  for (const f of list.slice(0, MAX_FRAGMENTS)) {
    if (typeof f !== "object" || f === null) continue;
    const { name, len, tag, mac: m } = f as Record<string, unknown>;
    if (typeof name !== "string" || typeof m !== "string" || !/^[0-9a-f]{32}$/.test(m)) continue;
    if (!Number.isInteger(len) || (len as number) < 1 || (len as number) > 1_000_000 || !Number.isInteger(tag)) continue;
    fragments.push({ name: name.slice(0, 100), len: len as number, tag: tag as number, mac: m });
  }
  return { v: 1, fragments };
}

/** A token shape masked even without a fingerprint; `keep` = the capture group kept before the secret. */
interface TokenShape {
  name: string;
  re: RegExp;
}

/** Common credential formats (shapes as published by each vendor's secret-scanning docs). */
export const TOKEN_SHAPES: TokenShape[] = [
  { name: "Hugging Face token", re: /\b(?:hf|api_org)_[A-Za-z0-9]{30,}\b/g },
  { name: "private key", re: /-----BEGIN[A-Z0-9 ]*PRIVATE KEY-----(?:\\[nr]|[\sA-Za-z0-9+/=])*?-----END[A-Z0-9 ]*PRIVATE KEY-----/g },
  { name: "AWS access key", re: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g },
  { name: "Google API key", re: /\bAIza[0-9A-Za-z_-]{35}/g },
  { name: "GitHub token", re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/g },
  { name: "OpenAI-style key", re: /\bsk-(?:proj-|svcacct-|admin-|ant-)?[A-Za-z0-9_-]{20,}/g },
  { name: "Slack token", re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { name: "Stripe key", re: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}\b/g },
];

/** One pass that tells whether any shape may be present (most lines have none). */
const ANY_SHAPE = new RegExp(TOKEN_SHAPES.map((t) => t.re.source).join("|"));

const PEM_BEGIN = /-----BEGIN[A-Z0-9 ]*PRIVATE KEY-----/;
const PEM_END = /-----END[A-Z0-9 ]*PRIVATE KEY-----/;

/** One masked line: the text with `***` in place of each secret, and the names of what was masked. */
export interface MaskedLine {
  text: string;
  /** distinct names, in order of first appearance; empty when nothing was masked */
  names: string[];
}

/** A stateful masker for one job's output (state: inside a multi-line PEM block). */
export interface Masker {
  (line: string): MaskedLine;
}

/**
 * A masker for one job.
 * @param params.key the job key ({@link jobMaskKey}); params.manifest its stored fingerprints (or null)
 * @param params.values values known in clear to this request (the viewer's own token), masked by exact match
 * @returns a function to call on each line in order (a PEM block spanning lines is masked whole)
 */
export function createMasker(params: { key?: Buffer; manifest?: MaskManifest | null; values?: Record<string, string> }): Masker {
  const fragments = params.key ? (params.manifest?.fragments ?? []) : [];
  const key = params.key;
  const seed = key ? tagSeed(key) : 0;
  /** tag → fragments (longest first) */
  const byTag = new Map<number, MaskFragment[]>();
  const tagLengths = new Set<number>();
  for (const f of fragments) {
    const list = byTag.get(f.tag) ?? [];
    list.push(f);
    byTag.set(f.tag, list);
    tagLengths.add(Math.min(f.len, TAG_CHARS));
  }
  const lengths = [...tagLengths].sort((a, b) => a - b);
  const macs = new Map(fragments.map((f) => [f, Buffer.from(f.mac, "hex")]));
  const plain = Object.entries(params.values ?? {})
    .filter(([, v]) => v.length >= MIN_VALUE_CHARS)
    .sort((a, b) => b[1].length - a[1].length);
  let inPem = false;

  return (line: string): MaskedLine => {
    const names: string[] = [];
    const named = (n: string) => {
      if (!names.includes(n)) names.push(n);
    };
    // A PEM block printed over several lines: everything from BEGIN to END.
    if (inPem) {
      named("private key");
      if (PEM_END.test(line)) {
        inPem = false;
        return { text: line.replace(/^.*?-----END[A-Z0-9 ]*PRIVATE KEY-----/, MASK), names };
      }
      return { text: MASK, names };
    }
    let text = line;
    for (const [name, value] of plain) {
      if (text.includes(value)) {
        text = text.split(value).join(MASK);
        named(name);
      }
    }
    if (fragments.length > 0 && key) text = maskFingerprints(text, named);
    if (ANY_SHAPE.test(text)) for (const shape of TOKEN_SHAPES) {
      shape.re.lastIndex = 0;
      if (shape.re.test(text)) {
        shape.re.lastIndex = 0;
        text = text.replace(shape.re, MASK);
        named(shape.name);
      }
    }
    const begin = PEM_BEGIN.exec(text);
    if (begin && !PEM_END.test(text.slice(begin.index))) {
      inPem = true;
      text = `${text.slice(0, begin.index)}${MASK}`;
      named("private key");
    }
    return { text, names };
  };

  function maskFingerprints(s: string, named: (n: string) => void): string {
    if (s.length < MIN_VALUE_CHARS) return s;
    let out = "";
    let copied = 0;
    let i = 0;
    const maxTag = lengths[lengths.length - 1] ?? 0;
    while (i < s.length) {
      // No fragment starts with a space (values are also fingerprinted trimmed), and most boundaries are spaces.
      if (s.charCodeAt(i) === 32 || !isBoundary(s, i)) {
        i += 1;
        continue;
      }
      let hit: MaskFragment | null = null;
      // The tag over the first n characters, for each n in `lengths`, computed in one pass.
      let h = (0x811c9dc5 ^ seed) >>> 0;
      let li = 0;
      for (let n = 1; n <= maxTag && i + n <= s.length && !hit; n += 1) {
        h = Math.imul(h ^ s.charCodeAt(i + n - 1), 0x01000193) >>> 0;
        if (lengths[li] !== n) continue;
        li += 1;
        let t = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
        t = (t ^ (t >>> 16)) & 0xffff;
        const candidates = byTag.get(t);
        if (!candidates) continue;
        for (const f of candidates) {
          if (Math.min(f.len, TAG_CHARS) !== n || i + f.len > s.length || !isBoundary(s, i + f.len)) continue;
          const want = macs.get(f) as Buffer;
          if (timingSafeEqual(mac(key as Buffer, s.slice(i, i + f.len)), want)) {
            hit = f;
            break;
          }
        }
      }
      if (hit) {
        out += s.slice(copied, i) + MASK;
        named(hit.name);
        i += hit.len;
        copied = i;
      } else {
        i += 1;
      }
    }
    return copied === 0 ? s : out + s.slice(copied);
  }
}
