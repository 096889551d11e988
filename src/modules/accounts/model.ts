import { z } from "zod";
import { text } from "../../core/http/schemas.js";

export const PASSWORD_MIN_LENGTH = 10;

// The passwords people actually pick first; a small list is enough to stop the worst.
const COMMON = new Set([
  "1234567890",
  "12345678910",
  "0123456789",
  "matkhau123",
  "matkhau@123",
  "password123",
  "password1234",
  "qwertyuiop",
  "abc1234567",
  "123456789a",
  "chibo12345",
  "dangvien123",
  "dangcongsan",
  "vietnam123",
  "1111111111",
  "0000000000",
  "admin12345",
  "chibo-demo",
  "iloveyou12",
]);

/** Returns a catalogue key for the first rule the password breaks, or null when it is acceptable. */
export function passwordProblem(
  password: string,
  username: string,
): { key: string; params?: Record<string, number> } | null {
  if ([...password].length < PASSWORD_MIN_LENGTH)
    return { key: "errors.password_too_short", params: { min: PASSWORD_MIN_LENGTH } };
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || /^(.)\1+$/.test(password)) return { key: "errors.password_too_common" };
  if (username.length >= 3 && lower.includes(username.toLowerCase()))
    return { key: "errors.password_contains_username" };
  return null;
}

export const loginBody = z.object({
  login: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(500),
});

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(500),
  newPassword: z.string().min(1).max(500),
});

export const createAccountBody = z.object({
  username: text(60).pipe(z.string().regex(/^[a-zA-Z0-9._-]+$/, { message: "validation.invalid_value" })),
  email: z
    .union([z.email(), z.literal(""), z.null()])
    .optional()
    .transform((v) => v || null),
  password: z.string().min(1).max(500),
});

export const officeAccountBody = z.object({
  username: text(60).pipe(z.string().regex(/^[a-zA-Z0-9._-]+$/, { message: "validation.invalid_value" })),
  displayName: text(120),
  email: z
    .union([z.email(), z.literal(""), z.null()])
    .optional()
    .transform((v) => v || null),
  password: z.string().min(1).max(500),
});

export const resetPasswordBody = z.object({
  newPassword: z.string().min(1).max(500),
});

export const localeBody = z.object({ locale: z.enum(["vi", "en"]) });

/** Sessions end after this long regardless of use, and sooner if left idle. */
export const SESSION_ABSOLUTE_MS = 30 * 24 * 3600 * 1000;
export const SESSION_IDLE_MS = 3 * 24 * 3600 * 1000;
/**
 * Sign-in attempts allowed per window (ADR 0090). Each attempt is counted before its password is checked, first
 * against the address, then the name from that address, then the account from everywhere; the first limit
 * reached answers 429 and the later counters are not touched. So one address can neither guess more than five
 * passwords for a name nor keep that account's owner, elsewhere, from signing in.
 */
export const SIGNIN_LIMITS = {
  address: { limit: 30, windowMs: 15 * 60 * 1000 },
  nameAtAddress: { limit: 5, windowMs: 15 * 60 * 1000 },
  account: { limit: 100, windowMs: 60 * 60 * 1000 },
} as const;
