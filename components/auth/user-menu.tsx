import { getHubSession } from "@/lib/auth/session";
import { SignOutButton } from "./sign-out-button";

/**
 * The header's user menu (server component): the signed-in user's avatar and name, and "Sign out".
 * Renders nothing when signed out. Reads only the name/avatar from the session, never the token.
 */
export async function UserMenu() {
  const session = await getHubSession();
  if (!session) return null;
  const { name, fullname, avatarUrl } = session.user;
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
