import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { rulebookInForce } from "../../core/rulebooks/index.js";
import { organizations } from "../organizations/schema.js";
import type { MassOrganizationRules } from "./model.js";
import { massOrganizationIntroductions, massOrganizations, massOrganizationSessions } from "./schema.js";

export type MassOrganizationRow = typeof massOrganizations.$inferSelect;
export type SessionRow = typeof massOrganizationSessions.$inferSelect;
export type IntroductionRow = typeof massOrganizationIntroductions.$inferSelect;
/** A mass organisation with where it sits: the path and name of the cell or đảng bộ that leads it. */
export type LoadedMassOrganization = MassOrganizationRow & { orgPath: string; orgName: string };

export async function getMassOrganization(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<LoadedMassOrganization | null> {
  const q = ex
    .select({ m: massOrganizations, path: organizations.path, name: organizations.name })
    .from(massOrganizations)
    .innerJoin(organizations, eq(organizations.id, massOrganizations.organizationId))
    .where(and(eq(massOrganizations.id, id), isNull(massOrganizations.deletedAt)));
  const [row] = opts.forUpdate ? await q.for("update", { of: massOrganizations }) : await q;
  return row ? { ...row.m, orgPath: row.path, orgName: row.name } : null;
}

export async function listMassOrganizations(ex: Executor, organizationIds: string[]): Promise<MassOrganizationRow[]> {
  if (organizationIds.length === 0) return [];
  return ex
    .select()
    .from(massOrganizations)
    .where(and(inArray(massOrganizations.organizationId, organizationIds), isNull(massOrganizations.deletedAt)))
    .orderBy(asc(massOrganizations.createdAt));
}

/** Sessions of some mass organisations, newest first. */
export async function listSessions(ex: Executor, massOrganizationIds: string[]): Promise<SessionRow[]> {
  if (massOrganizationIds.length === 0) return [];
  return ex
    .select()
    .from(massOrganizationSessions)
    .where(inArray(massOrganizationSessions.massOrganizationId, massOrganizationIds))
    .orderBy(desc(massOrganizationSessions.heldOn), desc(massOrganizationSessions.createdAt));
}

export async function listIntroductions(ex: Executor, massOrganizationId: string): Promise<IntroductionRow[]> {
  return ex
    .select()
    .from(massOrganizationIntroductions)
    .where(eq(massOrganizationIntroductions.massOrganizationId, massOrganizationId))
    .orderBy(desc(massOrganizationIntroductions.receivedOn));
}

/** The forms of a candidate's dossier that mass organisations provided, with each organisation's name. */
export async function providersOfCandidate(ex: Executor, candidateId: string): Promise<Map<string, string>> {
  const rows = await ex
    .select({ form: massOrganizationIntroductions.form, name: massOrganizations.name })
    .from(massOrganizationIntroductions)
    .innerJoin(massOrganizations, eq(massOrganizations.id, massOrganizationIntroductions.massOrganizationId))
    .where(eq(massOrganizationIntroductions.candidateId, candidateId));
  return new Map(rows.map((r) => [r.form, r.name]));
}

/** The mass-organisation rules in force for an organisation on a day. */
export async function massOrganizationRules(
  ex: Executor,
  orgPath: string,
  day: string,
): Promise<MassOrganizationRules> {
  return (await rulebookInForce<MassOrganizationRules>(ex, "mass-organization", orgPath, day)).data;
}
