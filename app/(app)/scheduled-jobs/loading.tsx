import { Spinner } from "@/components/ui/spinner";

/** Shown while the server part of the page (session, namespace) resolves. */
export default function Loading() {
  return <Spinner label="Loading" />;
}
