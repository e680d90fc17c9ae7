"use server";

import { env } from "@/lib/env";
import { signIn, signOut, TOKEN_PROVIDER_ID } from "./auth";
import { SIGN_IN_PATH } from "./auth.config";
import { safeCallbackUrl } from "./safe-callback-url";
import { validateHubToken } from "./validate-hub-token";

/** State of the token sign-in form (`useActionState`): null before the first submit. */
export type TokenSignInState = { error: string } | null;

/**
 * Token sign-in (issue 5, item 2): validates the pasted token with whoAmI first, so the form can show
 * why it was refused (invalid/revoked, read-only, not a user token, Hub unreachable), then signs in
 * through the `hf-token` Credentials provider, which checks it again (it is reachable on its own at
 * `/api/auth/callback/hf-token`). On success this redirects (throws Next's redirect) to `callbackUrl`.
 * Form fields: `token`, `callbackUrl`.
 */
export async function signInWithToken(_prev: TokenSignInState, formData: FormData): Promise<TokenSignInState> {
  const token = String(formData.get("token") ?? "").trim();
  const redirectTo = safeCallbackUrl(formData.get("callbackUrl"));
  const checked = await validateHubToken({ hubUrl: env().HF_HUB_URL, accessToken: token });
  if (!checked.ok) return { error: checked.message };
  await signIn(TOKEN_PROVIDER_ID, { token, redirectTo });
  return null;
}

/** "Sign in with Hugging Face": starts the OAuth flow (redirects to the Hub's consent page). Field: `callbackUrl`. */
export async function signInWithHuggingFace(formData: FormData): Promise<void> {
  await signIn("huggingface", { redirectTo: safeCallbackUrl(formData.get("callbackUrl")) });
}

/** Sign-out (issue 5, item 6): clears the session cookie and returns to the sign-in page. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: `${SIGN_IN_PATH}?signedOut=1` });
}
