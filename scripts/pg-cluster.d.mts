// Types of scripts/pg-cluster.mjs for the TypeScript that imports it (the replica test, the bench).
export function pgBin(): string;
export function freePort(): Promise<number>;
export function startStandby(primaryUrl: string, dir: string, bin?: string): Promise<{ url: string; stop(): void }>;
export function startCluster(dir: string, bin?: string): Promise<{ primary: string; replica: string; stop(): void }>;
