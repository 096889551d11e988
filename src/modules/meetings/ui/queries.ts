import { useQuery } from "@tanstack/react-query";
import { api } from "../../../web/api";
import type { AttendanceCounts, AttendanceStatus, MeetingStatus, StepPhase, VoteRuleId } from "../model";
import type { MeetingFacts, MeetingKind } from "../scoring";
import type { MinutesData } from "../minutes";

export interface MeetingSummary {
  id: string;
  organizationId: string;
  kind: MeetingKind;
  title: string | null;
  date: string;
  startTime: string;
  place: string;
  status: MeetingStatus;
  enteredLate: boolean;
  version: number;
}

export interface MeetingList {
  items: MeetingSummary[];
  proposal: { date: string; source: string };
  missingThematic: { year: number; quarter: number }[];
  thematicSource: string;
  permissions: { manage: boolean };
}

export interface StepRow {
  id: string;
  phase: StepPhase;
  stepId: string;
  skipped: boolean;
  note: string | null;
  doneAt: string;
  doneByName: string;
}

export interface RuleStep {
  id: string;
  key: string;
  committeeOnly?: boolean;
}

export interface MeetingDetail extends MeetingSummary {
  organizationName: string;
  organizationPath: string;
  chairMemberId: string | null;
  minuteTakerMemberId: string | null;
  preparerMemberId: string | null;
  purpose: string | null;
  guests: string[];
  agenda: string[];
  dues: string | null;
  content: string | null;
  draftResolution: string | null;
  criticism: string | null;
  conclusion: string | null;
  thematic: {
    criteria?: string[];
    topic?: string | null;
    survey?: string | null;
    purpose?: string | null;
    solutions?: string | null;
    obstacles?: string | null;
    assignment?: string | null;
    interimReviewOn?: string | null;
    finalReviewOn?: string | null;
  };
  startedAt: string | null;
  endedAt: string | null;
  chairApprovedAt: string | null;
  takerApprovedAt: string | null;
  approvedAt: string | null;
  cancelReason: string | null;
  hasCommittee: boolean;
  rulebook: { key: string; title: string };
  rules: {
    preparation: RuleStep[];
    publishDaysBefore: number;
    live: RuleStep[];
    thematic: (RuleStep & { applies: boolean; skippable: boolean })[];
    topicCriteria: string[];
    minDurationMinutes: number | null;
    attendanceMinPercent: number;
    votes: Record<VoteRuleId, { labelKey: string; voters: "all" | "full" }>;
  };
  roster: {
    id: string;
    fullName: string;
    status: "full" | "probationary";
    exempt: boolean;
    attendance: AttendanceStatus | null;
    reason: string | null;
  }[];
  counts: AttendanceCounts;
  steps: StepRow[];
  latePublication: boolean;
  contributions: {
    id: string;
    memberId: string | null;
    speakerName: string;
    part: "discussion" | "criticism";
    text: string;
    version: number;
  }[];
  tasks: { id: string; what: string; responsibleName: string; deadline: string }[];
  votes: {
    id: string;
    subject: string;
    rule: VoteRuleId;
    eligible: number;
    inFavour: number;
    against: number;
    other: number;
    passed: boolean;
  }[];
  amendments: { id: string; text: string; byName: string; at: string }[];
  score: {
    total: number | null;
    max: number | null;
    rating: string | null;
    judgements: { criterionId: string; points: number; note: string }[];
    scoredAt: string;
    scoredByName: string;
    criteria: unknown[];
  } | null;
  facts: MeetingFacts | null;
  official: {
    minutesDocument: { id: string; numberText: string | null; issuedOn: string | null } | null;
    resolution: {
      id: string;
      state: string;
      title: string;
      number: string | null;
      documentId: string | null;
      version: number;
    } | null;
  };
  scorePreview: {
    sheetKey: string;
    sheetTitle: string;
    total: number;
    max: number;
    rating: string;
    applies: boolean;
    pendingJudgements: string[];
    criteria: {
      id: string;
      sectionId: string;
      labelKey?: string;
      label?: string;
      points: number;
      max: number;
      computed: boolean;
      note?: string;
      reason: { key: string; params: Record<string, string | number> };
    }[];
  } | null;
  permissions: { manage: boolean; approveAsChair: boolean; approveAsTaker: boolean };
}

export const meetingKeys = {
  list: (orgId: string) => ["meetings", orgId] as const,
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
    queryFn: () => api.get<MinutesData>(`/api/meetings/${id}/minutes`),
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
