import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { getHubSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign out — jobs-studio" };

/** `/sign-out`: who is signed in, and a "Sign out" button (the same control as in the header's user menu). */
export default async function SignOutPage() {
  const session = await getHubSession();
  if (!session) redirect("/sign-in");
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-4 px-4 py-12">
      <h1 className="text-2xl font-semibold">Sign out</h1>
      <p className="text-sm">
        Signed in as <strong data-testid="signed-in-user">{session.user.name}</strong>.
      </p>
      <SignOutButton />
    </main>
  );
}
