import { startJobsHub } from "./test-support/jobs-hub";
import { runPyJob } from "./test-support/run-py-job";
const t = await startJobsHub();
const r = await runPyJob(t, process.argv[2]);
console.log(r.stage, r.message, r.lines.slice(3));
await t.hub.close();
