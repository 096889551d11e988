import { describe, expect, it } from "vitest";
import { can, decide, mayActOnAccount, pathsWhere, type Actor, type Scope } from "./index.js";
import { NotFoundError, ForbiddenError } from "../http/errors.js";

const root = { id: "r", path: "/r/" };
const cellA = { id: "a", path: "/r/a/" };
const groupA = { id: "ga", path: "/r/a/ga/" };
const cellB = { id: "b", path: "/r/b/" };

function actor(scopes: Scope[], isAdmin = false): Actor {
  return {
    userId: "u",
    username: "u",
    displayName: "u",
    memberId: null,
    isAdmin,
    locale: "vi",
    mustChangePassword: false,
    scopes,
    sessionId: "s",
    csrfToken: "c",
  };
}
const scope = (role: Scope["role"], org: { id: string; path: string }, subtree = true): Scope => ({
  role,
  organizationId: org.id,
  path: org.path,
  subtree,
});

describe("access decisions", () => {
  it("a member sees their cell and its groups but not another cell", () => {
    const a = actor([scope("member", cellA)]);
    expect(can(a, "member.list", cellA)).toBe(true);
    expect(can(a, "member.list", groupA)).toBe(true);
    expect(can(a, "member.view", cellA)).toBe(false);
    expect(can(a, "org.view", cellB)).toBe(false);
    expect(can(a, "org.view", root)).toBe(false);
  });

  it("answers 404 for an invisible organisation and 403 for a visible one without the right", () => {
    const a = actor([scope("member", cellA)]);
    expect(() => decide(a, "member.manage", cellB)).toThrow(NotFoundError);
    expect(() => decide(a, "member.manage", cellA)).toThrow(ForbiddenError);
    expect(() => decide(a, "member.list", cellA)).not.toThrow();
  });

  it("a non-subtree scope covers only its own organisation", () => {
    const a = actor([scope("member", root, false), scope("overseer", cellA)]);
    expect(can(a, "org.view", root)).toBe(true);
    expect(can(a, "member.view", cellA)).toBe(true);
    expect(can(a, "org.view", cellB)).toBe(false);
  });

  it("office manages the whole subtree; a secretary cannot restructure", () => {
    expect(can(actor([scope("office", root)]), "org.manage", groupA)).toBe(true);
    expect(can(actor([scope("manager", cellA)]), "org.manage", cellA)).toBe(false);
    expect(can(actor([scope("manager", cellA)]), "member.manage", cellA)).toBe(true);
  });

  it("an administrator may do anything; pathsWhere reflects scopes", () => {
    expect(can(actor([], true), "org.manage", cellB)).toBe(true);
    expect(pathsWhere(actor([], true), "org.view")).toEqual({ all: true });
    expect(pathsWhere(actor([scope("member", root, false), scope("overseer", cellA)]), "member.view")).toEqual({
      all: false,
      prefixes: ["/r/a/"],
      exact: [],
    });
  });
});

describe("acting on an account", () => {
  const office = (org: { id: string; path: string }) => actor([scope("office", org)]);
  const reach = (...organizations: { id: string; path: string }[]) => ({ isAdmin: false, organizations });

  it("needs account.manage over every organisation the account reaches, with all under it", () => {
    expect(mayActOnAccount(office(cellA), reach(cellA))).toBe(true);
    expect(mayActOnAccount(office(cellA), reach(groupA))).toBe(true);
    // A member of the cell who is also on the đảng ủy, or follows another cell, is wider than the cell's office.
    expect(mayActOnAccount(office(cellA), reach(cellA, root))).toBe(false);
    expect(mayActOnAccount(office(cellA), reach(cellA, cellB))).toBe(false);
    expect(mayActOnAccount(office(root), reach(cellA, cellB, root))).toBe(true);
  });

  it("refuses roles without account.manage, scopes on one node only, administrators' and anchorless accounts", () => {
    expect(mayActOnAccount(actor([scope("manager", cellA)]), reach(cellA))).toBe(false);
    expect(mayActOnAccount(actor([scope("office", root, false)]), reach(cellA))).toBe(false);
    expect(mayActOnAccount(office(root), { isAdmin: true, organizations: [] })).toBe(false);
    expect(mayActOnAccount(office(root), reach())).toBe(false);
    expect(mayActOnAccount(actor([], true), { isAdmin: true, organizations: [] })).toBe(true);
  });
});
