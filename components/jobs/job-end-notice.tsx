"use client";

import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { isTerminal } from "@/lib/jobs/stage";
import type { JobView } from "@/lib/jobs/view";
import { Button } from "@/components/ui/button";

type Permission = "default" | "granted" | "denied" | "unsupported";

const noSubscribe = () => () => {};
const permissionNow = (): Permission => (typeof Notification === "undefined" ? "unsupported" : Notification.permission);

/**
 * Tells the user when the job they follow (this page is open on it) ends:
 * - the tab title gets a badge (`✓ COMPLETED · …`, `✗ ERROR · …`) while the tab is in the
 *   background, cleared when the user comes back;
 * - opt-in: a browser notification, after the user pressed "Notify me when it ends" and the browser
 *   granted permission (never asked for without that click).
 * The end is seen from the job GET the page polls (the stage the Hub reports), never from the log stream.
 */
export function JobEndNotice({ job }: { job: JobView }) {
  // The browser's permission, read after hydration (the server renders "default"); a click updates it.
  const browserPermission = useSyncExternalStore(noSubscribe, permissionNow, () => "default" as Permission);
  const [asked, setPermission] = useState<Permission | null>(null);
  const permission = asked ?? browserPermission;
  const [optedIn, setOptedIn] = useState(false);
  const wasActive = useRef<boolean | null>(null);
  const terminal = isTerminal(job.stage);

  useEffect(() => {
    const before = wasActive.current;
    wasActive.current = !terminal;
    // Only a transition seen on this page counts: opening a finished job notifies nothing.
    if (before !== true || !terminal) return;
    const label = job.name ?? job.id;
    const stage = job.stage.toUpperCase();
    const mark = stage === "COMPLETED" ? "✓" : "✗";
    if (document.visibilityState === "hidden") {
      const original = document.title;
      document.title = `${mark} ${stage} · ${original}`;
      const restore = () => {
        if (document.visibilityState === "visible") {
          document.title = original;
          document.removeEventListener("visibilitychange", restore);
        }
      };
      document.addEventListener("visibilitychange", restore);
    }
    if (optedIn && permissionNow() === "granted") {
      new Notification(`Job ${stage.toLowerCase()}: ${label}`, { body: job.message ?? `${label} is ${stage}.`, tag: `job-${job.id}` });
    }
  }, [terminal, job.stage, job.name, job.id, job.message, optedIn]);

  if (terminal || permission === "unsupported") return null;
  if (optedIn && permission === "granted") {
    return (
      <Button size="sm" aria-pressed="true" onClick={() => setOptedIn(false)}>
        Notifying when it ends
      </Button>
    );
  }
  return (
    <Button
      size="sm"
      disabled={permission === "denied"}
      title={permission === "denied" ? "Notifications are blocked for this site in the browser settings" : undefined}
      onClick={async () => {
        const p = permissionNow() === "granted" ? "granted" : await Notification.requestPermission();
        setPermission(p);
        setOptedIn(p === "granted");
      }}
    >
      Notify me when it ends
    </Button>
  );
}
