import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { authorize, can, type Actor } from "../../core/access/index.js";
import { NotFoundError, RuleError } from "../../core/http/errors.js";
import { requireActor } from "../../core/http/route.js";
import { inTransaction, type Executor } from "../../core/db/index.js";
import { idParams } from "../../core/http/schemas.js";
import { rulebookInForce } from "../../core/rulebooks/index.js";
import { todayIso } from "../../core/time.js";
import { contentDisposition } from "../../core/http/download.js";
import { getOrganization, organizationNames, visibleSubtreeIds, type OrganizationRow } from "../organizations/store.js";
import * as ops from "./operations.js";
import {
  commentBody,
  createDraftBody,
  downloadName,
  issueBody,
  resolveCommentBody,
  searchQuery,
  transitionBody,
  updateDraftBody,
  type LayoutRules,
  type TemplateRules,
} from "./model.js";
import { documentSubject, renderCached } from "./render-file.js";
import { getDocument, getDocumentFile, listComments, listDocuments, type DocumentSummary } from "./store.js";
import { readDraftFile } from "./extract.js";
import { uploadBodyLimit } from "../../core/uploads/index.js";

const tags = ["documents"];
const MIME = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
} as const;

function permissions(actor: Actor, org: { id: string; path: string }) {
  return {
    view: can(actor, "document.view", org),
    comment: can(actor, "document.comment", org),
    manage: can(actor, "document.manage", org),
  };
}

/** A document and its organisation, after the explicit access check on that organisation. */
async function loadDocument(
  ex: Executor,
  actor: Actor,
  id: string,
  action: "document.view" | "document.comment" | "document.manage",
) {
  const doc = await getDocument(ex, id);
  if (!doc) throw new NotFoundError("document");
  const ref = await authorize(ex, actor, action, doc.organizationId);
  const org = (await getOrganization(ex, doc.organizationId))!;
  return { doc, org, ref };
}

const present = (doc: DocumentSummary) => {
  const { minutes, ...rest } = doc;
  return { ...rest, hasMinutes: !!minutes };
};

export async function documentRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = () => app.database.db;

  app.addContentTypeParser(
    "application/octet-stream",
    { parseAs: "buffer", bodyLimit: uploadBodyLimit() },
    (_req, body, done) => done(null, body),
  );

  app.get(
    "/api/organizations/:id/documents",
    { schema: { tags, params: idParams, querystring: searchQuery } },
    async (request) => {
      const actor = requireActor(request);
      const ref = await authorize(db(), actor, "document.view", request.params.id);
      const { subtree, organizationId, ...filters } = request.query;
      // The whole register of a đảng bộ lists only the organisations the reader may open (ADR 0003).
      const visible = await visibleSubtreeIds(db(), actor, "document.view", ref);
      const scope = subtree ? visible : [ref.id];
      const ids = organizationId ? scope.filter((id) => id === organizationId) : scope;
      const [rows, organizations] = await Promise.all([
        listDocuments(db(), ids, filters),
        subtree ? organizationNames(db(), visible) : [],
      ]);
      const names = new Map(organizations.map((o) => [o.id, o.name]));
      const items = rows.map((d) => ({
        ...d,
        ...(subtree ? { organizationName: names.get(d.organizationId) ?? null } : {}),
      }));
      const org = (await getOrganization(db(), ref.id))!;
      const today = todayIso();
      const [layout, templates] = await Promise.all([
        rulebookInForce<LayoutRules>(db(), "document-layout", org.path, today),
        rulebookInForce<TemplateRules>(db(), "document-template", org.path, today),
      ]);
      return {
        // Rows without a body (store.ts): no sections, minutes or files, however long the documents are.
        items,
        subtreeAvailable: visible.length > 1,
        ...(subtree ? { organizations } : {}),
        types: (layout.data.issuable.byKind[org.kind] ?? []).map((t) => ({
          type: t,
          name: layout.data.typeNames[t] ?? t,
          template: t in templates.data.templates,
        })),
        layout: { key: layout.key, title: layout.title, unconfirmed: layout.data.unconfirmed },
        permissions: permissions(actor, ref),
      };
    },
  );

  app.post(
    "/api/organizations/:id/documents",
    { schema: { tags, params: idParams, body: createDraftBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      await authorize(db(), actor, "document.manage", request.params.id);
      const row = await inTransaction(app.database, async (tx) =>
        ops.createDocument(tx, actor, (await getOrganization(tx, request.params.id))!, request.body),
      );
      return reply.status(201).send(present(row));
    },
  );

  app.post(
    "/api/organizations/:id/documents/upload",
    {
      config: { rateLimit: "upload" },
      schema: {
        tags,
        params: idParams,
        querystring: z.object({ fileName: z.string().min(1).max(255), summary: z.string().min(1).max(400) }),
        consumes: ["application/octet-stream"],
        body: z.instanceof(Buffer).optional(),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await authorize(db(), actor, "document.manage", request.params.id);
      const bytes = request.body;
      if (!bytes?.length) throw new RuleError("upload_type", "file", "errors.upload_type");
      // Read first, in a worker thread and outside any transaction; then write what was read.
      const { kind, sections } = await readDraftFile(bytes);
      const fileName = request.query.fileName.normalize("NFC");
      const input = { bytes, kind, sections, fileName, summary: request.query.summary.normalize("NFC").trim() };
      const row = await inTransaction(app.database, async (tx) =>
        ops.uploadDraft(tx, actor, (await getOrganization(tx, request.params.id))!, input),
      );
      return reply.status(201).send(present(row));
    },
  );

  app.get("/api/documents/:id", { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const { doc, org, ref } = await loadDocument(db(), actor, request.params.id, "document.view");
    const [comments, { model, layoutKey, layoutSource }] = await Promise.all([
      listComments(db(), doc.id),
      ops.documentModel(db(), org, doc),
    ]);
    return {
      ...present(doc),
      organizationName: org.name,
      comments,
      model: { ...model, layout: undefined },
      layout: { key: layoutKey, source: layoutSource },
      permissions: permissions(actor, ref),
    };
  });

  app.put("/api/documents/:id", { schema: { tags, params: idParams, body: updateDraftBody } }, async (request) => {
    const actor = requireActor(request);
    const { doc } = await loadDocument(db(), actor, request.params.id, "document.manage");
    return present(await inTransaction(app.database, (tx) => ops.updateDraft(tx, actor, doc, request.body)));
  });

  app.post(
    "/api/documents/:id/status",
    { schema: { tags, params: idParams, body: transitionBody } },
    async (request) => {
      const actor = requireActor(request);
      const { doc } = await loadDocument(db(), actor, request.params.id, "document.manage");
      return present(
        await inTransaction(app.database, (tx) =>
          ops.moveDocument(tx, actor, doc, request.body.to, request.body.version),
        ),
      );
    },
  );

  app.post("/api/documents/:id/issue", { schema: { tags, params: idParams, body: issueBody } }, async (request) => {
    const actor = requireActor(request);
    const { doc } = await loadDocument(db(), actor, request.params.id, "document.manage");
    return present(await inTransaction(app.database, (tx) => ops.issueDocument(tx, actor, doc.id, request.body)));
  });

  app.get(
    "/api/documents/:id/file/:format",
    {
      config: { rateLimit: "render" },
      schema: {
        tags,
        params: z.object({ id: z.uuid(), format: z.enum(["docx", "pdf", "original"]) }),
        querystring: z.object({ inline: z.enum(["1"]).optional() }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { doc, org } = await loadDocument(db(), actor, request.params.id, "document.view");
      const { format } = request.params;
      if (format === "original") {
        if (!doc.uploadKind) throw new NotFoundError("document");
        const bytes = (await getDocumentFile(db(), doc.id, "upload"))!;
        const name =
          doc.uploadName ?? downloadName({ numberText: null, type: doc.type, summary: doc.summary }, doc.uploadKind);
        return reply
          .header("content-type", MIME[doc.uploadKind as "docx" | "pdf"])
          .header("content-disposition", contentDisposition(name, !!request.query.inline))
          .send(bytes);
      }
      if (doc.origin === "upload") throw new NotFoundError("document");
      // Issued: the stored, hashed file. A draft: marked "DỰ THẢO", without a number, rendered once per version.
      let bytes =
        doc.status === "issued" || doc.status === "superseded" ? await getDocumentFile(db(), doc.id, format) : null;
      if (!bytes) {
        const { input } = await ops.documentInput(db(), org, doc);
        bytes = await renderCached(db(), documentSubject(doc.id), format, input);
      }
      const name = downloadName({ numberText: doc.numberText, type: doc.type, summary: doc.summary }, format);
      return reply
        .header("content-type", MIME[format])
        .header("content-disposition", contentDisposition(name, !!request.query.inline))
        .send(bytes);
    },
  );

  app.post(
    "/api/documents/:id/comments",
    { schema: { tags, params: idParams, body: commentBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { doc } = await loadDocument(db(), actor, request.params.id, "document.comment");
      const row = await inTransaction(app.database, (tx) => ops.addComment(tx, actor, doc, request.body));
      return reply.status(201).send(row);
    },
  );

  app.post(
    "/api/documents/:id/comments/:commentId/resolve",
    { schema: { tags, params: z.object({ id: z.uuid(), commentId: z.uuid() }), body: resolveCommentBody } },
    async (request) => {
      const actor = requireActor(request);
      const { doc } = await loadDocument(db(), actor, request.params.id, "document.manage");
      return inTransaction(app.database, (tx) =>
        ops.resolveComment(tx, actor, doc, request.params.commentId, request.body),
      );
    },
  );

  app.post(
    "/api/documents/:id/opinion-report",
    { config: { rateLimit: "render" }, schema: { tags, params: idParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { doc, org } = await loadDocument(db(), actor, request.params.id, "document.manage");
      const row = await inTransaction(app.database, (tx) => ops.opinionReport(tx, actor, org as OrganizationRow, doc));
      return reply.status(201).send(present(row));
    },
  );
}
