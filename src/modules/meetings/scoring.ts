/**
 * Meeting quality: the facts a score sheet judges, and the result. The sheets themselves are
 * rulebooks (kind "meeting-score"); a meeting is always scored by the sheet in force on its date.
 */
export type MeetingKind = "monthly" | "thematic" | "combined" | "committee";
export type Rating = "good" | "fair" | "average" | "poor"; // Tốt / Khá / Trung bình / Kém

/** What the recorded meeting says about itself; every field is computed, never typed in. */
export interface MeetingFacts {
  kind: MeetingKind;
  /** ISO date of the meeting */
  date: string;
  /** members of the cell on that date, exempt ones included */
  members: number;
  /** exempt from party activities (miễn sinh hoạt): left out of the attendance rate */
  exempt: number;
  present: number;
  absentWithReason: number;
  absentWithoutReason: number;
  /** members whose absences (with or without reason) run to more than 3 meetings in a row this year */
  membersAbsentMoreThan3InARow: number;
  durationMinutes: number | null;
  startedOnTime: boolean | null;
  /** distinct members who spoke in the discussion */
  speakers: number;
  preparation: {
    preparerAssigned: boolean;
    /** null when the cell has no chi ủy (secretary and deputy agree the content instead) */
    committeeMet: boolean | null;
    draftResolution: boolean;
    noticeSent: boolean;
    /** whole days between publishing the documents and the meeting; null when never published */
    documentsPublishedDaysBefore: number | null;
  };
  stepsInOrder: boolean;
  minutesComplete: boolean;
  voteHeld: boolean;
  /** null when there was no previous resolution to carry out */
  previousResolutionDone: boolean | null;
}

/** A judgement criterion the secretary scores by hand, with a note saying why. */
export interface Judgement {
  criterionId: string;
  points: number;
  note: string;
}
