/**
 * Vietnamese text without its diacritics, case kept: "Đặng Thị Ánh" → "Dang Thi Anh". The one fold behind search
 * keys, header matching and ASCII file names. đ and Đ have no decomposition, so stripping marks does not reach them.
 */
export function stripDiacritics(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D");
}
