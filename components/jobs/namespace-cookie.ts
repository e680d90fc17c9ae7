/** Cookie that remembers the last namespace picked, read by pages when the URL has no `?ns=`. */
export const NAMESPACE_COOKIE = "jobs-studio-ns";
