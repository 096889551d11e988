import { getTableName } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Executor } from "./db/index.js";

export interface DataSubject {
  userId: string;
  memberId: string | null;
}

/** One module's part of what chibo holds about a person, as plain JSON-able data. */
export type PersonalDataSection = (ex: Executor, subject: DataSubject) => Promise<unknown>;

const sections = new Map<string, PersonalDataSection>();
/** "table.column" → the section that reads it back. */
const covered = new Map<string, string>();

/**
 * Each module that stores something about a person registers how to read it back for them, with the columns
 * naming the person that it reads (test/personal-data-coverage.test.ts finds every such column in the schema).
 */
export function registerPersonalData(name: string, section: PersonalDataSection, columns: PgColumn[] = []): void {
  sections.set(name, section);
  personalDataColumns(name, columns);
}

/** The columns naming a person that the section `name` reads back. */
export function personalDataColumns(name: string, columns: PgColumn[]): void {
  for (const c of columns) covered.set(`${getTableName(c.table)}.${c.name}`, name);
}

/** Which sections are registered, and which column each covered column is read by. */
export function personalDataCoverage(): { sections: string[]; columns: Map<string, string> } {
  return { sections: [...sections.keys()], columns: new Map(covered) };
}

export async function collectPersonalData(ex: Executor, subject: DataSubject): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, section] of sections) out[name] = await section(ex, subject);
  return out;
}
