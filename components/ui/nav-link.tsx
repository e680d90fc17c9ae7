"use client";

import { useRouter } from "next/navigation";
import { useEffect, type AnchorHTMLAttributes, type MouseEvent } from "react";

/** Props of {@link NavLink}: an `<a>`'s, with `href` an app path (`/jobs?ns=acme`). */
export type NavLinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href" | "onClick"> & { href: string };

/**
 * A link to a page of the app for the places every page shows (the header, the signed-out prompt):
 * an `<a>` whose plain click navigates with the App Router (no page load), and whose page is
 * prefetched once the link is mounted and again when the pointer or focus comes to it — what
 * next/link does for a link in view (`prefetch` unset: `router.prefetch`, PrefetchKind.AUTO, up to
 * the page's loading boundary; next/dist/esm/client/app-dir/link.js). A click with a modifier key
 * or another button keeps the browser's own behaviour (new tab, new window, download).
 *
 * Why not next/link here: its component (href objects, the legacy child mode, `onNavigate`, link
 * status, prop checks) is ≈ 3 kB gzip of the first-load JS of every page (issue 15, item 5), for the
 * three fixed paths of the header; the router, its prefetch cache and its scroll handling are the
 * same ones next/link drives. The pages' own links stay next/link.
 */
export function NavLink({ href, ...rest }: NavLinkProps) {
  const router = useRouter();
  useEffect(() => {
    router.prefetch(href);
  }, [router, href]);
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    router.push(href);
  };
  const intent = () => router.prefetch(href);
  return <a href={href} {...rest} onClick={onClick} onMouseEnter={intent} onFocus={intent} />;
}
