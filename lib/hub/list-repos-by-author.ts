import "server-only";
import { listDatasets, listModels, listSpaces } from "@huggingface/hub";
import type { HubCall } from "./credentials";

/** A repo kind that can be mounted as a job volume (specs/hub-jobs-api.md §5). */
export type RepoKind = "model" | "dataset" | "space";

/**
 * The names (`namespace/name`) of `namespace`'s models, datasets or Spaces the token can see, at most
 * `limit`: `GET /api/{models,datasets,spaces}?author={namespace}` through @huggingface/hub's
 * `listModels` / `listDatasets` / `listSpaces` (`search.owner`, which the library sends as `author`).
 * @param p.limit most names returned (the library pages until then); default 100
 * @throws HubApiError / network errors from the library
 */
export async function listReposByAuthor(p: HubCall & { kind: RepoKind; namespace: string; limit?: number }): Promise<string[]> {
  const common = { search: { owner: p.namespace }, hubUrl: p.hubUrl, accessToken: p.accessToken, limit: p.limit ?? 100, ...(p.fetch ? { fetch: p.fetch } : {}) };
  const iterator = p.kind === "model" ? listModels(common) : p.kind === "dataset" ? listDatasets(common) : listSpaces(common);
  const names: string[] = [];
  for await (const repo of iterator) names.push(repo.name);
  return names;
}
