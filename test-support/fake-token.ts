import { randomBytes } from "node:crypto";

/**
 * A token-shaped string for tests: `hf_` + 34 random letters and digits, the shape the secret lint
 * flags (`hf_[A-Za-z0-9]{30,}`, field case B28). Generated at run time so no token-like literal is
 * committed; it is valid nowhere.
 */
export function fakeHubToken(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return "hf_" + [...randomBytes(34)].map((b) => alphabet[b % alphabet.length]).join("");
}
