import "server-only";
import { listBuckets } from "@/lib/hub/list-buckets";
import { listReposByAuthor } from "@/lib/hub/list-repos-by-author";
import { volumeSourceReads, type VolumeSources } from "@/lib/hub/namespace-reads";
import { tokenKey } from "@/lib/hub/ttl-cache";
import { namespacedRoute, NO_STORE } from "../../jobs/_lib/route-error";

/** Most suggestions per volume type. */
const LIMIT = 100;

/**
 * GET /api/volume-sources/{ns} → {@link VolumeSources}: the namespace's models, datasets, Spaces and
 * buckets the caller can see, as the composer's volume suggestions (issue 13 item 3). Four Hub reads
 * (lib/hub/list-repos-by-author.ts, list-buckets.ts), shared for 30 s by every authorized caller
 * (lib/hub/namespace-reads.ts `volumeSourceReads`). Errors: 401/403 from authorize, Hub errors mapped.
 */
export const GET = namespacedRoute<{ namespace: string }>(async ({ params: { namespace }, session: { hubUrl, accessToken } }) => {
  const load = async (): Promise<VolumeSources> => {
    const call = { hubUrl, accessToken, namespace, limit: LIMIT };
    const [model, dataset, space, bucket] = await Promise.all([
      listReposByAuthor({ ...call, kind: "model" }),
      listReposByAuthor({ ...call, kind: "dataset" }),
      listReposByAuthor({ ...call, kind: "space" }),
      listBuckets(call),
    ]);
    return { model, dataset, space, bucket };
  };
  const body = await volumeSourceReads.read({ namespace, key: `${hubUrl}\u0000volume-sources`, tokenKey: await tokenKey(accessToken), load });
  return Response.json(body, { headers: NO_STORE });
});
