import type { HubSession } from "@/lib/auth/session";
import { SignOutButton } from "./sign-out-button";

/**
 * The header's user menu: the signed-in user's avatar and name, and "Sign out". The layout reads the
 * session and passes the user in (a component never reads the session); `user` null renders nothing.
 * It receives only the name/avatar, never the token.
 */
export function UserMenu({ user }: { user: Pick<HubSession["user"], "name" | "fullname" | "avatarUrl"> | null }) {
  if (!user) return null;
  const { name, fullname, avatarUrl } = user;
  return (
    <div className="flex items-center gap-2" data-testid="user-menu">
      {avatarUrl && (
        // The avatar comes from the Hub (any host); next/image would need every Hub host configured.
        // eslint-disable-next-line @next/next/no-img-element
        <img src={avatarUrl} alt="" width={24} height={24} className="h-6 w-6 rounded-full bg-neutral-200" />
      )}
      <span className="text-sm font-medium" data-testid="signed-in-user" title={fullname ?? name}>
        {name}
      </span>
      <SignOutButton />
    </div>
  );
}
