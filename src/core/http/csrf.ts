import { randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The session's CSRF token as an answer carries it: masked with a fresh random pad each time (pad, then pad XOR
 * token, base64url). The token itself never appears in a response body, so compressing the body (ADR 0169) leaks
 * nothing of it through the answer's length (BREACH); each masked form is accepted like the token.
 */
export function maskToken(token: string): string {
  const raw = Buffer.from(token, "utf8");
  const pad = randomBytes(raw.length);
  const masked = Buffer.alloc(raw.length);
  for (let i = 0; i < raw.length; i++) masked[i] = raw[i]! ^ pad[i]!;
  return Buffer.concat([pad, masked]).toString("base64url");
}

/** Does the header carry the session's token, as it is or masked by `maskToken`? Compared in constant time. */
export function tokenMatches(header: string | string[] | undefined, token: string): boolean {
  if (typeof header !== "string" || header.length === 0) return false;
  const expected = Buffer.from(token, "utf8");
  const plain = Buffer.from(header, "utf8");
  if (plain.length === expected.length && timingSafeEqual(plain, expected)) return true;
  const both = Buffer.from(header, "base64url");
  if (both.length !== 2 * expected.length || both.toString("base64url") !== header) return false;
  const unmasked = Buffer.alloc(expected.length);
  for (let i = 0; i < expected.length; i++) unmasked[i] = both[i]! ^ both[expected.length + i]!;
  return timingSafeEqual(unmasked, expected);
}
