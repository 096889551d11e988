import { z } from "zod";
import type { Wire } from "../http/present.js";

// What the notice routes answer. A field not named here never leaves the server.

export const noticeSchema = z.object({
  id: z.number(),
  subject: z.string(),
  text: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

/** The signed-in user's newest notices, and how many of all of them are unread. */
export const noticeListSchema = z.object({ items: z.array(noticeSchema), unread: z.number() });

export const markedSchema = z.object({ marked: z.number() });

export type NoticeList = Wire<typeof noticeListSchema>;
export type Notice = NoticeList["items"][number];
