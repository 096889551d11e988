import { describe, expect, it } from "vitest";
import { passwordProblem } from "./model.js";
import { hashPassword, verifyPassword } from "./passwords.js";

describe("password rules", () => {
  it("refuses short, common, repeated and username-containing passwords", () => {
    expect(passwordProblem("ngan", "an")?.key).toBe("errors.password_too_short");
    expect(passwordProblem("1234567890", "an")?.key).toBe("errors.password_too_common");
    expect(passwordProblem("aaaaaaaaaaaa", "an")?.key).toBe("errors.password_too_common");
    expect(passwordProblem("bithu.llcs-2026", "bithu.llcs")?.key).toBe("errors.password_contains_username");
    expect(passwordProblem("hoa sen nở giữa hồ", "bithu.llcs")).toBeNull();
  });
});

describe("password hashing", () => {
  it("verifies the right password only, with a fresh salt each time", async () => {
    const a = await hashPassword("mật khẩu dài đủ");
    const b = await hashPassword("mật khẩu dài đủ");
    expect(a).not.toBe(b);
    expect(await verifyPassword("mật khẩu dài đủ", a)).toBe(true);
    expect(await verifyPassword("mật khẩu dài đủ ", a)).toBe(false);
    // NFC and NFD spellings of the same Vietnamese text are the same password.
    expect(await verifyPassword("mật khẩu dài đủ".normalize("NFD"), a)).toBe(true);
    expect(await verifyPassword("x", "garbage")).toBe(false);
  });
});
