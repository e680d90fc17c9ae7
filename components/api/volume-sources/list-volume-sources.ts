import { useQuery } from "@tanstack/react-query";
import type { VolumeSources } from "@/lib/hub/namespace-reads";
import { getJson } from "../get-json";
import { volumeSourceKeys } from "../query-keys";

/** `GET /api/volume-sources/{ns}` → the namespace's models, datasets, Spaces and buckets. */
export function volumeSourcesUrl(namespace: string): string {
  return `/api/volume-sources/${encodeURIComponent(namespace)}`;
}

/** The namespace's repos and buckets, for the Volumes card's source suggestions; fresh for 30 s. */
export function useVolumeSources(namespace: string) {
  return useQuery({
    queryKey: volumeSourceKeys.of(namespace),
    enabled: namespace !== "",
    staleTime: 30_000,
    queryFn: ({ signal }) => getJson<VolumeSources>(volumeSourcesUrl(namespace), signal),
  });
}
