import { and, asc, eq, isNull } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { documents } from "./schema.js";
import { getDocument, type DocumentSummary } from "./store.js";

/**
 * The issued documents another record gave rise to (origin and originRef, as createDocument stored them), oldest
 * first: what the evaluations module issued for a period (its decisions and notice).
 */
export async function issuedByOrigin(
  ex: Executor,
  organizationId: string,
  origin: string,
  originRef: string,
): Promise<DocumentSummary[]> {
  const rows = await ex
    .select({ id: documents.id })
    .from(documents)
    .where(
      and(
        eq(documents.organizationId, organizationId),
        eq(documents.origin, origin),
        eq(documents.originRef, originRef),
        eq(documents.status, "issued"),
        isNull(documents.deletedAt),
      ),
    )
    .orderBy(asc(documents.issuedOn), asc(documents.createdAt));
  const out: DocumentSummary[] = [];
  for (const r of rows) out.push((await getDocument(ex, r.id))!);
  return out;
}

/** An issued document's stored file (rendered and stored first if the rendering has not finished, ADR 0177). */
export { issuedDocumentFile } from "./issued-files.js";
