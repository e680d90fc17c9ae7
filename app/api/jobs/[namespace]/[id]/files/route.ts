import "server-only";
import { getJob } from "@/lib/hub/get-job";
import { listFolder } from "@/lib/hub/list-folder";
import { MAX_RUN_FILES as MAX_FILES, type RunFilesAnswer } from "@/lib/jobs/compare-runs";
import { fileOrigin } from "@/lib/jobs/file-origin";
import { toJobView } from "@/lib/jobs/view";
import { artifactsBucket } from "../../../../buckets/_lib";
import { namespacedRoute, NO_STORE } from "../../../_lib/route-error";



/**
 * GET /api/jobs/{ns}/{id}/files → {@link RunFilesAnswer}: every file of the job's artifacts folder
 * (recursive), path relative to the folder, with size, the Hub's content hash (`xetHash`) and whether
 * it is an input or an output (lib/jobs/file-origin.ts). For comparing runs.
 */
export const GET = namespacedRoute<{ namespace: string; id: string }>(async ({ params: { namespace, id }, session: { hubUrl, accessToken } }) => {
  const job = toJobView(await getJob({ hubUrl, accessToken, namespace, jobId: id }), namespace);
  const folder = job.artifactsFolder;
  const body: RunFilesAnswer = { folder, files: [], truncated: false };
  if (folder) {
    const prefix = `${folder}/`;
    for await (const entry of listFolder({ bucket: artifactsBucket(namespace), path: folder, recursive: true, hubUrl, accessToken })) {
      if (entry.type !== "file" || !entry.path.startsWith(prefix)) continue;
      if (body.files.length >= MAX_FILES) {
        body.truncated = true;
        break;
      }
      body.files.push({ path: entry.path.slice(prefix.length), size: entry.size, hash: entry.xetHash ?? null, origin: fileOrigin(entry, job) });
    }
  }
  return Response.json(body, { headers: NO_STORE });
});
