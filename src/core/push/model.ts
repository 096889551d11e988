import { z } from "zod";

// Shared with the browser: zod and plain functions only.

const base64url = z
  .string()
  .min(16)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+=*$/);

/** What a browser's PushManager gives on subscribe (PushSubscription.toJSON()), as the app sends it. */
export const subscriptionBody = z.object({
  endpoint: z
    .string()
    .max(2000)
    .refine((s) => URL.canParse(s) && new URL(s).protocol === "https:", { message: "validation.push_endpoint" }),
  keys: z.object({ p256dh: base64url, auth: base64url }),
});
export type SubscriptionBody = z.infer<typeof subscriptionBody>;

export const endpointBody = subscriptionBody.pick({ endpoint: true });

/** What the service worker shows: a notice's subject and text, and the app page it opens. */
export interface PushMessage {
  title: string;
  body: string;
  link: string | null;
  tag: string;
}

/** A push message travels in about 4 KB; a notice's text is cut at a word, the rest is in the app. */
const BODY_LIMIT = 1000;

export function pushMessage(notice: { id: number; subject: string; text: string; link: string | null }): PushMessage {
  const text = notice.text.trim();
  const body = text.length <= BODY_LIMIT ? text : `${text.slice(0, text.lastIndexOf(" ", BODY_LIMIT - 1))}…`;
  return { title: notice.subject, body, link: notice.link, tag: `notice-${notice.id}` };
}

/** The push service's answer that the subscription is gone for good (RFC 8030): drop it, never retry. */
export function subscriptionGone(statusCode: number | undefined): boolean {
  return statusCode === 404 || statusCode === 410;
}
