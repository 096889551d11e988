import { useQuery } from "@tanstack/react-query";
import { api } from "../../../web/api";
import type { MeetingStatus } from "../model";
import type { MeetingDetail, MeetingList, Minutes } from "../present";

export type MeetingSummary = MeetingList["items"][number];
export type StepRow = MeetingDetail["steps"][number];
export type RuleStep = MeetingDetail["rules"]["preparation"][number];
export type { MeetingDetail, MeetingList };

export const meetingKeys = {
  list: (orgId: string) => ["meetings", orgId] as const,
  /** The home's next meeting (NextMeetingCard), which the home's batched call also fills. */
  next: (orgId: string) => ["meetings", orgId, "next"] as const,
  detail: (id: string) => ["meeting", id] as const,
  minutes: (id: string) => ["meeting", id, "minutes"] as const,
};

export function useMeetings(orgId: string) {
  return useQuery({
    queryKey: meetingKeys.list(orgId),
    queryFn: () => api.get<MeetingList>(`/api/organizations/${orgId}/meetings`),
  });
}

export function useMeeting(id: string | undefined) {
  return useQuery({
    queryKey: meetingKeys.detail(id ?? ""),
    queryFn: () => api.get<MeetingDetail>(`/api/meetings/${id}`),
    enabled: !!id,
    staleTime: 0,
  });
}

export function useMinutes(id: string | undefined) {
  return useQuery({
    queryKey: meetingKeys.minutes(id ?? ""),
    queryFn: () => api.get<Minutes>(`/api/meetings/${id}/minutes`),
    enabled: !!id,
    staleTime: 0,
  });
}

export const STATUS_COLOR: Record<MeetingStatus, string> = {
  planned: "blue.8",
  open: "orange.9",
  closed: "grape.8",
  approved: "teal.9",
  cancelled: "gray.7",
};
