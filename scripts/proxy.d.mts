// Types of scripts/proxy.mjs for the TypeScript that imports it (the scale-out test).
export function startProxy(port: number, backends: string[]): Promise<{ port: number; close(): Promise<void> }>;
