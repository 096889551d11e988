import { z } from "zod";
import { itemsOf, timestamp, type Wire } from "../../core/http/present.js";
import { REVIEW_KINDS } from "./model.js";

// What the reviews module answers. A field not named here never leaves the server.

const contentSchema = z.object({
  title: z.string(),
  sections: z.array(
    z.object({
      heading: z.string(),
      paragraphs: z.array(z.string()),
      table: z.object({ columns: z.array(z.string()), rows: z.array(z.array(z.string())) }).optional(),
    }),
  ),
});

export const reviewSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  kind: z.enum(REVIEW_KINDS),
  periodStart: z.string(),
  periodEnd: z.string(),
  content: contentSchema,
  state: z.enum(["draft", "issued"]),
  documentId: z.uuid().nullable(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
  version: z.number(),
});

/** A review in its organisation's list: without its content. */
export const reviewListSchema = itemsOf(
  reviewSchema.pick({
    id: true,
    kind: true,
    periodStart: true,
    periodEnd: true,
    state: true,
    updatedAt: true,
    version: true,
    documentId: true,
  }),
);

export const issuedReviewSchema = reviewSchema.extend({
  document: z.object({ id: z.uuid(), numberText: z.string().nullable(), issuedOn: z.string().nullable() }),
});

export type ReviewView = Wire<typeof reviewSchema>;
export type ReviewListItem = Wire<typeof reviewListSchema>["items"][number];
export type IssuedReview = Wire<typeof issuedReviewSchema>;
