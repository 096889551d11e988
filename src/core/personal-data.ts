import type { Executor } from "./db/index.js";

export interface DataSubject {
  userId: string;
  memberId: string | null;
}

/** One module's part of what chibo holds about a person, as plain JSON-able data. */
export type PersonalDataSection = (ex: Executor, subject: DataSubject) => Promise<unknown>;

const sections = new Map<string, PersonalDataSection>();

/** Each module that stores something about a person registers how to read it back for them. */
export function registerPersonalData(name: string, section: PersonalDataSection): void {
  sections.set(name, section);
}

export async function collectPersonalData(ex: Executor, subject: DataSubject): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, section] of sections) out[name] = await section(ex, subject);
  return out;
}
