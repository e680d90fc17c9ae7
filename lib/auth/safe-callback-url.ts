/**
 * True when `path` is a path on this site that a browser cannot read as another origin: it starts with
 * exactly one `/`, and neither it nor any percent-decoding of it (up to 3 rounds) contains a control
 * character (C0, DEL, which browsers strip — `/\t/evil` becomes `//evil`, and CR/LF would break the
 * `Location` header), a backslash (read as `/` by browsers, WHATWG URL "special" schemes), or a second
 * leading `/`. Malformed percent-encoding is refused. Client-safe.
 * @param path e.g. `/jobs?ns=alice`
 */
export function isSafeSitePath(path: string): boolean {
  let current = path;
  for (let round = 0; round < 4; round += 1) {
    if (/[\u0000-\u001f\u007f\\]/.test(current)) return false;
    if (!current.startsWith("/") || current.startsWith("//")) return false;
    if (!current.includes("%")) return true;
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return false;
    }
    if (decoded === current) return true;
    current = decoded;
  }
  return false; // still changing after 3 decodings: nobody needs that
}

/**
 * Keeps a post-sign-in destination on this site: a path accepted by {@link isSafeSitePath}, not the
 * sign-in page or an API route, else `/`. Absolute URLs on the app's own origin are reduced to their
 * path (Auth.js and proxy.ts pass full URLs). Never throws. Client-safe.
 * @param value form or query value, e.g. `/jobs?ns=alice` or `http://localhost:3000/jobs`
 * @param origin the app's origin, when absolute same-origin URLs should be accepted
 */
export function safeCallbackUrl(value: unknown, origin?: string): string {
  if (typeof value !== "string" || value === "" || value.length > 2048) return "/";
  let path = value;
  if (origin && !/[\u0000-\u001f\u007f\\]/.test(value) && /^[a-z][a-z0-9+.-]*:/i.test(value) && URL.canParse(value)) {
    const url = new URL(value);
    if (url.origin !== origin) return "/";
    path = url.pathname + url.search + url.hash;
  }
  if (!isSafeSitePath(path)) return "/";
  if (path.startsWith("/sign-in") || path.startsWith("/api/")) return "/";
  return path;
}

/**
 * The Auth.js `redirect` callback's rule: every redirect Auth.js makes (after sign-in, sign-out, or to
 * its error page) stays on `baseUrl`. Relative paths and absolute URLs on `baseUrl`'s origin that pass
 * {@link isSafeSitePath} are kept (the sign-in page included, since Auth.js sends errors there);
 * anything else becomes `baseUrl`. Never throws.
 * @param params.url the target Auth.js was asked for; params.baseUrl the app's URL, e.g. `http://localhost:3000`
 * @returns an absolute URL on `baseUrl`
 */
export function safeAuthRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  let origin: string;
  try {
    origin = new URL(baseUrl).origin;
  } catch {
    return "/";
  }
  let path = url;
  if (!/[\u0000-\u001f\u007f\\]/.test(url) && /^[a-z][a-z0-9+.-]*:/i.test(url) && URL.canParse(url)) {
    const parsed = new URL(url);
    if (parsed.origin !== origin) return origin;
    path = parsed.pathname + parsed.search + parsed.hash;
  }
  return isSafeSitePath(path) ? `${origin}${path}` : origin;
}
