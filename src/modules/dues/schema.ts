import { sql } from "drizzle-orm";
import {
  bigint,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { organizations } from "../organizations/schema.js";
import { members } from "../members/schema.js";
import type { BasisKind, Exemption, PaymentMethod } from "./model.js";

/** Money is whole đồng: bigint read as a JS number (exact below 2^53, far above any sum a đảng bộ collects). */
const dong = (name: string) => bigint(name, { mode: "number" });

/**
 * A member's dues basis from a month on (the first day of `from_month`): the salary base, pension or fixed amount,
 * and any exemption or reduction. The rows of a member are the basis's history; a newer row for the same month
 * replaces the older, which stays soft-deleted.
 */
export const duesBases = pgTable(
  "dues_bases",
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    /** The member's cell when the basis was recorded (whose committee recorded it). */
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    kind: text().$type<BasisKind>().notNull(),
    amount: dong("amount").notNull(),
    fromMonth: date("from_month", { mode: "string" }).notNull(),
    exemption: text().$type<Exemption>(),
    reductionPercent: integer("reduction_percent"),
    reductionReason: text("reduction_reason"),
    reductionUntil: date("reduction_until", { mode: "string" }),
    note: text(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    index("dues_bases_member_idx").on(t.memberId),
    uniqueIndex("dues_bases_member_month_key").on(t.memberId, t.fromMonth).where(sql`deleted_at IS NULL`),
  ],
);

/**
 * One member's dues for one month, paid: cash to the cell or online with the portal's reference. A month is paid
 * once (the partial unique index is the last guard; the operation refuses first, naming the field). The receipt
 * number counts the cell's receipts of the year.
 */
export const duesPayments = pgTable(
  "dues_payments",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    month: date({ mode: "string" }).notNull(),
    amount: dong("amount").notNull(),
    /** What the rules asked that month, kept with the payment: a later basis does not rewrite the past. */
    due: dong("due").notNull(),
    method: text().$type<PaymentMethod>().notNull(),
    reference: text(),
    paidOn: date("paid_on", { mode: "string" }).notNull(),
    receiptNumber: integer("receipt_number").notNull(),
    recordedBy: uuid("recorded_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    version: integer().notNull().default(1),
  },
  (t) => [
    index("dues_payments_org_month_idx").on(t.organizationId, t.month),
    uniqueIndex("dues_payments_member_month_key").on(t.memberId, t.month).where(sql`deleted_at IS NULL`),
  ],
);

/**
 * Each cell's month as the live payments make it: how many and their sum, and what was handed over, kept by statement
 * triggers on dues_payments and dues_handovers (migration 0036), so the đảng ủy's collection view of a province adds up 12 rows a cell instead of every payment
 * (ADR 0175). Never written by the application.
 */
export const duesMonthTotals = pgTable(
  "dues_month_totals",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    month: date({ mode: "string" }).notNull(),
    payments: integer().notNull().default(0),
    collected: dong("collected").notNull().default(0),
    /** The month's handover (dues_handovers), kept beside the sums so the view reads one table. */
    handedOver: dong("handed_over").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.month] })],
);

/** The month's sum handed to the đảng ủy, with its report issued through the document register. */
export const duesHandovers = pgTable(
  "dues_handovers",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    month: date({ mode: "string" }).notNull(),
    amount: dong("amount").notNull(),
    payments: integer().notNull(),
    handedOn: date("handed_on", { mode: "string" }).notNull(),
    documentId: uuid("document_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("dues_handovers_org_month_key").on(t.organizationId, t.month)],
);
