import { z } from "zod";
import type { Wire } from "../../core/http/present.js";
import { BASIS_KINDS, EXEMPTIONS, PAYMENT_METHODS } from "./model.js";

// What the dues module answers. Amounts are whole đồng; months are "YYYY-MM".

/** "YYYY-MM". */
const month = z.string();

export const paymentSchema = z.object({
  id: z.uuid(),
  memberId: z.uuid(),
  month,
  amount: z.number().int(),
  due: z.number().int(),
  method: z.enum(PAYMENT_METHODS),
  reference: z.string().nullable(),
  paidOn: z.string(),
  receiptNumber: z.number().int(),
  version: z.number(),
});

export const ledgerSchema = z.object({
  organizationId: z.uuid(),
  month: z.string(),
  lines: z.array(
    z.object({
      memberId: z.uuid(),
      fullName: z.string(),
      basisKind: z.enum(BASIS_KINDS).nullable(),
      due: z.number().int().nullable(),
      exemption: z.enum(EXEMPTIONS).nullable(),
      reductionPercent: z.number().nullable(),
      payment: paymentSchema.nullable(),
    }),
  ),
  totals: z.object({
    members: z.number(),
    owing: z.number(),
    paid: z.number(),
    exempt: z.number(),
    noBasis: z.number(),
    due: z.number(),
    collected: z.number(),
  }),
  handover: z
    .object({ amount: z.number(), payments: z.number(), handedOn: z.string(), documentId: z.uuid().nullable() })
    .nullable(),
});

export const allPaidSchema = z.object({ marked: z.number(), ledger: ledgerSchema });
export const importSchema = z.object({ imported: z.number(), ledger: ledgerSchema });

export const basisSchema = z.object({
  id: z.uuid(),
  memberId: z.uuid(),
  kind: z.enum(BASIS_KINDS),
  amount: z.number().int(),
  fromMonth: month,
  exemption: z.enum(EXEMPTIONS).nullable(),
  reductionPercent: z.number().nullable(),
  reductionReason: z.string().nullable(),
  reductionUntil: month.nullable(),
  note: z.string().nullable(),
});
export const basisHistorySchema = z.object({ items: z.array(basisSchema) });

export const receiptSchema = paymentSchema.extend({
  memberName: z.string(),
  cellName: z.string(),
});

export const myDuesSchema = z.object({
  memberId: z.uuid().nullable(),
  year: z.number(),
  months: z.array(
    z.object({
      month: z.string(),
      due: z.number().int().nullable(),
      exemption: z.enum(EXEMPTIONS).nullable(),
      reductionPercent: z.number().nullable(),
      payment: paymentSchema.nullable(),
    }),
  ),
  bases: z.array(basisSchema),
  unpaid: z.number(),
  paidTotal: z.number(),
});

export const collectionSchema = z.object({
  year: z.number(),
  /** The whole subtree's months, for the chart. */
  months: z.array(z.object({ month: z.string(), collected: z.number(), payments: z.number(), handedOver: z.number() })),
  cells: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      collected: z.number(),
      payments: z.number(),
      handedOver: z.number(),
      /** The last month with a payment, or null. */
      lastMonth: z.string().nullable(),
    }),
  ),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
});

export type LedgerView = Wire<typeof ledgerSchema>;
export type LedgerLineView = LedgerView["lines"][number];
export type AllPaidView = Wire<typeof allPaidSchema>;
export type ReceiptView = Wire<typeof receiptSchema>;
export type MyDuesView = Wire<typeof myDuesSchema>;
export type CollectionView = Wire<typeof collectionSchema>;
export type BasisHistoryView = Wire<typeof basisHistorySchema>;
