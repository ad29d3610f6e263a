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

/** Changes of what the feeds show, told to the other instances at once (PostgreSQL LISTEN/NOTIFY). */
export interface ChangeSignal {
  /** Tells every other instance on this database that the feeds changed (after the write committed). */
  announce(): Promise<void>;
  /**
   * Calls `onChange` when another instance announces a change, and after each (re)connection
   * (something may have changed while nobody listened). Resolves to the function that stops.
   */
  listen(onChange: () => void, onError?: (error: unknown) => void): Promise<() => Promise<void>>;
}

/** Elects one runner among the instances for the jobs that must run once (PostgreSQL advisory lock). */
export interface JobLeader {
  /** True while this instance holds the lead; takes it when it is free. */
  isLeader(): Promise<boolean>;
  /** Gives the lead up. */
  close(): Promise<void>;
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
  /** Several instances on one database (PostgreSQL); null on SQLite, which one process serves. */
  readonly changeSignal: ChangeSignal | null;
  /** The runner election of several instances (PostgreSQL); null on SQLite: its one process runs every job. */
  createJobLeader(): JobLeader | null;
  close(): Promise<void>;
}
