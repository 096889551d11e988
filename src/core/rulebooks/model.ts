import { z } from "zod";

/**
 * A rulebook is versioned rule data with its source and the date it takes effect.
 * Each kind has its own data schema (registered by the module that owns the rules).
 */
export const rulebookSourceSchema = z.object({
  ref: z.string().min(1),
  date: z.iso.date().optional(),
  tag: z.enum(["P", "S", "L", "G"]),
  note: z.string().optional(),
});

export const rulebookEnvelopeSchema = z.object({
  kind: z.string().min(1),
  key: z.string().min(1),
  title: z.string().min(1),
  /** The title in the English UI; without it the Vietnamese title shows (see rulebookTitle in core/i18n). */
  titleEn: z.string().min(1).optional(),
  effectiveFrom: z.iso.date(),
  sources: z.array(rulebookSourceSchema).min(1),
  data: z.unknown(),
});

export type RulebookEnvelope = z.infer<typeof rulebookEnvelopeSchema>;

export interface Rulebook<T = unknown> extends Omit<RulebookEnvelope, "data"> {
  data: T;
  /** Set for a local variant: the organisation that adopted it. */
  adoptedBy?: { organizationId: string; depth: number };
}

/**
 * The rulebook in force on `onDate` for an organisation: a local variant adopted by the nearest
 * ancestor (deepest first) wins over the central rulebook; among candidates of the same origin the
 * latest effective date not after `onDate` applies. Dates are ISO strings, so they compare as text.
 */
export function selectRulebook<T>(central: Rulebook<T>[], local: Rulebook<T>[], onDate: string): Rulebook<T> | null {
  const inForce = (r: Rulebook<T>) => r.effectiveFrom <= onDate;
  const latest = (list: Rulebook<T>[]) =>
    list
      .filter(inForce)
      .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : a.effectiveFrom > b.effectiveFrom ? -1 : 0))[0] ?? null;
  const depths = [...new Set(local.map((r) => r.adoptedBy?.depth ?? 0))].sort((a, b) => b - a);
  for (const depth of depths) {
    const found = latest(local.filter((r) => (r.adoptedBy?.depth ?? 0) === depth));
    if (found) return found;
  }
  return latest(central);
}
