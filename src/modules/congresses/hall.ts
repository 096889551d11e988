import { eq } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { NotFoundError } from "../../core/http/errors.js";
import { getOrganization } from "../organizations/store.js";
import { releasedRoundsOn } from "./elections-store.js";
import { hallAttendance, hallRound } from "./preparation-model.js";
import { congressDelegates } from "./preparation-schema.js";
import { getPreparation, type PreparationRow } from "./preparation-store.js";

/**
 * What the projector shows: the current agenda item, attendance, and the released rounds of the elections held at
 * the congress (the organisation's elections on the congress day). A round still counting is never read.
 */
export async function hallView(ex: Executor, prep: PreparationRow) {
  const org = (await getOrganization(ex, prep.organizationId))!;
  const delegates = await ex
    .select({
      kind: congressDelegates.kind,
      credential: congressDelegates.credential,
      present: congressDelegates.present,
    })
    .from(congressDelegates)
    .where(eq(congressDelegates.preparationId, prep.id));
  const rounds = await releasedRoundsOn(ex, prep.organizationId, prep.congressOn);
  const current = prep.currentItem;
  return {
    id: prep.id,
    // Read with the view, so the requests sharing it are authorised on it without a query of their own (ADR 0161).
    organization: { id: org.id, path: org.path },
    organizationName: org.name,
    congressOn: prep.congressOn,
    nextTermLabel: prep.nextTermLabel,
    agenda: prep.agenda,
    currentItem: current,
    currentTitle: current === null ? null : (prep.agenda[current] ?? null),
    attendance: hallAttendance(delegates),
    results: rounds.map((r) => hallRound(r, { ...r, result: r.result! })),
    version: prep.version,
  };
}
export type HallData = Awaited<ReturnType<typeof hallView>>;

// Every screen in the hall, and delegates' phones, poll the same view every few seconds (ADR 0161). It is built at
// most once per preparation per HALL_FRESH_MS, whoever asks; each request is still authorised on its own. A write of
// this module that changes the view forgets it at once; the short lifetime bounds what another server process, or
// a read racing a write's commit, may show late.
const HALL_FRESH_MS = 2_000;
const built = new Map<string, { until: number; view: Promise<HallData> }>();

/** The hall view of a preparation, built at most once per HALL_FRESH_MS; concurrent readers share one build. */
export function cachedHallView(ex: Executor, preparationId: string, now = performance.now()): Promise<HallData> {
  const hit = built.get(preparationId);
  if (hit && hit.until > now) return hit.view;
  for (const [id, entry] of built) if (entry.until <= now) built.delete(id);
  const view = (async () => {
    const prep = await getPreparation(ex, preparationId);
    if (!prep) throw new NotFoundError("congress_preparation");
    return hallView(ex, prep);
  })();
  const entry = { until: now + HALL_FRESH_MS, view };
  built.set(preparationId, entry);
  // A failed build (an unknown id, a lost connection) is not kept.
  view.catch(() => built.get(preparationId) === entry && built.delete(preparationId));
  return view;
}

/**
 * Called by the writes that change what the hall shows: the current item, the agenda, delegates, a release. Without an
 * id, every view is forgotten (tests, before a file opens another database).
 */
export function forgetHall(preparationId?: string): void {
  if (preparationId === undefined) built.clear();
  else built.delete(preparationId);
}
