// What the home's batched read (src/modules/home) takes from evaluations: the same read as /api/me/evaluations.
import type { Actor } from "../../core/access/index.js";
import type { Executor } from "../../core/db/index.js";
import { getOrganization } from "../organizations/store.js";
import * as ops from "./operations.js";
import { presentPeriod } from "./present.js";
import * as store from "./store.js";

/** The actor's own review forms, year by year: the level only once the period's results are published. */
export async function myEvaluations(ex: Executor, actor: Actor) {
  if (!actor.memberId) return { items: [] };
  const items = [];
  for (const { subject, period } of await store.subjectsOfMember(ex, actor.memberId)) {
    const org = (await getOrganization(ex, period.organizationId))!;
    const books = await ops.periodRules(ex, { ...period, organizationPath: org.path });
    const [assessment, decision] = await Promise.all([
      store.assessmentOf(ex, subject.id),
      store.decisionOf(ex, subject.id),
    ]);
    items.push({
      subjectId: subject.id,
      period: presentPeriod(period, ops.periodDeadlines(books, period)),
      form: subject.form,
      excluded: subject.excluded,
      exclusionReason: subject.exclusionReason,
      submittedAt: assessment?.submittedAt?.toISOString() ?? null,
      level: period.publishedAt && decision ? decision.level : null,
    });
  }
  return { items };
}
