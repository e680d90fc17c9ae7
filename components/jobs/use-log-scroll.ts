"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useRef, useState } from "react";
import { parseLineHash } from "./log-search";
import type { LogFeed } from "./use-followed-log";

/** Height of one unwrapped log row, in px. */
export const ROW_HEIGHT = 20;

/**
 * Scrolling of the log view: the virtualizer (@tanstack/react-virtual) over `rowCount` rows, follow
 * mode (scrolls to the end as lines arrive; a user scroll away from the bottom turns it off), and the
 * highlighted line `target` (1-based log line number, from `#L…` in the URL on open and on hash
 * change, an error jump or a click), scrolled to once the store holds it. `rowOf(pos)` maps a store
 * position to its row (-1: hidden by the filter; then `onTargetHidden` is called to show it).
 */
export function useLogScroll({
  lines,
  count,
  rowCount,
  wrap,
  rowOf,
  onTargetHidden,
}: {
  lines: LogFeed["lines"];
  count: number;
  rowCount: number;
  wrap: boolean;
  rowOf: (pos: number) => number;
  onTargetHidden: () => void;
}) {
  const [follow, setFollow] = useState(true);
  const [target, setTarget] = useState<number | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const programmaticScroll = useRef(false);
  const scrolledTo = useRef<number | null>(null);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render only
  const virtualizer = useVirtualizer({ count: rowCount, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 30 });

  // Re-measure when wrapping changes the rows' heights.
  useEffect(() => {
    virtualizer.measure();
  }, [wrap, virtualizer]);

  // `#L123` in the URL (on open and on hash change): highlight that line, stop following.
  useEffect(() => {
    const read = () => {
      const n = parseLineHash(window.location.hash);
      if (n === null) return;
      scrolledTo.current = null;
      setTarget(n);
      setFollow(false);
    };
    read();
    window.addEventListener("hashchange", read);
    return () => window.removeEventListener("hashchange", read);
  }, []);

  const scrollToRow = useCallback(
    (row: number) => {
      programmaticScroll.current = true;
      virtualizer.scrollToIndex(row, { align: "center" });
    },
    [virtualizer],
  );

  // Scroll to the highlighted line once it is held (a link may be opened before the replay arrives).
  useEffect(() => {
    if (target === null || scrolledTo.current === target || count === 0) return;
    const pos = target - 1 - (lines[0]?.i ?? 0);
    if (pos < 0 || pos >= count) return;
    const row = rowOf(pos);
    if (row < 0) {
      onTargetHidden();
      return;
    }
    scrolledTo.current = target;
    scrollToRow(row);
    scrollRef.current?.scrollIntoView({ block: "nearest" });
  }, [target, count, lines, rowOf, scrollToRow, onTargetHidden]);

  useEffect(() => {
    if (!follow || rowCount === 0) return;
    programmaticScroll.current = true;
    virtualizer.scrollToIndex(rowCount - 1, { align: "end" });
  }, [rowCount, follow, virtualizer]);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    if (programmaticScroll.current) {
      programmaticScroll.current = false;
      return;
    }
    setFollow(el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2);
  }, []);

  /** Highlights log line number `n` (1-based), puts `#Ln` in the URL without navigating. */
  const highlight = useCallback((n: number) => {
    window.history.replaceState(window.history.state, "", `#L${n}`);
    scrolledTo.current = null;
    setTarget(n);
    setFollow(false);
  }, []);

  return { virtualizer, scrollRef, onScroll, follow, setFollow, target, highlight, scrollToRow };
}
