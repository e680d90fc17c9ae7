"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { appPaths, SCHEDULED_JOBS_PREFIX } from "@/lib/app-paths";
import { NavLink } from "@/components/ui/nav-link";

const LINKS = [
  { href: "/", label: "Compose", match: (p: string) => p === "/" },
  { href: appPaths.jobs(), label: "Jobs", match: (p: string) => p.startsWith("/jobs") },
  { href: appPaths.scheduledJobs(), label: "Schedules", match: (p: string) => p.startsWith(SCHEDULED_JOBS_PREFIX) },
] as const;

/** The header's main navigation; the current area gets `aria-current="page"`. Keeps `?ns=`. Links are {@link NavLink}s (client-side navigation without next/link's code). */
export function AppNav() {
  const pathname = usePathname();
  const ns = useSearchParams().get("ns");
  return (
    <nav aria-label="Main" className="flex items-center gap-1">
      {LINKS.map((link) => {
        const active = link.match(pathname);
        const href = ns && link.href !== "/" ? `${link.href}?ns=${encodeURIComponent(ns)}` : link.href;
        return (
          <NavLink
            key={link.href}
            href={href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-2.5 py-1.5 text-sm font-medium ${
              active
                ? "bg-neutral-100 text-neutral-950 dark:bg-neutral-800 dark:text-white"
                : "text-neutral-600 hover:bg-neutral-100 hover:text-neutral-900 dark:text-neutral-400 dark:hover:bg-neutral-800 dark:hover:text-white"
            }`}
          >
            {link.label}
          </NavLink>
        );
      })}
    </nav>
  );
}
