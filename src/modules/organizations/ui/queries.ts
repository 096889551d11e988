import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../web/api";
import { compareVietnamese } from "../../../core/i18n/translate";
import type { MembershipRulebook, Organization, OrganizationDetail, OrganizationList } from "../present";

export const orgKeys = {
  all: ["organizations"] as const,
  detail: (id: string) => ["organization", id] as const,
  audit: (id: string) => ["organization", id, "audit"] as const,
  rulebook: (id: string) => ["organization", id, "rulebook"] as const,
};

/** Every organisation the user can see, parents before children. */
export function useOrganizations() {
  return useQuery({
    queryKey: orgKeys.all,
    queryFn: async () => (await api.get<OrganizationList>("/api/organizations")).items,
    staleTime: 5 * 60_000,
  });
}

/** One organisation with its committee and warnings (the home asks for it before its cards render). */
export const organizationQuery = (id: string) =>
  queryOptions({
    queryKey: orgKeys.detail(id),
    queryFn: () => api.get<OrganizationDetail>(`/api/organizations/${id}`),
  });

export function useOrganization(id: string | undefined) {
  return useQuery({ ...organizationQuery(id ?? ""), enabled: !!id });
}

export function useMembershipRulebook(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: orgKeys.rulebook(id ?? ""),
    queryFn: () => api.get<MembershipRulebook>(`/api/organizations/${id}/rulebooks/membership`),
    enabled: !!id && enabled,
    staleTime: 60 * 60_000,
  });
}

export interface OrgNode {
  org: Organization;
  depth: number;
}

/**
 * Depth-first order with depth, built from parentId; an organisation whose parent is not visible starts a new root.
 * Siblings are in Vietnamese alphabetical order.
 */
export function flattenTree(items: Organization[]): OrgNode[] {
  const ids = new Set(items.map((o) => o.id));
  const children = new Map<string | null, Organization[]>();
  for (const org of items) {
    const parent = org.parentId && ids.has(org.parentId) ? org.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(org);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => compareVietnamese(a.name, b.name));
  const out: OrgNode[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const org of children.get(parent) ?? []) {
      out.push({ org, depth });
      walk(org.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** Children of an organisation among the visible ones, in Vietnamese alphabetical order. */
export function childrenOf(items: Organization[], parentId: string): Organization[] {
  // The order every list of cells uses (the dashboard's, the overview's): numbers by value, "xã 2" before "xã 11".
  return items.filter((o) => o.parentId === parentId).sort((a, b) => compareVietnamese(a.name, b.name));
}
