/**
 * What the composer needs to check and preview a job, loaded after the page (issue 15, item 5): the
 * spec builder with its zod schema, its cron parser (croner) and its hash (@noble/hashes), and the
 * hardware list's schema. Nothing here is in the composer's first-load JS; `loadSpecEngine()` fetches
 * it once per page.
 */
export { buildJobSpec } from "@/lib/jobs/build-job-spec";
export { checkCron } from "@/lib/jobs/cron";
export { hardwareListSchema } from "./hardware-schema";
export { preflightJob } from "@/lib/jobs/preflight";
// the token-shaped-value lint and its "move to secrets" (./derive-composer.ts, ./composer-state.ts)
export { moveToSecrets, secretLint } from "@/lib/jobs/secret-lint";
