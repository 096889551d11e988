import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { authorize, decide } from "../../core/access/index.js";
import { type Executor, inTransaction } from "../../core/db/index.js";
import { contentDisposition } from "../../core/http/download.js";
import { NotFoundError, RuleError } from "../../core/http/errors.js";
import { readRoute, requireActor, writeRoute } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { uploadBodyLimit } from "../../core/uploads/index.js";
import { getOrganization } from "../organizations/store.js";
import { readDraftFile } from "./extract.js";
import {
  commentBody,
  createDraftBody,
  issueBody,
  issuePreviewQuery,
  resolveCommentBody,
  searchQuery,
  transitionBody,
  updateDraftBody,
} from "./model.js";
import * as ops from "./operations.js";
import {
  commentSchema,
  documentDetailSchema,
  documentListSchema,
  documentSchema,
  issuePreviewSchema,
} from "./present.js";
import { getDocument } from "./store.js";

const tags = ["documents"];

async function loadDocument(ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) {
  const doc = await getDocument(ex, params.id, { forUpdate: lock });
  if (!doc) throw new NotFoundError("document");
  return doc;
}

async function loadOrganization(ex: Executor, { params }: { params: { id: string } }) {
  const org = await getOrganization(ex, params.id);
  if (!org) throw new NotFoundError("organization");
  return org;
}

export async function documentRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.addContentTypeParser(
    "application/octet-stream",
    { parseAs: "buffer", bodyLimit: uploadBodyLimit() },
    (_req, body, done) => done(null, body),
  );

  readRoute(app, {
    url: "/api/organizations/:id/documents",
    tags,
    params: idParams,
    query: searchQuery,
    response: documentListSchema,
    action: "document.view",
    load: loadOrganization,
    organizationOf: (org) => org.id,
    handle: ({ ex, actor, record, query }) => ops.documentRegister(ex, actor, record, query),
  });

  writeRoute(app, {
    url: "/api/organizations/:id/documents",
    tags,
    params: idParams,
    body: createDraftBody,
    response: documentSchema,
    status: 201,
    action: "document.manage",
    load: loadOrganization,
    organizationOf: (org) => org.id,
    handle: ({ ex, actor, record, body }) => ops.createDocument(ex, actor, record, body),
  });

  // An upload is read (in a worker thread) before any transaction opens, so it cannot use writeRoute, whose
  // operation runs inside the transaction; the authorisation is made again on the organisation read inside it.
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
        response: { 201: documentSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      // Refused before the file is read: a stranger's upload costs no parsing.
      await authorize(app.database.db, actor, "document.manage", request.params.id);
      const bytes = request.body;
      if (!bytes?.length) throw new RuleError("upload_type", "file", "errors.upload_type");
      const { kind, sections } = await readDraftFile(bytes);
      const fileName = request.query.fileName.normalize("NFC");
      const input = { bytes, kind, sections, fileName, summary: request.query.summary.normalize("NFC").trim() };
      const row = await inTransaction(app.database, async (tx) => {
        const org = await loadOrganization(tx, request);
        decide(actor, "document.manage", org);
        return ops.uploadDraft(tx, actor, org, input);
      });
      return reply.status(201).send(row);
    },
  );

  readRoute(app, {
    url: "/api/documents/:id",
    tags,
    params: idParams,
    response: documentDetailSchema,
    action: "document.view",
    load: loadDocument,
    handle: ({ ex, actor, record }) => ops.documentPage(ex, actor, record),
  });

  writeRoute(app, {
    url: "/api/documents/:id",
    method: "PUT",
    tags,
    params: idParams,
    body: updateDraftBody,
    response: documentSchema,
    action: "document.manage",
    load: loadDocument,
    handle: ({ ex, actor, record, body }) => ops.updateDraft(ex, actor, record, body),
  });

  writeRoute(app, {
    url: "/api/documents/:id/status",
    tags,
    params: idParams,
    body: transitionBody,
    response: documentSchema,
    action: "document.manage",
    load: loadDocument,
    handle: ({ ex, actor, record, body }) => ops.moveDocument(ex, actor, record, body.to, body.version),
  });

  writeRoute(app, {
    url: "/api/documents/:id/issue",
    tags,
    params: idParams,
    body: issueBody,
    response: documentSchema,
    action: "document.manage",
    load: loadDocument,
    handle: ({ ex, actor, record, body }) => ops.issueDocument(ex, actor, record.id, body),
  });

  // Said before "Ban hành" is pressed: the number it will give, computed without drawing it.
  readRoute(app, {
    url: "/api/documents/:id/issue-check",
    tags,
    params: idParams,
    query: issuePreviewQuery,
    response: issuePreviewSchema,
    action: "document.manage",
    load: loadDocument,
    handle: ({ ex, record, query }) => ops.issuePreview(ex, record, query.issuedOn),
  });

  // A file, not JSON: no response schema. Read without a transaction, like every read.
  app.get(
    "/api/documents/:id/file/:format",
    {
      config: { rateLimit: "render", download: true },
      schema: {
        tags,
        params: z.object({ id: z.uuid(), format: z.enum(["docx", "pdf", "original"]) }),
        querystring: z.object({ inline: z.enum(["1"]).optional() }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const ex = app.database.db;
      const doc = await loadDocument(ex, request, { lock: false });
      await authorize(ex, actor, "document.view", doc.organizationId);
      const file = await ops.documentFile(app.database, doc, request.params.format);
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", contentDisposition(file.fileName, !!request.query.inline))
        .send(file.bytes);
    },
  );

  writeRoute(app, {
    url: "/api/documents/:id/comments",
    tags,
    params: idParams,
    body: commentBody,
    response: commentSchema,
    status: 201,
    action: "document.comment",
    load: loadDocument,
    handle: ({ ex, actor, record, body }) => ops.addComment(ex, actor, record, body),
  });

  writeRoute(app, {
    url: "/api/documents/:id/comments/:commentId/resolve",
    tags,
    params: z.object({ id: z.uuid(), commentId: z.uuid() }),
    body: resolveCommentBody,
    response: commentSchema,
    action: "document.manage",
    load: loadDocument,
    handle: ({ ex, actor, record, params, body }) => ops.resolveComment(ex, actor, record, params.commentId, body),
  });

  writeRoute(app, {
    url: "/api/documents/:id/opinion-report",
    tags,
    params: idParams,
    response: documentSchema,
    status: 201,
    action: "document.manage",
    load: loadDocument,
    handle: ({ ex, actor, record }) => ops.opinionReport(ex, actor, record),
    config: { rateLimit: "render" },
  });
}
