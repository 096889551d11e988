import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { compareVietnameseNames, foldForSearch, normalizeName, splitName, vietnameseSortKey } from "./names.js";

describe("normalizeName", () => {
  it("trims, collapses whitespace and title-cases each word", () => {
    expect(normalizeName("nguyễn  văn AN")).toBe("Nguyễn Văn An");
    expect(normalizeName("  \t trần\n\nthị   bÌnh \u00a0")).toBe("Trần Thị Bình");
  });

  it("handles Đ/đ", () => {
    expect(normalizeName("đặng thị ánh")).toBe("Đặng Thị Ánh");
    expect(normalizeName("ĐỖ ĐỨC ĐẠT")).toBe("Đỗ Đức Đạt");
    expect(normalizeName("đ")).toBe("Đ");
  });

  it("title-cases accented first letters and the ư/ơ letters", () => {
    expect(normalizeName("ánh ÂN ƯNG ớt ỷ")).toBe("Ánh Ân Ưng Ớt Ỷ");
  });

  it("composes decomposed input (NFC) before casing", () => {
    const decomposed = "nguye\u0302\u0303n a\u0306n";
    const result = normalizeName(decomposed);
    expect(result).toBe("Nguyễn Ăn");
    expect(result).toBe(result.normalize("NFC"));
    expect(normalizeName("a\u0301nh")).toBe("Ánh");
  });

  it("removes NUL and other invisible characters", () => {
    expect(normalizeName("an\u0000h")).toBe("Anh");
    expect(normalizeName("lê\u200b văn\u0000 an")).toBe("Lê Văn An");
  });

  it("returns empty for blank input", () => {
    expect(normalizeName("")).toBe("");
    expect(normalizeName("   \t\n")).toBe("");
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        const once = normalizeName(s);
        expect(normalizeName(once)).toBe(once);
      }),
    );
  });
});

describe("splitName", () => {
  it("splits family / middle / given in Vietnamese order", () => {
    expect(splitName("Nguyễn Thị Minh Khai")).toEqual({
      familyName: "Nguyễn",
      middleName: "Thị Minh",
      givenName: "Khai",
    });
    expect(splitName("Lê Văn An")).toEqual({ familyName: "Lê", middleName: "Văn", givenName: "An" });
  });

  it("has an empty middle name for two words", () => {
    expect(splitName("Phạm Anh")).toEqual({ familyName: "Phạm", middleName: "", givenName: "Anh" });
  });

  it("treats a one-word name as the given name", () => {
    expect(splitName("An")).toEqual({ familyName: "", middleName: "", givenName: "An" });
  });

  it("tidies whitespace but keeps case", () => {
    expect(splitName("  trần   VĂN  bình ")).toEqual({
      familyName: "trần",
      middleName: "VĂN",
      givenName: "bình",
    });
    expect(splitName("   ")).toEqual({ familyName: "", middleName: "", givenName: "" });
  });
});

describe("foldForSearch", () => {
  it("removes diacritics and lower-cases", () => {
    expect(foldForSearch("Nguyễn Văn An")).toBe("nguyen van an");
    expect(foldForSearch("Đặng Thị Ánh")).toBe("dang thi anh");
    expect(foldForSearch("Trương Ưng Ơn Ầu Ễ")).toBe("truong ung on au e");
  });

  it("matches diacritic-free queries", () => {
    expect(foldForSearch("Nguyễn Văn An").includes(foldForSearch("nguyen van an"))).toBe(true);
    expect(foldForSearch("Nguyễn Văn An").includes(foldForSearch("van an"))).toBe(true);
    expect(foldForSearch("Đỗ Thị Đào").includes(foldForSearch("DO THI DAO"))).toBe(true);
  });

  it("handles already-decomposed input", () => {
    expect(foldForSearch("Nguye\u0302\u0303n")).toBe("nguyen");
    expect(foldForSearch("D\u0323\u0306ng")).toBe("dng");
    expect(foldForSearch("Nguye\u0302\u0303n")).toBe(foldForSearch("Nguyễn"));
  });

  it("strips NUL and control characters, collapses whitespace", () => {
    expect(foldForSearch("Nguy\u0000ễn\u0007 Văn\u001f An")).toBe("nguyen van an");
    expect(foldForSearch("  Lê\t\r\n  Văn\u00a0An  ")).toBe("le van an");
    expect(foldForSearch("\u0000")).toBe("");
  });

  it("output has no combining marks, no đ, no controls, and is idempotent", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        const folded = foldForSearch(s);
        expect(folded).not.toMatch(/[\u0300-\u036f\p{Cc}đĐ]|\s\s|^\s|\s$/u);
        expect(foldForSearch(folded)).toBe(folded);
      }),
    );
  });
});

// --- sort key -------------------------------------------------------------

const collator = new Intl.Collator("vi");

/** Reference order from the brief: ICU "vi" collator, part by part. */
function ref(a: string, b: string): number {
  const A = splitName(a);
  const B = splitName(b);
  return (
    collator.compare(A.givenName, B.givenName) ||
    collator.compare(A.middleName, B.middleName) ||
    collator.compare(A.familyName, B.familyName)
  );
}

const sign = (n: number) => Math.sign(n);

// Realistic syllables: onset + rhyme, with one of the six tones placed on the
// vowel that carries it in modern orthography.
const ONSETS = [
  "",
  "b",
  "c",
  "ch",
  "d",
  "đ",
  "g",
  "gh",
  "gi",
  "h",
  "k",
  "kh",
  "l",
  "m",
  "n",
  "ng",
  "ngh",
  "nh",
  "p",
  "ph",
  "qu",
  "r",
  "s",
  "t",
  "th",
  "tr",
  "v",
  "x",
];
// [rhyme, index of the vowel that takes the tone]
const RHYMES: [string, number][] = [
  ["a", 0],
  ["ă", 0],
  ["â", 0],
  ["e", 0],
  ["ê", 0],
  ["i", 0],
  ["o", 0],
  ["ô", 0],
  ["ơ", 0],
  ["u", 0],
  ["ư", 0],
  ["y", 0],
  ["ai", 0],
  ["ao", 0],
  ["au", 0],
  ["ay", 0],
  ["âu", 0],
  ["ây", 0],
  ["eo", 0],
  ["êu", 0],
  ["ia", 0],
  ["iu", 0],
  ["oa", 1],
  ["oe", 1],
  ["oi", 0],
  ["ôi", 0],
  ["ơi", 0],
  ["ua", 0],
  ["ui", 0],
  ["ưa", 0],
  ["ưi", 0],
  ["ưu", 0],
  ["uy", 1],
  ["an", 0],
  ["ăn", 0],
  ["ân", 0],
  ["anh", 0],
  ["ang", 0],
  ["ăng", 0],
  ["âng", 0],
  ["em", 0],
  ["ên", 0],
  ["ênh", 0],
  ["in", 0],
  ["inh", 0],
  ["im", 0],
  ["iêm", 1],
  ["iên", 1],
  ["iêt", 1],
  ["on", 0],
  ["ong", 0],
  ["ông", 0],
  ["ơn", 0],
  ["un", 0],
  ["ung", 0],
  ["ưng", 0],
  ["uân", 1],
  ["uât", 1],
  ["uyên", 2],
  ["uyêt", 2],
  ["ươc", 1],
  ["ương", 1],
  ["ươi", 1],
  ["ươn", 1],
  ["oan", 1],
  ["oang", 1],
  ["oăn", 1],
  ["at", 0],
  ["ac", 0],
  ["ăc", 0],
  ["ach", 0],
  ["ich", 0],
  ["ôc", 0],
  ["uc", 0],
  ["ưc", 0],
  ["op", 0],
  ["ap", 0],
  ["yêu", 1],
];
// none, huyền, hỏi, ngã, sắc, nặng
const TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"];

const syllable = fc
  .tuple(fc.constantFrom(...ONSETS), fc.constantFrom(...RHYMES), fc.constantFrom(...TONES))
  .map(([onset, [rhyme, toneAt], tone]) => {
    const toned = [...rhyme].map((ch, i) => (i === toneAt ? ch + tone : ch)).join("");
    return (onset + toned).normalize("NFC");
  });

const lowerName = fc.array(syllable, { minLength: 1, maxLength: 5 }).map((words) => words.join(" "));

// Arbitrary per-character casing, before normalisation.
const randomlyCasedName = lowerName.chain((name) =>
  fc
    .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
    .map((upper) => [...name].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join("")),
);

describe("vietnameseSortKey", () => {
  it("is printable ASCII for any input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(vietnameseSortKey(s)).toMatch(/^[\x21-\x7e]*$/);
      }),
    );
  });

  it("is deterministic and insensitive to Unicode form and whitespace", () => {
    expect(vietnameseSortKey("Nguyễn Văn An")).toBe(vietnameseSortKey("Nguyễn Văn An"));
    expect(vietnameseSortKey("Nguye\u0302\u0303n  Va\u0306n\tAn ")).toBe(vietnameseSortKey("Nguyễn Văn An"));
    expect(vietnameseSortKey("Lê Văn\u0000 An")).toBe(vietnameseSortKey("Lê Văn An"));
  });

  it("sorts the example list like the collator-based reference", () => {
    const names = [
      "Trần Văn Bình",
      "Nguyễn Thị An",
      "Lê Văn An",
      "Phạm Anh",
      "Đỗ Thị Ánh",
      "Hoàng Văn Ân",
      "Vũ Thị Ăn",
    ];
    const expected = [...names].sort(ref);
    expect(expected).toEqual([
      "Nguyễn Thị An",
      "Lê Văn An",
      // ă and â are letters after a, so every "A…" given name comes first.
      "Phạm Anh",
      "Đỗ Thị Ánh",
      "Vũ Thị Ăn",
      "Hoàng Văn Ân",
      "Trần Văn Bình",
    ]);
    const byKey = [...names].sort((a, b) =>
      vietnameseSortKey(a) < vietnameseSortKey(b) ? -1 : vietnameseSortKey(a) > vietnameseSortKey(b) ? 1 : 0,
    );
    expect(byKey).toEqual(expected);
    expect([...names].sort(compareVietnameseNames)).toEqual(expected);
  });

  it("puts a prefix first and tones after letters", () => {
    const ordered = ["An", "Án", "Anh", "Ánh", "Bình"];
    expect([...ordered].reverse().sort(compareVietnameseNames)).toEqual(ordered);
    expect(compareVietnameseNames("Lê An", "Lê Ánh")).toBeLessThan(0);
    expect(compareVietnameseNames("Lê Ánh", "Lê Bình")).toBeLessThan(0);
  });

  it("orders the Vietnamese alphabet, with f j w z in Latin places", () => {
    const alphabet = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split(" ");
    expect([...alphabet].reverse().sort(compareVietnameseNames)).toEqual(alphabet);
    expect(compareVietnameseNames("dz", "đa")).toBeLessThan(0);
    expect(compareVietnameseNames("ặ", "â")).toBeLessThan(0);
  });

  it("orders tones: none < huyền < hỏi < ngã < sắc < nặng", () => {
    const tones = ["a", "à", "ả", "ã", "á", "ạ"];
    expect([...tones].reverse().sort(compareVietnameseNames)).toEqual(tones);
    // Tones only decide when the letters are equal.
    expect(compareVietnameseNames("ána", "anb")).toBeLessThan(0);
  });

  it("breaks ties on case last, lower before upper", () => {
    expect(compareVietnameseNames("an", "An")).toBeLessThan(0);
    expect(compareVietnameseNames("An", "àn")).toBeLessThan(0);
    expect(compareVietnameseNames("Nguyễn An", "nguyễn An")).toBeGreaterThan(0);
  });

  it("compares given, then middle, then family name", () => {
    expect(compareVietnameseNames("Trần An", "Lê Bình")).toBeLessThan(0);
    expect(compareVietnameseNames("Trần Văn An", "Lê Vũ An")).toBeLessThan(0);
    expect(compareVietnameseNames("Trần Văn An", "Lê Văn An")).toBeGreaterThan(0);
    // One-word name: empty family and middle sort first.
    expect(compareVietnameseNames("An", "Lê An")).toBeLessThan(0);
    // A space inside the middle name sorts before any letter.
    expect(compareVietnameseNames("Lê Thị Minh An", "Lê Thịa An")).toBeLessThan(0);
    expect(compareVietnameseNames("Lê Thị An", "Lê Thi Minh An")).toBeLessThan(0);
  });

  it("gives digits and other characters a valid key", () => {
    const odd = ["An 2", "An 10", "Ørsted Ann", "Müller Ann", "李 An", "An-Bình"];
    for (const name of odd) expect(vietnameseSortKey(name)).toMatch(/^[\x21-\x7e]+$/);
    expect(compareVietnameseNames("Lê Ann", "Lê A1")).toBeGreaterThan(0);
    expect(compareVietnameseNames("Lê Az", "Lê A李")).toBeLessThan(0);
  });

  it("agrees with the ICU vi collator on title-cased Vietnamese names", () => {
    fc.assert(
      fc.property(randomlyCasedName, randomlyCasedName, (rawA, rawB) => {
        const a = normalizeName(rawA.toLowerCase());
        const b = normalizeName(rawB.toLowerCase());
        const expected = ref(a, b);
        fc.pre(expected !== 0);
        expect(sign(compareVietnameseNames(a, b))).toBe(sign(expected));
      }),
      { numRuns: 5000 },
    );
  });

  it("agrees with the collator on names that share letters (tone and case ties)", () => {
    // Swapping only tones/case keeps primaries equal, exercising the lower levels.
    const variant = (name: string) => {
      // Toneless letters as single code points (ă, ô, ư…), so a tone lands after the letter mark.
      const chars = [
        ...name
          .normalize("NFD")
          .replace(/[\u0300\u0301\u0303\u0309\u0323]/g, "")
          .normalize("NFC"),
      ];
      return fc
        .array(fc.tuple(fc.constantFrom(...TONES), fc.boolean()), {
          minLength: chars.length,
          maxLength: chars.length,
        })
        .map((choices) =>
          chars
            .map((ch, i) => {
              const [tone, upper] = choices[i]!;
              const cased = upper ? ch.toUpperCase() : ch;
              return /[aăâeêioôơuưy]/i.test(ch) ? cased + tone : cased;
            })
            .join("")
            .normalize("NFC"),
        );
    };
    const pair = lowerName.chain((name) => fc.tuple(variant(name), variant(name)));
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const expected = ref(a, b);
        fc.pre(expected !== 0);
        expect(sign(compareVietnameseNames(a, b))).toBe(sign(expected));
      }),
      { numRuns: 5000 },
    );
  });

  it("agrees with the collator on arbitrarily cased names", () => {
    fc.assert(
      fc.property(randomlyCasedName, randomlyCasedName, (a, b) => {
        const expected = ref(a, b);
        fc.pre(expected !== 0);
        expect(sign(compareVietnameseNames(a, b))).toBe(sign(expected));
      }),
      { numRuns: 5000 },
    );
  });
});

describe("vietnameseSortKey's kept part keys", () => {
  it("give the same key after the kept map has filled and been dropped, decomposed input included", () => {
    const first = vietnameseSortKey("Nguyễn Thị Hương");
    for (let i = 0; i < 12_000; i++) vietnameseSortKey(`Lê Văn X${i}`);
    expect(vietnameseSortKey("Nguyễn Thị Hương")).toBe(first);
    expect(vietnameseSortKey("Nguyễn Thị Hương".normalize("NFD"))).toBe(first);
    expect(vietnameseSortKey("Nguyễn Thị Hường")).not.toBe(first);
  });
});
