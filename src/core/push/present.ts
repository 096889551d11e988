import { z } from "zod";
import type { Wire } from "../http/present.js";

// What the push routes answer.

/** The installation's public VAPID key: the browser needs it to subscribe. */
export const pushKeySchema = z.object({ publicKey: z.string() });
export const subscribedSchema = z.object({ subscribed: z.boolean() });

export type PushKey = Wire<typeof pushKeySchema>;
