import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { OAuthSignIn } from "@/components/auth/oauth-sign-in";
import { TokenSignInForm } from "@/components/auth/token-sign-in-form";
import { oauthConfigured } from "@/lib/auth/auth";
import { EXPIRED_MESSAGE } from "@/lib/auth/hub-unauthorized";
import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";
import { getHubSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in — jobs-studio" };

/** Messages for `?error=` (Auth.js error types, plus `expired` from the app). Anything else is generic. */
const ERRORS: Record<string, string> = {
  expired: EXPIRED_MESSAGE,
  OAuthCallbackError: "Sign-in with Hugging Face was cancelled or refused. Try again, or use an access token.",
  AccessDenied: "Sign-in with Hugging Face was refused.",
  CredentialsSignin: "That token was not accepted. Check it and try again.",
  MissingCSRF: "The sign-in form expired. Try again.",
  Configuration: "Sign-in failed on the server (configuration). Check the app's AUTH_* settings and HF_HUB_URL.",
};

/**
 * `/sign-in`: "Sign in with Hugging Face" (OAuth, when configured; always in local mode) and token
 * sign-in. Shows why the user is here (`?error=`, `?signedOut=1`). A signed-in visitor without an error
 * goes straight to `callbackUrl`.
 */
export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const callbackUrl = safeCallbackUrl(first(params.callbackUrl));
  const error = first(params.error);
  if (!error && (await getHubSession())) redirect(callbackUrl);
  const message = error ? (ERRORS[error] ?? "Sign-in failed. Try again.") : null;
  const withOAuth = oauthConfigured();

  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 px-4 py-12">
      <div>
        <h1 className="text-2xl font-semibold">Sign in to jobs-studio</h1>
        <p className="mt-1 text-sm text-neutral-600 dark:text-neutral-400">Run and track Hugging Face Jobs.</p>
      </div>
      {message && (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {message}
        </p>
      )}
      {first(params.signedOut) === "1" && !message && (
        <p role="status" className="rounded-md border border-neutral-300 px-3 py-2 text-sm">
          You are signed out.
        </p>
      )}
      {withOAuth && <OAuthSignIn callbackUrl={callbackUrl} />}
      {withOAuth && (
        <div className="flex items-center gap-3 text-xs text-neutral-500" aria-hidden="true">
          <span className="h-px flex-1 bg-neutral-200 dark:bg-neutral-800" />
          or
          <span className="h-px flex-1 bg-neutral-200 dark:bg-neutral-800" />
        </div>
      )}
      <TokenSignInForm callbackUrl={callbackUrl} />
    </main>
  );
}
