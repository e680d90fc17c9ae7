import { cookies } from "next/headers";
import { Suspense, type ReactNode } from "react";
import { getHubSession } from "@/lib/auth/session";
import { AppNav } from "@/components/jobs/app-nav";
import { JobHandoff } from "@/components/jobs/job-handoff";
import { NamespaceSwitcher } from "@/components/jobs/namespace-switcher";
import { NAMESPACE_COOKIE } from "@/components/jobs/namespace-cookie";
import { THEME_SCRIPT, ThemeToggle } from "@/components/ui/theme-toggle";
import { SessionKeepAlive } from "@/components/auth/session-keep-alive";
import { UserMenu } from "@/components/auth/user-menu";
import { appPaths } from "@/lib/app-paths";
import { NavLink } from "@/components/ui/nav-link";

/**
 * The signed-in app's frame: header (brand, nav, namespace switcher, theme toggle, user menu) above
 * every page of the (app) group. The session is read here only to fill the switcher and the menu;
 * each page and route handler still checks access itself.
 */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await getHubSession();
  const remembered = (await cookies()).get(NAMESPACE_COOKIE)?.value;
  const fallback = session && remembered && session.namespaces.includes(remembered) ? remembered : (session?.namespaces[0] ?? "");
  return (
    <>
      <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      {session && <SessionKeepAlive />}
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-neutral-900">
        Skip to content
      </a>
      <header className="sticky top-0 z-30 border-b border-neutral-200 bg-white/90 backdrop-blur dark:border-neutral-800 dark:bg-neutral-950/90">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2">
          <NavLink href={appPaths.home()} className="flex items-center gap-2 font-semibold">
            <span aria-hidden="true" className="inline-block h-5 w-5 rounded bg-brand" />
            jobs-studio
          </NavLink>
          <Suspense fallback={null}>
            <AppNav />
          </Suspense>
          <div className="ml-auto flex items-center gap-2">
            {session && (
              <Suspense fallback={null}>
                <NamespaceSwitcher namespaces={session.namespaces} fallback={fallback} />
              </Suspense>
            )}
            <ThemeToggle />
            <UserMenu user={session?.user ?? null} />
            {!session && (
              <NavLink href={appPaths.signIn()} className="text-sm font-medium underline-offset-2 hover:underline">
                Sign in
              </NavLink>
            )}
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        <JobHandoff>{children}</JobHandoff>
      </main>
    </>
  );
}
