"use client";

import { useSyncExternalStore } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { appPaths } from "@/lib/app-paths";
import { signInWithHuggingFace } from "@/lib/auth/actions";

const noSubscription = () => () => {};

/**
 * "Sign in with Hugging Face". Inside a frame (a Space as huggingface.co shows it, in an iframe) the
 * Hub's consent page cannot be shown, as it refuses to be framed, so the button becomes a link that
 * opens this sign-in page in a new tab (hub-docs spaces-oauth.md: "use target=_blank … unless you run
 * the Space outside its iframe"). Token sign-in keeps working inside the frame.
 */
export function OAuthSignIn({ callbackUrl }: { callbackUrl: string }) {
  // Server render and first client render: not framed (the normal case), then the real answer.
  const framed = useSyncExternalStore(noSubscription, () => window.self !== window.top, () => false);
  if (framed) {
    return (
      <div className="flex flex-col gap-2">
        <a
          href={appPaths.signIn(callbackUrl)}
          target="_blank"
          rel="noopener"
          className={`${buttonClass({ variant: "primary" })} w-full`}
        >
          Sign in with Hugging Face in a new tab
        </a>
        <p className="text-xs text-neutral-600 dark:text-neutral-400">
          The Hugging Face sign-in page cannot open inside this frame; the new tab keeps its own session.
        </p>
      </div>
    );
  }
  return (
    <form action={signInWithHuggingFace}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Button type="submit" variant="primary" className="w-full">
        Sign in with Hugging Face
      </Button>
    </form>
  );
}
