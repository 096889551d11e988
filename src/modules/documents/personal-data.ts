import { asc, eq } from "drizzle-orm";
import { registerPersonalData } from "../../core/personal-data.js";
import { documentComments } from "./schema.js";

// What the documents module holds about a person: the comments they wrote on drafts under review.
registerPersonalData(
  "documentComments",
  async (ex, { userId }) =>
    ex
      .select({
        documentId: documentComments.documentId,
        sectionKey: documentComments.sectionKey,
        text: documentComments.text,
        resolution: documentComments.resolution,
        response: documentComments.response,
        createdAt: documentComments.createdAt,
      })
      .from(documentComments)
      .where(eq(documentComments.authorUserId, userId))
      .orderBy(asc(documentComments.createdAt)),
  [documentComments.authorUserId],
);
