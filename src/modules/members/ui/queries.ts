import { keepPreviousData, queryOptions, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api, query } from "../../../web/api";
import type { MemberStatus } from "../../../web/types";
import type { Member, MemberList } from "../present";

export const PAGE_SIZE = 50;

export interface MemberFilter {
  q: string;
  status: MemberStatus | null;
  includeLeft: boolean;
}

export const memberKeys = {
  lists: ["members"] as const,
  list: (orgId: string, filter: MemberFilter) => ["members", orgId, filter] as const,
  picker: (orgId: string) => ["members", orgId, "picker"] as const,
  probation: (orgId: string) => ["members", orgId, "probation"] as const,
  detail: (id: string) => ["member", id] as const,
};

export function membersUrl(orgId: string, filter: Partial<MemberFilter> & { limit: number; offset?: number }): string {
  return `/api/organizations/${orgId}/members${query({
    q: filter.q,
    status: filter.status,
    includeLeft: filter.includeLeft ? "true" : undefined,
    limit: filter.limit,
    offset: filter.offset || undefined,
  })}`;
}

/** The members on probation in an organisation, for the home's warnings (a đảng bộ's: its whole tree's). */
export const probationersQuery = (orgId: string) =>
  queryOptions({
    queryKey: memberKeys.probation(orgId),
    queryFn: () => api.get<MemberList>(membersUrl(orgId, { status: "probationary", limit: 500 })),
  });

/** The member list, a page at a time ("Xem thêm"); the previous answer stays on screen while a new search loads. */
export function useMemberPages(orgId: string, filter: MemberFilter) {
  return useInfiniteQuery({
    queryKey: memberKeys.list(orgId, filter),
    queryFn: ({ pageParam }) =>
      api.get<MemberList>(membersUrl(orgId, { ...filter, limit: PAGE_SIZE, offset: pageParam })),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((n, p) => n + p.items.length, 0);
      return loaded < last.total ? loaded : undefined;
    },
    placeholderData: keepPreviousData,
  });
}

/** Current members of an organisation and its subtree, for choosing one in a form. */
export function useMemberChoices(orgId: string | null | undefined, enabled = true) {
  return useQuery({
    queryKey: memberKeys.picker(orgId ?? ""),
    queryFn: () => api.get<MemberList>(membersUrl(orgId!, { limit: 500 })),
    enabled: !!orgId && enabled,
  });
}

export function useMember(id: string | undefined) {
  return useQuery({
    queryKey: memberKeys.detail(id ?? ""),
    queryFn: () => api.get<Member>(`/api/members/${id}`),
    enabled: !!id,
  });
}
