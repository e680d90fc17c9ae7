import { signOutAction } from "@/lib/auth/actions";
import { Button } from "@/components/ui/button";

/** "Sign out": a one-button form posting to the `signOutAction` server action (clears the session cookie). */
export function SignOutButton({ className = "" }: { className?: string }) {
  return (
    <form action={signOutAction} className={className}>
      <Button type="submit" variant="ghost" size="sm">
        Sign out
      </Button>
    </form>
  );
}
