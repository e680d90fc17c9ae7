"use client";

import { useActionState } from "react";
import { useFormStatus } from "react-dom";
import { signInWithToken, type TokenSignInState } from "@/lib/auth/actions";
import { Button } from "@/components/ui/button";

function Submit() {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant="secondary" disabled={pending}>
      {pending ? "Checking token…" : "Sign in with token"}
    </Button>
  );
}

/**
 * Token sign-in: a password field for a Hub access token (`hf_…`, write role) posted to the
 * `signInWithToken` server action, which answers with a sentence when the token is refused. The token is
 * never echoed back: on an error the field is emptied by the form reset.
 */
export function TokenSignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState<TokenSignInState, FormData>(signInWithToken, null);
  return (
    <form action={action} className="flex flex-col gap-3" aria-describedby={state?.error ? "token-error" : undefined}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <label htmlFor="hf-token" className="text-sm font-medium">
        Access token
      </label>
      <input
        id="hf-token"
        name="token"
        type="password"
        autoComplete="off"
        spellCheck={false}
        required
        placeholder="hf_…"
        className="h-9 rounded-md border border-neutral-300 bg-white px-3 font-mono text-sm dark:border-neutral-700 dark:bg-neutral-900"
      />
      <p className="text-xs text-neutral-500 dark:text-neutral-400">
        A token with <strong>write</strong> access from your Hub settings (Access Tokens). It stays on the server.
      </p>
      {state?.error && (
        <p id="token-error" role="alert" className="text-sm text-red-600 dark:text-red-400">
          {state.error}
        </p>
      )}
      <Submit />
    </form>
  );
}
