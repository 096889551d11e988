import { and, eq, inArray, isNull, like } from "drizzle-orm";
import type { Actor } from "../../core/access/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import type { Executor, Tx } from "../../core/db/index.js";
import { updateVersioned } from "../../core/db/versioned.js";
import { ConflictError, NotFoundError, StaleVersionError } from "../../core/http/errors.js";
import { organizations } from "../organizations/schema.js";
import type { DossierForm } from "./model.js";
import { admissionCandidates, admissionForms } from "./schema.js";
import { getCandidate, type FormRow } from "./store.js";

/**
 * What the mass-organizations module needs of a candidate: to find the candidates it may introduce (4-KNĐ) or
 * comment on (5-KNĐ), to put that form into the dossier, and to tell the dossier who provided it.
 */

export interface CandidateForIntroduction {
  id: string;
  organizationId: string;
  cellPath: string;
  cellName: string;
  fullName: string;
  stage: string;
  version: number;
}

/** Candidates still gathering their dossier in the cells under an organisation (its own cell included). */
export async function candidatesGatheringDossier(ex: Executor, orgPath: string): Promise<CandidateForIntroduction[]> {
  const rows = await ex
    .select({ c: admissionCandidates, path: organizations.path, name: organizations.name })
    .from(admissionCandidates)
    .innerJoin(organizations, eq(organizations.id, admissionCandidates.organizationId))
    .where(
      and(
        eq(admissionCandidates.stage, "following"),
        isNull(admissionCandidates.deletedAt),
        like(organizations.path, `${orgPath}%`),
      ),
    );
  return rows
    .map((r) => ({
      id: r.c.id,
      organizationId: r.c.organizationId,
      cellPath: r.path,
      cellName: r.name,
      fullName: r.c.fullName,
      stage: r.c.stage,
      version: r.c.version,
    }))
    .sort((a, b) => a.fullName.localeCompare(b.fullName, "vi"));
}

/** One candidate, locked for the write that follows when `forUpdate`. */
export async function candidateForIntroduction(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<CandidateForIntroduction | null> {
  const c = await getCandidate(ex, id, opts);
  return c
    ? {
        id: c.id,
        organizationId: c.organizationId,
        cellPath: c.cellPath,
        cellName: c.cellName,
        fullName: c.fullName,
        stage: c.stage,
        version: c.version,
      }
    : null;
}

/** Candidates' names by id (for a mass organisation's list of its introductions). */
export async function candidateNames(ex: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ex
    .select({ id: admissionCandidates.id, fullName: admissionCandidates.fullName })
    .from(admissionCandidates)
    .where(inArray(admissionCandidates.id, ids));
  return new Map(rows.map((r) => [r.id, r.fullName]));
}

const audit = auditTrail<{ form: Change<FormRow | null, FormRow> }>("admission_candidate");

/**
 * A form of the dossier provided by a mass organisation (4-KNĐ, 5-KNĐ), received on a day: recorded as the
 * dossier's form, audited on the candidate, while the dossier is still being gathered.
 */
export async function recordProvidedForm(
  tx: Tx,
  actor: Actor,
  input: { candidateId: string; form: DossierForm; receivedOn: string; version: number },
): Promise<void> {
  const c = await getCandidate(tx, input.candidateId, { forUpdate: true });
  if (!c) throw new NotFoundError("candidate");
  if (c.version !== input.version) throw new StaleVersionError();
  if (c.stage !== "following")
    throw new ConflictError("admission_wrong_stage", "admissions.wrong_stage", {
      stage: `ui.admissions.stage.${c.stage}`,
    });
  const [before] = await tx
    .select()
    .from(admissionForms)
    .where(and(eq(admissionForms.candidateId, c.id), eq(admissionForms.form, input.form)));
  const [after] = before
    ? await tx
        .update(admissionForms)
        .set({ receivedOn: input.receivedOn })
        .where(eq(admissionForms.id, before.id))
        .returning()
    : await tx
        .insert(admissionForms)
        .values({ candidateId: c.id, form: input.form, receivedOn: input.receivedOn })
        .returning();
  await updateVersioned(tx, admissionCandidates, c.id, input.version, {});
  await audit(
    tx,
    actor,
    "form",
    { organizationId: c.organizationId, entityId: c.id },
    { before: before ?? null, after: after! },
  );
}

/** Who provided each form of a candidate's dossier: the name of the mass organisation, by form. */
export type FormProviders = (ex: Executor, candidateId: string) => Promise<ReadonlyMap<string, string>>;
let providers: FormProviders = async () => new Map();

/**
 * The mass-organizations module tells the dossier who provided 4-KNĐ and 5-KNĐ: registered once at start, so the
 * admissions module does not depend on a module that depends on it.
 */
export function registerFormProviders(lookup: FormProviders): void {
  providers = lookup;
}

export function formProviders(ex: Executor, candidateId: string): Promise<ReadonlyMap<string, string>> {
  return providers(ex, candidateId);
}
