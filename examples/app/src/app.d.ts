import type { Server } from 'node:http';

export declare const MODES: readonly ['healthy', 'slow', 'failing'];
export type Mode = (typeof MODES)[number];

export interface AppState {
  mode: Mode;
  version: string;
  items: Map<number, { id: number; name: string; price: number }>;
  nextId: number;
}

export declare function createApp(options?: { version?: string; mode?: Mode; slowMs?: number }): { server: Server; state: AppState };
