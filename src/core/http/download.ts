/**
 * The Content-Disposition header of every download. Node refuses a header with characters outside Latin-1
 * (an organisation code such as "CB-ĐẶCBIỆT" made the roster export fail), so the name goes twice: an ASCII
 * fallback for old clients, and the exact UTF-8 name as RFC 5987 `filename*` (RFC 6266), which browsers prefer.
 */
export function contentDisposition(fileName: string, inline = false): string {
  // A lone surrogate cannot be percent-encoded (encodeURIComponent throws); it carries no letter anyway.
  const name = fileName
    .normalize("NFC")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
  const ascii = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
