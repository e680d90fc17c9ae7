/**
 * Reconstruction planning (specs/hub-buckets-xet.md §5.6, §6.2): maps a byte range of a file onto
 * xorb terms trimmed at chunk granularity, plus one merged physical byte range per run of chunks.
 */

/** One segment of a file, as registered from a shard. */
export interface FileSegment {
  xorbHash: string;
  chunkStart: number;
  /** exclusive */
  chunkEnd: number;
  unpackedBytes: number;
}

/** What the planner needs of a stored xorb chunk. */
export interface ChunkSpan {
  /** byte offset of the chunk header in the xorb */
  offset: number;
  compressedLength: number;
  unpackedLength: number;
}

/** A V2 reconstruction term (§6.2). `range.end` is exclusive. */
export interface Term {
  hash: string;
  unpacked_length: number;
  range: { start: number; end: number };
}

/** One fetch descriptor: chunks `[start, end)` and their inclusive physical byte range in the xorb. */
export interface FetchRange {
  chunks: { start: number; end: number };
  bytes: { start: number; end: number };
}

/** The plan for one request. */
export interface ReconstructionPlan {
  offsetIntoFirstRange: number;
  terms: Term[];
  /** per xorb hash: merged, non-overlapping ranges in ascending order */
  fetch: Map<string, FetchRange[]>;
}

/**
 * Plans bytes `[start, end)` of a file (end clamped by the caller to the size; `start < end`).
 * @param chunksOf the chunk table of a xorb (every segment's xorb must be known)
 */
export function planReconstruction(params: {
  segments: FileSegment[];
  chunksOf: (xorbHash: string) => ChunkSpan[];
  start: number;
  end: number;
}): ReconstructionPlan {
  const { segments, chunksOf, start, end } = params;
  const terms: Term[] = [];
  let offsetIntoFirstRange = 0;
  let cum = 0;
  for (const seg of segments) {
    if (cum >= end) break;
    if (cum + seg.unpackedBytes <= start) {
      cum += seg.unpackedBytes;
      continue;
    }
    const chunks = chunksOf(seg.xorbHash);
    let first = seg.chunkStart;
    let segStart = cum;
    if (terms.length === 0) {
      while (first < seg.chunkEnd && segStart + chunks[first].unpackedLength <= start) {
        segStart += chunks[first].unpackedLength;
        first += 1;
      }
      offsetIntoFirstRange = start - segStart;
    }
    let last = first;
    let len = 0;
    while (last < seg.chunkEnd && segStart + len < end) {
      len += chunks[last].unpackedLength;
      last += 1;
    }
    terms.push({ hash: seg.xorbHash, unpacked_length: len, range: { start: first, end: last } });
    cum += seg.unpackedBytes;
  }

  const byXorb = new Map<string, { start: number; end: number }[]>();
  for (const t of terms) {
    const list = byXorb.get(t.hash) ?? [];
    list.push({ ...t.range });
    byXorb.set(t.hash, list);
  }
  const fetch = new Map<string, FetchRange[]>();
  for (const [hash, ranges] of byXorb) {
    ranges.sort((a, b) => a.start - b.start);
    const merged: { start: number; end: number }[] = [];
    for (const r of ranges) {
      const cur = merged[merged.length - 1];
      if (cur && r.start <= cur.end) cur.end = Math.max(cur.end, r.end);
      else merged.push({ ...r });
    }
    const chunks = chunksOf(hash);
    fetch.set(hash, merged.map((r) => {
      const lastChunk = chunks[r.end - 1];
      return {
        chunks: r,
        bytes: { start: chunks[r.start].offset, end: lastChunk.offset + 8 + lastChunk.compressedLength - 1 },
      };
    }));
  }
  return { offsetIntoFirstRange, terms, fetch };
}
