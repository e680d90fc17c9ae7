/**
 * CLI entry: `npm run local-hub -- --port 4280 --dir .local-hub [--test-controls] [--max-jobs N]
 * [--job-network host|none]`.
 * Listens on 127.0.0.1, prints the URL and the token, stops on SIGINT/SIGTERM.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { startLocalHub } from "./start-local-hub";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.LOCAL_HUB_PORT ?? "4280" },
    dir: { type: "string", default: process.env.LOCAL_HUB_DIR ?? ".local-hub" },
    "test-controls": { type: "boolean", default: false },
    "max-jobs": { type: "string" },
    "redirect-uri": { type: "string", multiple: true },
    "job-network": { type: "string", default: process.env.LOCAL_HUB_JOB_NETWORK ?? "host" },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer between 0 and 65535, got "${values.port}"`);
  process.exit(2);
}
const maxJobs = values["max-jobs"] === undefined ? undefined : Number(values["max-jobs"]);
if (maxJobs !== undefined && (!Number.isInteger(maxJobs) || maxJobs < 1)) {
  console.error(`--max-jobs must be a positive integer, got "${values["max-jobs"]}"`);
  process.exit(2);
}

const jobNetwork = values["job-network"];
if (jobNetwork !== "host" && jobNetwork !== "none") {
  console.error(`--job-network must be "host" (jobs share this machine's network) or "none", got "${jobNetwork}"`);
  process.exit(2);
}

const hub = await startLocalHub({
  port,
  dir: resolve(values.dir),
  testControls: values["test-controls"],
  maxConcurrentJobs: maxJobs,
  jobNetwork,
  oauthRedirectUris: values["redirect-uri"],
}).catch((err: unknown) => {
  console.error(`local Hub failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

console.log(`local Hub listening on ${hub.url}`);
console.log(`  user: ${hub.hub.user} (org local-org)   data: ${resolve(values.dir)}`);
console.log(`  token: ${hub.token}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void hub.close().then(() => process.exit(0));
  });
}
