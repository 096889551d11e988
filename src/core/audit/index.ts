import { and, desc, eq, lt, type SQL, sql } from "drizzle-orm";
import type { BulkTarget } from "../db/bulk.js";
import { insertMany, inUuids, queryRows, type Executor } from "../db/index.js";
import { auditEvents } from "./schema.js";

export interface AuditEntry {
  actorUserId: string | null;
  organizationId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  before?: unknown;
  after?: unknown;
}

/** The stored row of an entry: secrets stripped from what is kept of the record before and after. */
function eventRow(entry: AuditEntry) {
  return {
    actorUserId: entry.actorUserId,
    organizationId: entry.organizationId,
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: entry.action,
    before: entry.before === undefined ? null : stripSecrets(entry.before),
    after: entry.after === undefined ? null : stripSecrets(entry.after),
  };
}

/** Call inside the transaction that makes the change, so the record and its trace commit together. */
export async function recordEvent(ex: Executor, entry: AuditEntry): Promise<void> {
  await ex.insert(auditEvents).values(eventRow(entry));
}

/** Many entries at once, for bulk changes (a roster import): the same rows as recordEvent for each. */
export async function recordEvents(ex: Executor, entries: AuditEntry[]): Promise<void> {
  await insertMany(ex, auditEvents, entries.map(eventRow));
}

/**
 * Makes a change and records its event in one statement, the event only if the change touched a row: `change` is a
 * data-modifying statement whose RETURNING names the changed row's id `id`; the entry's entityId is that id. One
 * statement holds the embedded store only while it runs. A transaction of two also holds it across whatever the event
 * loop runs between them, which under load was up to 280 ms for an issued document's files (ADR 0189). Returns the ids
 * changed.
 */
export async function changeWithEvent(
  ex: Executor,
  change: SQL,
  entry: Omit<AuditEntry, "entityId">,
): Promise<string[]> {
  const row = eventRow({ ...entry, entityId: "" });
  const json = (value: unknown) => (value === null ? sql`NULL::jsonb` : sql`${JSON.stringify(value)}::jsonb`);
  const rows = await queryRows<{ id: string }>(
    ex,
    sql`WITH changed AS (${change})
        INSERT INTO ${auditEvents} (${sql.join(
          [
            auditEvents.actorUserId,
            auditEvents.organizationId,
            auditEvents.entityType,
            auditEvents.entityId,
            auditEvents.action,
            auditEvents.before,
            auditEvents.after,
          ].map((c) => sql.identifier(c.name)),
          sql`, `,
        )})
        SELECT ${row.actorUserId}::uuid, ${row.organizationId}::uuid, ${row.entityType}, changed.id::text, ${row.action},
               ${json(row.before)}, ${json(row.after)}
          FROM changed
        RETURNING entity_id AS id`,
  );
  return rows.map((r) => r.id);
}

/** The audit trail as a target of `bulkInsertion`, for a bulk change that records `count` events. */
export function auditBulkTarget(count: number): BulkTarget {
  return { table: auditEvents, rows: count };
}

const SECRET_KEYS = new Set(["passwordHash", "password", "csrfToken"]);

function stripSecrets(value: unknown): unknown {
  return holdsSecretOrOddObject(value) ? copyWithoutSecrets(value) : value;
}

/**
 * Most records hold no secret and only plain objects, arrays and dates, which the JSON column writes as the copy would
 * (a date as its ISO string): those are kept as they are. Copying every field of a 100,000-member roster's events
 * cost about 0.7 s.
 */
function holdsSecretOrOddObject(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some(holdsSecretOrOddObject);
  const proto = Object.getPrototypeOf(value);
  if (proto === Date.prototype) return false;
  if (proto !== Object.prototype && proto !== null) return true;
  for (const key in value) {
    if (SECRET_KEYS.has(key) || holdsSecretOrOddObject((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

function copyWithoutSecrets(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(copyWithoutSecrets);
  if (value instanceof Date) return value.toISOString();
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([k]) => !SECRET_KEYS.has(k))
      .map(([k, v]) => [k, copyWithoutSecrets(v)]),
  );
}

const eventColumns = () => ({
  id: auditEvents.id,
  at: auditEvents.at,
  actorUserId: auditEvents.actorUserId,
  // Who did it, by name: the history is read by people, not by ids.
  actorName: sql<string | null>`(SELECT display_name FROM users WHERE users.id = ${auditEvents.actorUserId})`,
  organizationId: auditEvents.organizationId,
  entityType: auditEvents.entityType,
  entityId: auditEvents.entityId,
  action: auditEvents.action,
  before: auditEvents.before,
  after: auditEvents.after,
});

/** Events of a set of organisations (an organisation's subtree), newest first, paged by id. */
export async function listEvents(ex: Executor, organizationIds: string[], opts: { beforeId?: number; limit: number }) {
  if (organizationIds.length === 0) return [];
  return ex
    .select(eventColumns())
    .from(auditEvents)
    .where(
      and(
        inUuids(auditEvents.organizationId, organizationIds),
        opts.beforeId ? lt(auditEvents.id, opts.beforeId) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(opts.limit);
}

/** Every event about one record, newest first. */
export async function listEntityEvents(ex: Executor, entityType: string, entityId: string) {
  return ex
    .select(eventColumns())
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, entityId)))
    .orderBy(desc(auditEvents.id));
}

/** What an event keeps of the record: its state before and after the change (null when there is none). */
export interface Change<B = unknown, A = unknown> {
  before: B | null;
  after: A | null;
}

/**
 * The audit trail of one kind of record, typed: each event a module declares names its action and the shape of
 * what it keeps, and every call takes the same arguments in the same order —
 * `trail(ex, actor, action, { organizationId, entityId }, { before, after })`.
 *
 *   type ResolutionEvents = { create: Change<null, ResolutionRow>; transition: Change<{ state }, { state }> };
 *   const audit = auditTrail<ResolutionEvents>("resolution");
 */
export function auditTrail<E extends Record<string, Change>>(entityType: string) {
  return <K extends keyof E & string>(
    ex: Executor,
    actor: { userId: string } | null,
    action: K,
    ref: { organizationId: string | null; entityId: string },
    change: E[K],
  ): Promise<void> =>
    recordEvent(ex, {
      actorUserId: actor?.userId ?? null,
      organizationId: ref.organizationId,
      entityType,
      entityId: ref.entityId,
      action,
      before: change.before,
      after: change.after,
    });
}
