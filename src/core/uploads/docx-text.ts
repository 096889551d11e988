import { UploadRejected } from "./rejection.js";

/**
 * The paragraphs of a Word document's word/document.xml, in one pass over the text: every step moves forward
 * with indexOf or a character loop, nothing backtracks, so the time is linear in the size of the XML whatever
 * its content. The XML must be well formed — each element closed in order, nesting no deeper than MAX_DEPTH,
 * no DOCTYPE (so no entity expansion) — or the file is refused as damaged. Text is capped at `maxChars`.
 */

/** Word nests a few tens of levels (tables in tables, text boxes); 80,000 unclosed <w:p> are not a document. */
export const MAX_DEPTH = 256;

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

const damaged = (why: string) => new UploadRejected("damaged", { why });

/** Entities decoded in one pass; characters XML forbids (NUL, lone surrogates…) are dropped. */
function decode(s: string): string {
  if (!s.includes("&")) return clean(s);
  return clean(
    s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, ref: string) => {
      if (ref[0] !== "#") return NAMED[ref] ?? whole;
      const cp = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return xmlChar(cp) ? String.fromCodePoint(cp) : "";
    }),
  );
}

/** The characters XML 1.0 allows. */
const xmlChar = (cp: number) =>
  cp === 9 ||
  cp === 10 ||
  cp === 13 ||
  (cp >= 0x20 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd) ||
  (cp >= 0x10000 && cp <= 0x10ffff);

// Control characters, non-characters and lone surrogates.
const FORBIDDEN = new RegExp(
  [
    String.raw`[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]`,
    String.raw`[\ud800-\udbff](?![\udc00-\udfff])`,
    String.raw`(?<![\ud800-\udbff])[\udc00-\udfff]`,
  ].join("|"),
  "g",
);
const clean = (s: string) => s.replace(FORBIDDEN, "");

/** The end of a tag that starts at `lt`: the first ">" outside a quoted attribute value. */
function tagEnd(xml: string, lt: number): number {
  let quote = "";
  for (let i = lt + 1; i < xml.length; i++) {
    const c = xml[i]!;
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ">") return i;
    else if (c === "<") return -1;
  }
  return -1;
}

function tagName(inner: string): string {
  let end = 0;
  while (end < inner.length && !/[\s/>]/.test(inner[end]!)) end++;
  return inner.slice(0, end);
}

export function docxParagraphs(xml: string, maxChars: number): string[] {
  const paragraphs: string[] = [];
  const stack: string[] = [];
  /** Open paragraphs (a text box's paragraphs sit inside another paragraph). */
  const open: string[][] = [];
  let chars = 0;
  const add = (text: string) => {
    const current = open[open.length - 1];
    if (!current || !text) return;
    chars += text.length;
    if (chars > maxChars) throw new UploadRejected("text_too_long", { chars: maxChars });
    current.push(text);
  };
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > i && stack[stack.length - 1] === "w:t") add(decode(xml.slice(i, textEnd)));
    if (lt < 0) break;
    if (xml.startsWith("<!--", lt)) {
      const end = xml.indexOf("-->", lt + 4);
      if (end < 0) throw damaged("unclosed comment");
      i = end + 3;
    } else if (xml.startsWith("<![CDATA[", lt)) {
      const end = xml.indexOf("]]>", lt + 9);
      if (end < 0) throw damaged("unclosed CDATA");
      if (stack[stack.length - 1] === "w:t") add(clean(xml.slice(lt + 9, end)));
      i = end + 3;
    } else if (xml.startsWith("<?", lt)) {
      const end = xml.indexOf("?>", lt + 2);
      if (end < 0) throw damaged("unclosed processing instruction");
      i = end + 2;
    } else if (xml.startsWith("<!", lt)) {
      throw damaged("DOCTYPE");
    } else {
      const gt = tagEnd(xml, lt);
      if (gt < 0) throw damaged("unclosed tag");
      const inner = xml.slice(lt + 1, gt);
      i = gt + 1;
      if (inner[0] === "/") {
        const name = inner.slice(1).trim();
        if (stack.pop() !== name) throw damaged(`mismatched </${name}>`);
        if (name === "w:p") {
          const text = open.pop()!.join("").trim();
          if (text) paragraphs.push(text);
        }
        continue;
      }
      const name = tagName(inner);
      if (!name) throw damaged("empty tag name");
      if (inner.endsWith("/")) {
        if (name === "w:tab") add("\t");
        else if (name === "w:br" || name === "w:cr") add("\n");
        else if (name === "w:p") continue; // an empty paragraph
        continue;
      }
      if (stack.length >= MAX_DEPTH) throw damaged("nesting too deep");
      stack.push(name);
      if (name === "w:p") open.push([]);
    }
  }
  if (stack.length) throw damaged(`unclosed <${stack[stack.length - 1]}>`);
  return paragraphs;
}
