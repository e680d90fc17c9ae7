import { Hono } from "hono";
import { z } from "zod";
import { canWrite, requireCaller, requireRepoScope } from "../auth";
import type { HubContext } from "../context";
import { hubError } from "../errors";
import type { HubEnv } from "../hub-env";
import { moveBucket, parseBucketId, requireBucket } from "../store/buckets";
import { BODY_LIMITS, jsonOf, originOf, parseWith } from "./helpers";

const moveSchema = z.strictObject({ fromRepo: z.string(), toRepo: z.string(), type: z.string().default("model") });

/**
 * `POST /api/repos/move` (mounted at `/api/repos`): huggingface_hub `move_bucket` posts
 * `{fromRepo, toRepo, type: "bucket"}` (hf_api.py move_bucket); the local Hub moves buckets only.
 * @throws HubError 400 (body, type), 401/403/404 (access), 409 (target exists)
 */
export function bucketMoveRoutes(ctx: HubContext): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  app.post("/move", async (c) => {
    const caller = requireCaller(ctx, c);
    const body = parseWith(moveSchema, await jsonOf(c, BODY_LIMITS.create, "move body"), "Invalid move body");
    if (body.type !== "bucket") {
      throw hubError(400, `type "${body.type}": the local Hub hosts buckets only, so only type "bucket" can be moved`);
    }
    const bucket = requireBucket(ctx, caller, body.fromRepo, "write");
    // A move deletes one name and creates another: an OAuth token needs manage-repos, as for those.
    requireRepoScope(caller, "manage");
    const target = parseBucketId(body.toRepo);
    if (!canWrite(caller, target.namespace)) throw hubError(403, `You don't have write access to namespace "${target.namespace}"`);
    const moved = moveBucket(ctx, bucket, body.toRepo);
    if (!moved) throw hubError(409, `Bucket ${body.toRepo} already exists`);
    return c.json({ url: `${originOf(c)}/buckets/${moved.fullName}`, id: moved.fullName, name: moved.name });
  });
  return app;
}
