import { type ComponentType, lazy } from "react";

/**
 * The first screen carries the styles of its own components only (src/web/main.tsx); the whole of Mantine's
 * stylesheet comes with the first page or panel loaded on demand (ADR 0164). Both are in Mantine's CSS layer, so
 * loading the whole sheet after the first screen's part changes no rule's order, and the app's own CSS wins over both.
 */
let sheet: Promise<unknown> | null = null;

export function loadAllStyles(): Promise<unknown> {
  sheet ??= import("./all-styles");
  return sheet;
}

/** `React.lazy` for a page or panel: it shows once its code and the whole stylesheet are both here. */
// biome-ignore lint/suspicious/noExplicitAny: React.lazy's own signature takes any props.
export function lazyStyled<T extends ComponentType<any>>(load: () => Promise<{ default: T }>) {
  return lazy(() => Promise.all([load(), loadAllStyles()]).then(([module]) => module));
}
