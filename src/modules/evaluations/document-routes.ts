import { hanoiAt } from "../../core/time.js";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { authorize, type Actor } from "../../core/access/index.js";
import { inTransaction, type Executor } from "../../core/db/index.js";
import { contentDisposition } from "../../core/http/download.js";
import { ConflictError, NotFoundError } from "../../core/http/errors.js";
import { requireActor } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { downloadName, type DocumentModel } from "../documents/model.js";
import { issuedDocumentFile } from "../documents/public-evaluations.js";
import type { DocumentSummary } from "../documents/store.js";
import {
  cellReportDoc,
  decisionDoc,
  documentBooks,
  issuedForPeriod,
  noticeDoc,
  reviewMinutesDoc,
  selfAssessmentDoc,
  summaryData,
} from "./document-data.js";
import { composeCellReport } from "./documents/cell-report.js";
import { composeDecision, composeDecisionList, composeNotice } from "./documents/decision.js";
import { renderEvaluationFile, renderSummaryWorkbook } from "./documents/render.js";
import { composeReviewMinutes } from "./documents/review-minutes.js";
import { composeSelfAssessment } from "./documents/self-assessment.js";
import { composeSummary } from "./documents/summary.js";
import { issueDecision, issueDecisionBody } from "./official.js";
import * as store from "./store.js";

const tags = ["evaluations"];
const formatQuery = z.object({ format: z.enum(["pdf", "docx"]).default("pdf") });
const subjectQuery = formatQuery.extend({ subject: z.enum(["members", "cells"]).default("members") });
const cellParams = z.object({ id: z.uuid(), cellId: z.uuid() });
const issuedSchema = z.object({
  documentId: z.uuid(),
  type: z.string(),
  numberText: z.string(),
  issuedOn: z.string().nullable(),
});

const CONTENT_TYPES = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

function send(reply: FastifyReply, format: keyof typeof CONTENT_TYPES, name: string, bytes: Buffer) {
  return reply
    .header("content-type", CONTENT_TYPES[format])
    .header("content-disposition", contentDisposition(name, false))
    .send(bytes);
}

/**
 * The file name of a composed document: its number when it has one, else its type name, then its summary; a
 * personal form names its member ("Bản kiểm điểm cá nhân Phạm Văn Đức năm 2026.pdf").
 */
function nameOf(model: DocumentModel, format: string, person?: string) {
  const summary = person ? `${person} ${model.summary.toLocaleLowerCase("vi")}` : model.summary;
  const type = model.typeName.toLocaleLowerCase("vi").replace(/^./u, (c) => c.toLocaleUpperCase("vi"));
  return downloadName({ numberText: /\d/.test(model.numberLine) ? model.numberLine : null, type, summary }, format);
}

/**
 * The review's documents as files (DOCX, PDF, XLSX) and the issuing of the đảng ủy's decision and notice in the
 * register. Who reads which file follows the JSON routes of routes.ts: a member's bản kiểm điểm as the member's
 * subject; a cell's Mẫu 01 and minutes as its view; the đảng ủy's documents with evaluation.view on the đảng bộ.
 */
export async function evaluationDocumentRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = () => app.database.db;

  async function loadPeriod(ex: Executor, id: string) {
    const period = await store.getPeriod(ex, id);
    if (!period) throw new NotFoundError("evaluation_period");
    return period;
  }

  /** The period and one of its cells, the cell's view authorised first (as GET …/cells/:cellId). */
  async function loadCell(actor: Actor, periodId: string, cellId: string) {
    await authorize(db(), actor, "evaluation.view", cellId);
    const period = await loadPeriod(db(), periodId);
    const cell = (await store.cellsUnder(db(), period.organizationPath)).find((c) => c.id === cellId);
    if (!cell) throw new NotFoundError("organization");
    return { period, cell };
  }

  async function render(
    model: DocumentModel,
    format: "pdf" | "docx",
    reply: FastifyReply,
    day: string,
    person?: string,
  ) {
    const bytes = await renderEvaluationFile(format, model, hanoiAt(day, "08:00"));
    return send(reply, format, nameOf(model, format, person), bytes);
  }

  /** An issued document of the register answers with its stored, hashed file. */
  async function stored(doc: DocumentSummary, format: "pdf" | "docx", reply: FastifyReply) {
    const bytes = await issuedDocumentFile(app.database, doc.id, format);
    return send(
      reply,
      format,
      downloadName({ numberText: doc.numberText, type: doc.type, summary: doc.summary }, format),
      bytes,
    );
  }

  const file = { download: true, rateLimit: "render" } as const;

  app.get(
    "/api/evaluation-subjects/:id/file",
    {
      config: file,
      schema: {
        tags,
        summary: "A member's bản kiểm điểm (2A/2B/2C/05), pre-filled",
        params: idParams,
        querystring: formatQuery,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const subject = await store.getSubject(db(), request.params.id);
      if (!subject) throw new NotFoundError("evaluation_subject");
      // As GET /api/evaluation-subjects/:id: the member themself, or whoever reads scores in the cell.
      const own = actor.memberId !== null && actor.memberId === subject.memberId;
      await authorize(db(), actor, own ? "evaluation.self" : "evaluation.view", subject.cellId);
      if (subject.kind !== "member") throw new NotFoundError("evaluation_subject");
      const period = await loadPeriod(db(), subject.periodId);
      const doc = await selfAssessmentDoc(db(), period, subject, new Date());
      const books = await documentBooks(db(), subject.cellPath, doc.day);
      return render(composeSelfAssessment(books, doc), request.query.format, reply, doc.day, doc.member.fullName);
    },
  );

  app.get(
    "/api/evaluation-periods/:id/cells/:cellId/report/file",
    {
      config: file,
      schema: { tags, summary: "The cell's report (Mẫu 01)", params: cellParams, querystring: formatQuery },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { period, cell } = await loadCell(actor, request.params.id, request.params.cellId);
      const doc = await cellReportDoc(db(), period, cell, new Date());
      const books = await documentBooks(db(), cell.path, doc.day);
      return render(composeCellReport(books, doc), request.query.format, reply, doc.day);
    },
  );

  app.get(
    "/api/evaluation-periods/:id/cells/:cellId/minutes/file",
    {
      config: file,
      schema: {
        tags,
        summary: "The minutes of the cell's review meeting",
        params: cellParams,
        querystring: formatQuery,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { period, cell } = await loadCell(actor, request.params.id, request.params.cellId);
      const doc = await reviewMinutesDoc(db(), period, cell);
      if (!doc) throw new ConflictError("no_review_meeting", "evaluations.no_review_meeting");
      const day = doc.startedAt.slice(0, 10);
      const books = await documentBooks(db(), cell.path, day);
      return render(composeReviewMinutes(books, doc), request.query.format, reply, day);
    },
  );

  // ── the đảng ủy's documents ──

  async function loadOfficePeriod(actor: Actor, id: string) {
    const period = await loadPeriod(db(), id);
    await authorize(db(), actor, "evaluation.view", period.organizationId);
    return period;
  }

  app.get(
    "/api/evaluation-periods/:id/decision/file",
    {
      config: file,
      schema: {
        tags,
        summary: "The decision recognising the results (QĐ)",
        params: idParams,
        querystring: subjectQuery,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const period = await loadOfficePeriod(actor, request.params.id);
      const { subject, format } = request.query;
      const issued = (await issuedForPeriod(db(), period))[subject];
      if (issued) return stored(issued, format, reply);
      const doc = await decisionDoc(db(), period, subject, null, new Date());
      const books = await documentBooks(db(), period.organizationPath, doc.day);
      return render(composeDecision(books, doc), format, reply, doc.day);
    },
  );

  app.get(
    "/api/evaluation-periods/:id/decision-list/file",
    {
      config: file,
      schema: { tags, summary: "The list attached to the decision", params: idParams, querystring: subjectQuery },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const period = await loadOfficePeriod(actor, request.params.id);
      const { subject, format } = request.query;
      const issued = (await issuedForPeriod(db(), period))[subject];
      const doc = await decisionDoc(db(), period, subject, issued, new Date());
      const books = await documentBooks(db(), period.organizationPath, doc.day);
      return render(composeDecisionList(books, doc), format, reply, doc.day);
    },
  );

  app.get(
    "/api/evaluation-periods/:id/notice/file",
    {
      config: file,
      schema: { tags, summary: "The notice of results (TB)", params: idParams, querystring: formatQuery },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const period = await loadOfficePeriod(actor, request.params.id);
      const { format } = request.query;
      const issued = await issuedForPeriod(db(), period);
      if (issued.notice) return stored(issued.notice, format, reply);
      const doc = await noticeDoc(db(), period, issued.members, null, new Date());
      const books = await documentBooks(db(), period.organizationPath, doc.day);
      return render(composeNotice(books, doc), format, reply, doc.day);
    },
  );

  app.get(
    "/api/evaluation-periods/:id/summary/file",
    {
      config: file,
      schema: { tags, summary: "The summary for the level above (Mẫu 04)", params: idParams, querystring: formatQuery },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const period = await loadOfficePeriod(actor, request.params.id);
      const { summary } = await summaryData(db(), period, new Date());
      const books = await documentBooks(db(), period.organizationPath, summary.day);
      return render(composeSummary(books, summary), request.query.format, reply, summary.day);
    },
  );

  app.get(
    "/api/evaluation-periods/:id/summary.xlsx",
    { config: file, schema: { tags, summary: "The XLSX summary for the level above", params: idParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const period = await loadOfficePeriod(actor, request.params.id);
      const { summary, members } = await summaryData(db(), period, new Date());
      const books = await documentBooks(db(), period.organizationPath, summary.day);
      const bytes = await renderSummaryWorkbook(books, summary, members);
      return send(reply, "xlsx", `Tổng hợp kết quả đánh giá, xếp loại năm ${period.year}.xlsx`, bytes);
    },
  );

  app.post(
    "/api/evaluation-periods/:id/issue-decision",
    {
      schema: {
        tags,
        summary: "Issue the decisions (members, cells) and the notice, numbered in the register",
        params: idParams,
        body: issueDecisionBody,
        response: { 200: z.object({ version: z.number().int(), documents: z.array(issuedSchema) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const period = await loadPeriod(db(), request.params.id);
      await authorize(db(), actor, "evaluation.decide", period.organizationId);
      const issued = await inTransaction(app.database, (tx) =>
        issueDecision(tx, actor, period, request.body, new Date()),
      );
      return {
        version: issued.period.version,
        documents: [issued.membersDecision, issued.cellsDecision, issued.notice].map((d) => ({
          documentId: d.id,
          type: d.type,
          numberText: d.numberText ?? "",
          issuedOn: d.issuedOn,
        })),
      };
    },
  );
}
