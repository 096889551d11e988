import { describe, expect, it } from "vitest";
import type { Organization } from "../present";
import { childrenOf, flattenTree } from "./queries";

const org = (id: string, name: string, parentId: string | null): Organization =>
  ({ id, name, parentId }) as unknown as Organization;

describe("childrenOf", () => {
  it("lists an organisation's children in Vietnamese order, numbers by value", () => {
    const items = [
      org("root", "Đảng bộ xã", null),
      org("a", "Chi bộ Công an xã 11", "root"),
      org("b", "Chi bộ Công an xã 2", "root"),
      org("c", "Chi bộ Ấp Đông", "root"),
      org("d", "Chi bộ Ấp An", "root"),
      org("e", "Chi bộ khác", "other"),
    ];
    expect(childrenOf(items, "root").map((o) => o.name)).toEqual([
      "Chi bộ Ấp An",
      "Chi bộ Ấp Đông",
      "Chi bộ Công an xã 2",
      "Chi bộ Công an xã 11",
    ]);
  });

  it("the menu's tree in the same order, each parent before its children", () => {
    const items = [
      org("a", "Chi bộ Công an xã 11", "root"),
      org("root", "Đảng bộ xã", null),
      org("b", "Chi bộ Công an xã 2", "root"),
      org("t", "Tổ đảng 1", "a"),
    ];
    expect(flattenTree(items).map(({ org, depth }) => `${depth} ${org.name}`)).toEqual([
      "0 Đảng bộ xã",
      "1 Chi bộ Công an xã 2",
      "1 Chi bộ Công an xã 11",
      "2 Tổ đảng 1",
    ]);
  });
});
