"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { NAMESPACE_COOKIE } from "./namespace-cookie";
import { appPaths, SCHEDULED_JOBS_PREFIX } from "@/lib/app-paths";


/**
 * Picks the namespace (the user or one of their orgs) the dashboard and schedules pages show.
 * The choice lives in the URL (`?ns=`, shareable) and in a cookie (remembered across visits).
 * `fallback` is the server's pick (cookie, else the user's own name) when the URL names none. The
 * header lives in the layout, which client-side navigation does not render again, so `fallback`
 * is the pick of the first page load: a namespace chosen here since then comes before it (the
 * composer's `/` carries no `?ns=` but reads the cookie this sets).
 * On a job page it goes back to the dashboard, because a job belongs to one namespace.
 */
export function NamespaceSwitcher({ namespaces, fallback }: { namespaces: string[]; fallback: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [chosen, setChosen] = useState<string | null>(null);
  if (namespaces.length === 0) return null;
  const fromUrl = params.get("ns");
  const pathNs = pathname.startsWith("/jobs/") ? decodeURIComponent(pathname.split("/")[2] ?? "") : "";
  const current = [fromUrl, pathNs, chosen, fallback].find((ns): ns is string => !!ns && namespaces.includes(ns)) ?? namespaces[0];
  return (
    <label className="flex items-center gap-1.5 text-sm">
      <span className="sr-only">Namespace</span>
      <select
        aria-label="Namespace"
        value={current}
        onChange={(e) => {
          const ns = e.target.value;
          setChosen(ns);
          // In a frame on another site (a Space on huggingface.co) a Lax cookie is refused: then it is a
          // partitioned cross-site cookie, like the session's (lib/auth/auth.config.ts authCookieOptions).
          const crossSite = window.self !== window.top && location.protocol === "https:";
          document.cookie = `${NAMESPACE_COOKIE}=${encodeURIComponent(ns)}; path=/; max-age=31536000; ${crossSite ? "samesite=none; secure; partitioned" : "samesite=lax"}`;
          const base = pathname.startsWith(SCHEDULED_JOBS_PREFIX) ? appPaths.scheduledJobs() : pathname === "/" ? appPaths.home() : appPaths.jobs();
          const next = new URLSearchParams(base === pathname ? params.toString() : "");
          next.set("ns", ns);
          router.push(`${base}?${next.toString()}`);
        }}
        className="h-8 rounded-md border border-neutral-300 bg-white px-2 text-sm dark:border-neutral-700 dark:bg-neutral-900"
      >
        {namespaces.map((ns) => (
          <option key={ns} value={ns}>
            {ns}
          </option>
        ))}
      </select>
    </label>
  );
}
