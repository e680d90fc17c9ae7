/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** What each accepted scope lets the app do, in the words shown on the consent page. */
export const SCOPE_DESCRIPTIONS: Record<string, string> = {
  openid: "Know who you are (your user id)",
  profile: "Read your profile: name, username, avatar and organizations",
  email: "Read your email address",
  jobs: "Run, schedule and cancel Jobs in your namespaces",
  "manage-repos": "Create and write repositories and Storage Buckets in your namespaces",
};

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#111}
code{background:#f3f3f3;padding:.1rem .3rem;border-radius:.2rem}
ul{padding-left:1.2rem}.actions{display:flex;gap:.75rem;margin-top:1.5rem}
button{font:inherit;padding:.5rem 1.25rem;border-radius:.4rem;border:1px solid #999;background:#fff;cursor:pointer}
button[value=allow]{background:#111;color:#fff;border-color:#111}
</style></head><body>${body}</body></html>`;

/**
 * The consent page of `GET /oauth/authorize`: app (client id), redirect URI, scopes, the local user,
 * and one form with "Allow" and "Deny" buttons posting back the parameters plus the one-time `consent`
 * nonce. Every value is escaped.
 */
export function consentPage(params: {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  userName: string;
  userFullname: string;
  /** the hidden form fields (the original query parameters and the consent nonce) */
  fields: Record<string, string>;
}): string {
  const e = escapeHtml;
  const hidden = Object.entries(params.fields)
    .map(([k, v]) => `<input type="hidden" name="${e(k)}" value="${e(v)}">`)
    .join("\n");
  const scopes = params.scopes
    .map((s) => `<li><code>${e(s)}</code> — ${e(SCOPE_DESCRIPTIONS[s] ?? s)}</li>`)
    .join("");
  return page(
    "Authorize application — local Hub",
    `<h1>Authorize application</h1>
<p>The application <code>${e(params.clientId)}</code> wants to access your local Hub account
<strong>${e(params.userName)}</strong> (${e(params.userFullname)}).</p>
<p>It asks to:</p><ul>${scopes}</ul>
<p>You will be sent back to <code>${e(params.redirectUri)}</code>.</p>
<form method="post" action="/oauth/authorize">
${hidden}
<div class="actions"><button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button></div>
</form>`,
  );
}

/** The page shown when the request cannot be sent back to the client (unknown client or redirect URI). */
export function oauthErrorPage(message: string): string {
  return page("Authorization error — local Hub", `<h1>Authorization error</h1><p>${escapeHtml(message)}</p>`);
}
