/**
 * Vietnamese personal names: normalisation, splitting, diacritic-free search
 * folding and a byte-comparable sort key.
 *
 * Pure functions, no I/O. The sort key exists because the database compares
 * it with COLLATE "C" (plain bytes), and the browser compares it with `<`, so
 * both sides agree without depending on the ICU data available in either.
 */
import { stripDiacritics } from "../../core/text.js";

export interface NameParts {
  familyName: string;
  middleName: string;
  givenName: string;
}

// Control and format characters (NUL, zero-width space, soft hyphen, ...) are
// invisible, break database text columns, and are ignored by the collator.
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;
const WHITESPACE = /\s/u;

/** NFC, invisible characters removed (whitespace ones become spaces), whitespace collapsed, trimmed. */
function tidy(input: string): string {
  return input
    .normalize("NFC")
    .replace(INVISIBLE, (ch) => (WHITESPACE.test(ch) ? " " : ""))
    .replace(/\s+/gu, " ")
    .trim();
}

/** "nguyễn  văn AN" → "Nguyễn Văn An". */
export function normalizeName(input: string): string {
  return tidy(input)
    .split(" ")
    .map((word) => {
      // Split by code point, not UTF-16 unit, so an astral first character stays whole.
      const [first = "", ...rest] = [...word];
      // Plain (not locale) case mapping: Vietnamese has no special casing
      // rules, and the result must not depend on the runtime's ICU data.
      // An upper case that expands (ß → SS) is not a title case; keep those.
      const upper = first.toUpperCase();
      return ([...upper].length === 1 ? upper : first) + rest.join("").toLowerCase();
    })
    .join(" ");
}

/**
 * Vietnamese order: family name first, given name last, everything in
 * between is the middle name. Case is preserved; only whitespace and Unicode
 * form are tidied.
 */
export function splitName(fullName: string): NameParts {
  const words = tidy(fullName)
    .split(" ")
    .filter((w) => w !== "");
  if (words.length === 0) return { familyName: "", middleName: "", givenName: "" };
  if (words.length === 1) return { familyName: "", middleName: "", givenName: words[0]! };
  return {
    familyName: words[0]!,
    middleName: words.slice(1, -1).join(" "),
    givenName: words[words.length - 1]!,
  };
}

/** "Đặng Thị Ánh" → "dang thi anh", for matching what users type without diacritics. */
export function foldForSearch(input: string): string {
  return stripDiacritics(input)
    .toLowerCase()
    .replace(INVISIBLE, (ch) => (WHITESPACE.test(ch) ? " " : ""))
    .replace(/\s+/gu, " ")
    .trim();
}

// ---------------------------------------------------------------------------
// Sort key
//
// Modelled on a three-level collation key, which is what the ICU "vi"
// collator does internally:
//   primary   – the letter, ignoring tone and case (ă, â, đ, ê, ô, ơ, ư are
//               letters of their own, not accented variants),
//   secondary – the tone: none < huyền < hỏi < ngã < sắc < nặng,
//   tertiary  – case: lower < upper.
// Levels are compared in turn over the whole word, so a tone difference only
// matters when all letters are equal ("ána" < "anb"), and case only when
// letters and tones are equal.
//
// Each part (given, middle, family) is encoded as
//   primary LEVEL_SEP secondary LEVEL_SEP tertiary
// and the parts are joined by PART_SEP. The separators sort below every
// weight, so a name that runs out first sorts first ("An" < "Anh").

const PART_SEP = "!";
const LEVEL_SEP = "#";
// Below digits and letters, as in ICU: "Thị Minh" < "Thịa".
const SPACE_WEIGHT = "-";

// Marks that turn a base letter into a distinct Vietnamese letter. The
// primary weight is the Latin base letter plus this variant digit, which puts
// ă, â after a and đ after d while f, j, w, z keep their Latin places.
const BREVE = "\u0306";
const CIRCUMFLEX = "\u0302";
const HORN = "\u031b";
const LETTER_VARIANTS: Record<string, Record<string, string>> = {
  a: { [BREVE]: "1", [CIRCUMFLEX]: "2" },
  e: { [CIRCUMFLEX]: "1" },
  o: { [CIRCUMFLEX]: "1", [HORN]: "2" },
  u: { [HORN]: "1" },
};

// Secondary weights, in the order the ICU "vi" collator uses.
const TONE_WEIGHTS: Record<string, string> = {
  "\u0300": "1", // huyền (grave)
  "\u0309": "2", // hỏi (hook above)
  "\u0303": "3", // ngã (tilde)
  "\u0301": "4", // sắc (acute)
  "\u0323": "5", // nặng (dot below)
};
// Any other accent (ü, ö in foreign names) sorts after the tones, as in ICU.
const OTHER_MARK_WEIGHT = "6";

interface Weights {
  primary: string;
  secondary: string;
  tertiary: string;
}

/** Weights of one base character with the combining marks that follow it (NFD). */
function clusterWeights(base: string, marks: string[]): Weights {
  const lower = base.toLowerCase();
  const tertiary = lower === base ? "0" : "1";

  let primary: string;
  let remaining = marks;
  if (lower === " ") {
    primary = SPACE_WEIGHT;
  } else if (lower >= "0" && lower <= "9") {
    primary = lower;
  } else if (lower === "đ") {
    primary = "d1";
  } else if (lower >= "a" && lower <= "z") {
    const variants = LETTER_VARIANTS[lower] ?? {};
    const variantMark = marks.find((m) => m in variants);
    primary = lower + (variantMark === undefined ? "0" : variants[variantMark]);
    remaining = marks.filter((m) => m !== variantMark);
  } else {
    // Fixed-width code point after letters: keeps the key ASCII, the order
    // deterministic, and the encoding prefix-free (a token's first character
    // tells its length).
    const codePoint = lower.codePointAt(0) ?? 0;
    primary = `~${codePoint.toString(16).padStart(6, "0")}`;
  }

  const tone = remaining.find((m) => m in TONE_WEIGHTS);
  const secondary = tone !== undefined ? TONE_WEIGHTS[tone]! : remaining.length > 0 ? OTHER_MARK_WEIGHT : "0";

  return { primary, secondary, tertiary };
}

// A roster repeats its names' parts (Nguyễn, Văn, Thị, Hương…), and a sort asks for each name's key at every
// comparison: a part's key is kept once computed. Bounded: the whole map is dropped when it fills.
const PART_KEYS_KEPT = 10_000;
const partKeys = new Map<string, string>();

function partKey(part: string): string {
  let key = partKeys.get(part);
  if (key === undefined) {
    if (partKeys.size >= PART_KEYS_KEPT) partKeys.clear();
    key = computePartKey(part);
    partKeys.set(part, key);
  }
  return key;
}

function computePartKey(part: string): string {
  let primary = "";
  let secondary = "";
  let tertiary = "";
  // Group NFD text into base character + following combining marks, so
  // precomposed and decomposed input give the same key.
  const clusters: { base: string; marks: string[] }[] = [];
  for (const ch of part.normalize("NFD")) {
    const isMark = ch >= "\u0300" && ch <= "\u036f";
    const current = clusters[clusters.length - 1];
    if (isMark)
      current?.marks.push(ch); // a mark with no base is ignorable
    else clusters.push({ base: ch, marks: [] });
  }
  for (const { base, marks } of clusters) {
    const w = clusterWeights(base, marks);
    primary += w.primary;
    secondary += w.secondary;
    tertiary += w.tertiary;
  }
  return primary + LEVEL_SEP + secondary + LEVEL_SEP + tertiary;
}

/**
 * ASCII-only key whose byte order is the Vietnamese name order: given name,
 * then middle name, then family name, each compared like the ICU "vi"
 * collator.
 */
export function vietnameseSortKey(fullName: string): string {
  const { familyName, middleName, givenName } = splitName(fullName);
  return [givenName, middleName, familyName].map(partKey).join(PART_SEP);
}

/** Comparator for Array.prototype.sort, consistent with the database order. */
export function compareVietnameseNames(a: string, b: string): number {
  const ka = vietnameseSortKey(a);
  const kb = vietnameseSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
