// What the app holds of its database, whatever the engine: the repositories and the few
// operations that are about the database itself. src/db/sqlite/ implements it today.
import type { NewClick, RecordedClick, Repos } from './repos.js';

/** Where the /ref group commit hands its batches of clicks. */
export interface ClickWriter {
  write(batch: NewClick[]): Promise<RecordedClick[]>;
  close(): Promise<void>;
}

export interface ClickWriterOptions {
  /** The click dedupe window the database applies to each batch. */
  windowSeconds: number;
  /** The writer fell back to writing in the main thread; clicks keep being recorded. */
  onThreadError?: (error: unknown) => void;
}

export interface Database {
  readonly repos: Repos;
  /** Resolves when the database answers a trivial query (health checks). */
  ping(): Promise<void>;
  /** Writes a consistent copy of the whole database to a new file, while it keeps serving. */
  backup(path: string): Promise<{ pages: number }>;
  createClickWriter(options: ClickWriterOptions): ClickWriter;
  /** Connections of the pool (metrics); absent for an engine without one. */
  poolStats?(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}
