import { z } from "zod";

// Control characters (NUL above all: PostgreSQL refuses it in text) never belong in user text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// With the u flag a well-formed surrogate pair is one code point, so \p{Cs} finds only a lone half of a pair. JSON
// lets a client send one ("\ud800"); PostgreSQL refuses it in jsonb (the audit log) and no encoder can write it.
const LONE_SURROGATE = /\p{Cs}/u;
// eslint-disable-next-line no-control-regex
const NUL = /\u0000/;

/**
 * Why a string cannot be stored as text, as a catalogue key, or null when it can. The one rule for every text that
 * arrives from outside: the shared schemas below use it, and so does the HTTP layer for every field of every route.
 */
export function unstorableText(s: string): "validation.nul_char" | "validation.ill_formed_text" | null {
  if (NUL.test(s)) return "validation.nul_char";
  if (LONE_SURROGATE.test(s)) return "validation.ill_formed_text";
  return null;
}

const wellFormed = (s: string) => !LONE_SURROGATE.test(s);

/** Trimmed, NFC-normalised single-line or multi-line text, non-empty, with a length cap. */
export const text = (max = 200) =>
  z
    .string()
    .max(max * 2)
    .transform((s) => s.normalize("NFC").trim())
    .pipe(z.string().min(1).max(max))
    .refine((s) => !CONTROL.test(s), { message: "validation.control_chars" })
    .refine(wellFormed, { message: "validation.ill_formed_text" });

/** Optional text: empty strings and null both mean "no value". */
export const optionalText = (max = 200) =>
  z
    .union([z.string().max(max * 2), z.null()])
    .optional()
    .transform((s) => (s == null ? null : s.normalize("NFC").trim() || null))
    .pipe(z.string().max(max).nullable())
    .refine((s) => s === null || !CONTROL.test(s), { message: "validation.control_chars" })
    .refine((s) => s === null || wellFormed(s), { message: "validation.ill_formed_text" });

/** ISO calendar date (yyyy-mm-dd) between 1900 and 2100; the UI shows it as dd/mm/yyyy. */
export const isoDate = () =>
  z.iso.date().refine((s) => s >= "1900-01-01" && s <= "2100-12-31", { message: "validation.invalid_date" });

export const optionalDate = () =>
  z
    .union([isoDate(), z.null()])
    .optional()
    .transform((v) => v ?? null);

export const idParams = z.object({ id: z.uuid() });

/** Optimistic locking: the version the client read; a mismatch is a 409. */
export const version = () => z.number().int().min(1);
