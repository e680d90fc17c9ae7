import { Composer } from "@/components/composer/composer";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonClass } from "@/components/ui/button";
import { getHubSession } from "@/lib/auth/session";
import { readHardware } from "@/lib/jobs/hardware-views";
import { currentNamespace } from "./jobs/_lib/current-namespace";
import { appPaths } from "@/lib/app-paths";
import { NavLink } from "@/components/ui/nav-link";

/**
 * The composer (`/`): drop files, fill the form, run now or schedule. The session gives the
 * namespaces the user may launch in (their own first, then their orgs); the token stays on the server.
 */
export default async function ComposerPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await getHubSession();
  if (!session) {
    return (
      <EmptyState
        title="Sign in to launch jobs"
        action={
          <NavLink href={appPaths.signIn()} className={buttonClass({ variant: "primary" })}>
            Sign in
          </NavLink>
        }
      >
        Jobs run in your Hugging Face account or one of your organizations.
      </EmptyState>
    );
  }
  // Not awaited: the page streams at once and the hardware list follows (the composer shows a spinner).
  const hardware = readHardware(session);
  const params = await searchParams;
  const namespace = await currentNamespace({ session, requested: params.ns });
  // "Edit and re-run" links here as `?from={ns}/{jobId}` (components/jobs/job-actions.tsx).
  const from = typeof params.from === "string" ? /^([^/]+)\/([A-Za-z0-9_-]{1,64})$/.exec(params.from) : null;
  const rerunFrom = from && session.namespaces.includes(from[1]) ? { namespace: from[1], jobId: from[2] } : null;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">New job</h1>
        <p className="text-sm text-neutral-600 dark:text-neutral-400">
          Drop a uv script and its files, choose hardware, then run it now or on a schedule.
        </p>
      </div>
      <Composer namespaces={session.namespaces} defaultNamespace={rerunFrom?.namespace ?? namespace} rerunFrom={rerunFrom} hardware={hardware} />
    </div>
  );
}
