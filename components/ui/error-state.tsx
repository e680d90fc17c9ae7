"use client";

import { Button } from "./button";

/**
 * A failed load, said in words, with a retry button when `onRetry` is given. `requestId` is the Hub's
 * `X-Request-Id`, shown so the user can quote it.
 */
export function ErrorState({
  title = "Something went wrong",
  message,
  requestId,
  onRetry,
}: {
  title?: string;
  message: string;
  requestId?: string;
  onRetry?: () => void;
}) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
      <p className="font-medium">{title}</p>
      <p className="mt-1">{message}</p>
      {requestId && <p className="mt-1 font-mono text-xs opacity-80">Request ID: {requestId}</p>}
      {onRetry && (
        <Button size="sm" className="mt-2" onClick={onRetry}>
          Retry
        </Button>
      )}
    </div>
  );
}
