/**
 * `npm run bench:mask`: cost of masking job output (lib/jobs/secret-mask.ts) — 100 000 log lines of
 * ordinary training output with some secrets sprinkled in, against a manifest of a one-line secret,
 * a 12-line service-account JSON and a token. Prints ms per 100 000 lines (median of 5 runs).
 */
import { randomBytes } from "node:crypto";
import { register } from "node:module";

// "server-only" is Next's; under plain Node it is an empty module (as in bench/launch.ts).
register(
  "data:text/javascript," +
    encodeURIComponent(
      `export async function resolve(s, c, next) { return s === "server-only" ? { url: "data:text/javascript,export{}", shortCircuit: true } : next(s, c); }`,
    ),
);
const { buildMaskManifest, createMasker, jobMaskKey } = await import("../lib/jobs/secret-mask");

const LINES = 100_000;
const key = jobMaskKey(randomBytes(32), "alice", "20261201T090000-abcdef");
const sa = JSON.stringify(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`field_${i}`, randomBytes(18).toString("base64")])), null, 2);
const secrets = { ONE: `pw-${randomBytes(9).toString("base64url")}`, SA: sa, "your token": `hf_${randomBytes(24).toString("hex")}` };
const manifest = buildMaskManifest(key, secrets);
const lines = Array.from({ length: LINES }, (_, i) =>
  i % 1000 === 0
    ? `leak: ${secrets.ONE} and ${JSON.stringify(sa)}`
    : `2026-12-01 09:00:${String(i % 60).padStart(2, "0")} INFO [trainer] step=${i} loss=${(1 / (i + 1)).toFixed(6)} lr=3e-4 grad_norm=0.${i % 97} tokens/s=${12000 + (i % 500)} eta=00:${i % 60}:12`,
);
const times: number[] = [];
for (let run = 0; run < 5; run += 1) {
  const mask = createMasker({ key, manifest, values: { "your token": secrets["your token"] } });
  const t0 = performance.now();
  let masked = 0;
  for (const l of lines) if (mask(l).names.length) masked += 1;
  times.push(performance.now() - t0);
  if (masked !== LINES / 1000) throw new Error(`expected ${LINES / 1000} masked lines, got ${masked}`);
}
times.sort((a, b) => a - b);
console.log(`fragments: ${manifest.fragments.length}; average line: ${Math.round(lines.reduce((n, l) => n + l.length, 0) / LINES)} chars`);
console.log(`mask ${LINES} lines: median ${times[2]?.toFixed(0)} ms (min ${times[0]?.toFixed(0)}, max ${times[4]?.toFixed(0)})`);
