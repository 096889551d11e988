import type { Actor } from "../../core/access/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import type { Tx } from "../../core/db/index.js";
import { updateVersionedQuietly } from "../../core/db/versioned.js";
import { ConflictError, NotFoundError } from "../../core/http/errors.js";
import { canMove, type DocumentStatus } from "./model.js";
import { documents } from "./schema.js";
import { getDocument } from "./store.js";

type Revoked = { status: DocumentStatus; revokedOn: string | null; revokeReason: string | null };
const revokeAudit = auditTrail<{ "status:revoked": Change<Revoked, Revoked> }>("document");

/**
 * An issued document withdrawn by the act it served (the transfers module's giấy giới thiệu, when the transfer is
 * called off while the letter is valid). It keeps its number and files in the register, shown as revoked with the
 * day and the reason; the caller answers for whether the act may be withdrawn on that day.
 */
export async function revokeIssuedDocument(
  tx: Tx,
  actor: Actor,
  documentId: string,
  input: { revokedOn: string; reason: string },
): Promise<void> {
  const doc = await getDocument(tx, documentId, { forUpdate: true });
  if (!doc) throw new NotFoundError("document");
  if (!canMove(doc.status, "revoked"))
    throw new ConflictError("document_transition", "errors.document_transition", {
      from: `ui.documents.status.${doc.status}`,
      to: "ui.documents.status.revoked",
    });
  // The row holds the issued files: nothing of it is read back. The row is locked, so its version is current.
  await updateVersionedQuietly(tx, documents, doc.id, doc.version, {
    status: "revoked",
    revokedOn: input.revokedOn,
    revokeReason: input.reason,
  });
  await revokeAudit(
    tx,
    actor,
    "status:revoked",
    { organizationId: doc.organizationId, entityId: doc.id },
    {
      before: { status: doc.status, revokedOn: doc.revokedOn, revokeReason: doc.revokeReason },
      after: { status: "revoked", revokedOn: input.revokedOn, revokeReason: input.reason },
    },
  );
}
