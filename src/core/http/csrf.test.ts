import { describe, expect, it } from "vitest";
import { maskToken, tokenMatches } from "./csrf.js";

const TOKEN = "q3v9Xr2mYt0aB7cD1eF4gH6iJ8kL0mNo";

describe("masked CSRF tokens", () => {
  it("masks the token differently each time, and each mask is accepted", () => {
    const a = maskToken(TOKEN);
    const b = maskToken(TOKEN);
    expect(a).not.toBe(b);
    expect(a).not.toContain(TOKEN);
    expect(tokenMatches(a, TOKEN)).toBe(true);
    expect(tokenMatches(b, TOKEN)).toBe(true);
  });

  it("accepts the raw token, and refuses another session's, a tampered mask, odd lengths and nothing", () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(maskToken("another-session-token-of-32-char"), TOKEN)).toBe(false);
    const masked = maskToken(TOKEN);
    const flipped = `${masked.slice(0, -2)}${masked.at(-2) === "A" ? "B" : "A"}${masked.at(-1)}`;
    expect(tokenMatches(flipped, TOKEN)).toBe(false);
    expect(tokenMatches(masked.slice(0, -4), TOKEN)).toBe(false);
    expect(tokenMatches(`${masked}AAAA`, TOKEN)).toBe(false);
    expect(tokenMatches(TOKEN.slice(1), TOKEN)).toBe(false);
    expect(tokenMatches("", TOKEN)).toBe(false);
    expect(tokenMatches(undefined, TOKEN)).toBe(false);
    expect(tokenMatches([TOKEN], TOKEN)).toBe(false);
  });
});
