/**
 * What the composer needs to check and preview a job, loaded after the page (issue 15, item 5): the
 * spec builder with its zod schema, its cron parser (croner) and its hash (@noble/hashes), the
 * hardware list's schema and price arithmetic, the form's launch input and the preflight. Nothing here is in the composer's first-load JS;
 * `loadSpecEngine()` fetches it once per page.
 */
export { buildJobSpec } from "@/lib/jobs/build-job-spec";
export { checkCron } from "@/lib/jobs/cron";
export { hardwareListSchema } from "./hardware-schema";
export { pricePerHour } from "./hardware";
export { composerPreflight } from "./composer-preflight";
export { composerInput } from "./composer-input";
// the token-shaped-value lint (./derive-composer.ts) and its "move to secrets" (the reducer's
// `findingMoved`, ./composer-state.ts, applies ./move-finding.ts)
export { secretLint } from "@/lib/jobs/secret-lint";
export { moveFinding } from "./move-finding";
