"use client";

import { ErrorState } from "@/components/ui/error-state";

/** Error boundary of the section: a render failure shows a message and a retry, not a blank page. */
export default function SectionError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState title="This page failed to load" message={error.digest ? `Error reference: ${error.digest}` : error.message} onRetry={reset} />;
}
