"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { useVolumeSources } from "@/components/api/volume-sources/list-volume-sources";
import { getQueryClient } from "@/components/api/query-client";
import type { VolumeRow } from "./volume-rows";

/**
 * The Volumes card's source suggestions: one `<datalist>` per row (`listId`, what the row's source
 * input names in `list`) with the namespace's repos or buckets of the row's type, and a notice when
 * they could not be read. Its own chunk, loaded once the card has a row: react-query comes with it
 * (the composer page mounts no provider, app/providers.tsx), on the tab's one client.
 */
export function VolumeSourceSuggestions(props: { namespace: string; rows: readonly { listId: string; type: VolumeRow["type"] }[] }) {
  return (
    <QueryClientProvider client={getQueryClient()}>
      <Suggestions {...props} />
    </QueryClientProvider>
  );
}

function Suggestions({ namespace, rows }: { namespace: string; rows: readonly { listId: string; type: VolumeRow["type"] }[] }) {
  const sources = useVolumeSources(namespace);
  return (
    <>
      {rows.map((row) => (
        <datalist key={row.listId} id={row.listId}>
          {(sources.data?.[row.type] ?? []).map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      ))}
      {sources.isError && <p className="mt-2 text-xs text-neutral-500">Suggestions are unavailable: type the namespace/name.</p>}
    </>
  );
}
