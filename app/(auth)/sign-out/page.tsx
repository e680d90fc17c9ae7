import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { hubUnauthorized } from "@/lib/auth/hub-unauthorized";
import { getHubSession } from "@/lib/auth/session";
import { hubCredentials } from "@/lib/hub/credentials";
import { whoAmI } from "@/lib/hub/who-am-i";
import { appPaths } from "@/lib/app-paths";

export const metadata: Metadata = { title: "Sign out — jobs-studio" };

/**
 * `/sign-out`: who is signed in — checked with the Hub, so an expired or revoked token lands on
 * `/sign-in?error=expired` — and a "Sign out" button (the same control as in the header's user menu).
 */
export default async function SignOutPage() {
  const session = await getHubSession();
  if (!session) redirect(appPaths.signIn());
  const checked = await whoAmI(hubCredentials(session)).then(
    () => null,
    (error: unknown) => error,
  );
  // Outside try/catch: hubUnauthorized throws Next's redirect for a Hub 401.
  if (checked !== null) hubUnauthorized({ error: checked, mode: "redirect", callbackUrl: "/sign-out" });
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-4 px-4 py-12">
      <h1 className="text-2xl font-semibold">Sign out</h1>
      <p className="text-sm">
        Signed in as <strong data-testid="signed-in-user">{session.user.name}</strong>.
      </p>
      {checked !== null && (
        <p role="alert" className="text-sm text-amber-700 dark:text-amber-400">
          The Hub could not be reached to check your session.
        </p>
      )}
      <SignOutButton />
    </main>
  );
}
