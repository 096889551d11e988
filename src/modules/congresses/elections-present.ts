import { z } from "zod";
import { itemsOf, timestamp, type Wire } from "../../core/http/present.js";
import { COUNTING_MODES, ELECTION_BODIES, INVALID_REASONS } from "./elections-model.js";

// What the elections answer. Secret ballot: no answer names who voted, and a round's figures appear only once its
// result is released.

const person = z.object({ memberId: z.uuid(), fullName: z.string() });
const tally = z.object({ valid: z.number(), invalid: z.number(), votes: z.record(z.string(), z.number()) });

export const roundResultSchema = z.object({
  valid: z.number(),
  invalid: z.number(),
  standings: z.array(z.object({ memberId: z.uuid(), votes: z.number(), majority: z.boolean() })),
  elected: z.array(z.object({ memberId: z.uuid(), votes: z.number() })),
  tied: z.array(z.uuid()),
  seatsLeft: z.number(),
  outcome: z.enum(["complete", "tie", "too_few"]),
});

export const roundSchema = z.object({
  id: z.uuid(),
  electionId: z.uuid(),
  organizationId: z.uuid(),
  number: z.number(),
  seats: z.number(),
  candidateIds: z.array(z.uuid()),
  mode: z.enum(COUNTING_MODES),
  ballotsIssued: z.number(),
  ballotsReturned: z.number().nullable(),
  tally: tally.nullable(),
  status: z.enum(["counting", "released"]),
  result: roundResultSchema.nullable(),
  releasedOn: z.string().nullable(),
  createdAt: timestamp(),
  version: z.number(),
});

export const electionSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  heldOn: z.string(),
  title: z.string(),
  body: z.enum(ELECTION_BODIES),
  seats: z.number(),
  candidates: z.array(person),
  board: z.array(person),
  rulebookKey: z.string(),
  status: z.enum(["open", "done"]),
  elected: z.array(z.object({ memberId: z.uuid(), votes: z.number(), round: z.number() })),
  congressId: z.uuid().nullable(),
  createdAt: timestamp(),
  version: z.number(),
});

/** An election with its rounds, each with how many ballots are entered so far. */
export const electionDetailSchema = electionSchema.extend({
  rounds: z.array(roundSchema.extend({ entered: z.number() })),
});
export const electionListSchema = itemsOf(electionDetailSchema);

export const ballotEnteredSchema = z.object({ serial: z.number(), entered: z.number(), ballotsIssued: z.number() });

export const missingSerialsSchema = z.object({
  roundId: z.uuid(),
  entered: z.number(),
  ballotsIssued: z.number(),
  /** The first serials not yet entered (at most 200). */
  missing: z.array(z.number()),
});

/** One ballot as entered: its serial and what it says — never who cast it. */
export const ballotSchema = z.object({
  roundId: z.uuid(),
  serial: z.number(),
  kept: z.array(z.uuid()),
  invalid: z.enum(INVALID_REASONS).nullable(),
  version: z.number(),
});

/** The count so far of a round still being counted, for the counting board; with the serials corrected. */
export const runningCountSchema = tally.extend({
  roundId: z.uuid(),
  entered: z.number(),
  corrected: z.array(z.number()),
});

export const invalidReasonSchema = z.enum(INVALID_REASONS);

export type ElectionDetail = Wire<typeof electionDetailSchema>;
export type RoundView = ElectionDetail["rounds"][number];
export type BallotEntered = Wire<typeof ballotEnteredSchema>;
export type MissingSerials = Wire<typeof missingSerialsSchema>;
export type BallotView = Wire<typeof ballotSchema>;
export type RunningCount = Wire<typeof runningCountSchema>;
