// What stops the server before it serves: one line naming the setting and the fix, exit 1,
// never a stack trace. Errors not recognised here are real bugs and keep their stack.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';
import { describeDatabase } from './db/connect.js';
import { NewerSchemaError } from './db/newer-schema.js';

export class StartupError extends Error {}

/** The metrics listener could not listen: named by its own settings, not PORT and HOST. */
export class MetricsListenError extends Error {
  constructor(readonly failure: Error, readonly port: number, readonly host: string) {
    super(failure.message, { cause: failure });
  }
}

interface SystemError extends Error {
  code?: string;
  syscall?: string;
  hostname?: string;
}

type Place = Pick<Config, 'port' | 'host' | 'dbPath' | 'databaseUrl'>;

export function describeStartupFailure(error: unknown, config: Place): string | null {
  if (error instanceof StartupError) return error.message;
  if (error instanceof MetricsListenError) {
    return describeListenFailure(error.failure as SystemError, { port: error.port, host: error.host, portName: 'RATELINK_METRICS_PORT', hostName: 'RATELINK_METRICS_HOST', hostAdvice: '127.0.0.1 or a private address of this machine' });
  }
  if (error instanceof NewerSchemaError) {
    return `${config.databaseUrl ? `RATELINK_DATABASE_URL=${describeDatabase(config)}` : `RATELINK_DB=${config.dbPath}`}: ${error.message}`;
  }
  if (!(error instanceof Error)) return null;
  const { code } = error as SystemError;
  if (config.databaseUrl) {
    const line = describePostgresFailure(error as SystemError, config);
    if (line !== null) return line;
  }
  const listen = describeListenFailure(error as SystemError, { port: config.port, host: config.host, portName: 'PORT', hostName: 'HOST', hostAdvice: '127.0.0.1 (behind a proxy), 0.0.0.0 or a local address' });
  if (listen !== null) return listen;
  const db = `RATELINK_DB=${config.dbPath}`;
  switch (code) {
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return `${db} is not a SQLite database; set RATELINK_DB to the ratelink database or to a new file`;
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_READONLY':
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      if (isFolder(config.dbPath)) return `${db} is a folder; set RATELINK_DB to a file in it, such as ${join(config.dbPath, 'ratelink.db')}`;
      if (code !== 'EROFS' && existsSync(config.dbPath)) return `cannot write ${db} (permission denied); give this user write access to the file (a copy restored as root: chown it) and its folder, or set RATELINK_DB`;
      return `cannot write ${db} (permission denied); create its folder writable by this user (systemd: StateDirectory=ratelink) or set RATELINK_DB`;
    case 'ENOTDIR':
      return `cannot create ${db}: part of its path is a file, not a folder; set RATELINK_DB to a file in a folder`;
    default:
      return null;
  }
}

interface Listener {
  port: number;
  host: string;
  portName: string;
  hostName: string;
  hostAdvice: string;
}

/** A listener that cannot listen: its port taken or privileged, or its host not of this machine. */
function describeListenFailure({ code, syscall }: SystemError, l: Listener): string | null {
  if (code === 'EADDRINUSE') return `${l.portName} ${l.port} is already in use on ${l.host}; stop the other server or set ${l.portName} to a free port`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EADDRNOTAVAIL') {
    return `${l.hostName}=${l.host} is not an address of this machine; set ${l.hostName} to ${l.hostAdvice}`;
  }
  if ((code === 'EACCES' || code === 'EPERM') && syscall === 'listen') return `${l.portName} ${l.port} needs privileges this user lacks; use a port above 1023 behind a proxy`;
  return null;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The PostgreSQL of RATELINK_DATABASE_URL cannot be reached, resolved or logged in to (scaling.md). */
function describePostgresFailure({ code, syscall, hostname, message }: SystemError, config: Place): string | null {
  const url = `RATELINK_DATABASE_URL=${describeDatabase(config)}`;
  if (syscall === 'connect') return `cannot reach PostgreSQL at ${url} (${code}); start it, or fix the address in RATELINK_DATABASE_URL`;
  // pg-pool's connect timeout (open.ts): a firewall dropping packets, a frozen server.
  if (message === 'Connection terminated due to connection timeout') return `cannot reach PostgreSQL at ${url} (no answer within 5 s); start it, or fix the address in RATELINK_DATABASE_URL`;
  if (syscall === 'getaddrinfo' && hostname !== config.host) return `cannot resolve the host of ${url}; fix the host name`;
  if (code === '28000' || code === '28P01') return `PostgreSQL refused the login of ${url} (${message}); fix the user or password`;
  // node-postgres's own words when sslmode asks for SSL (scaling.md suggests ?sslmode=require).
  if (message === 'The server does not support SSL connections') return `PostgreSQL at ${url} does not accept SSL connections; enable SSL on the server or remove sslmode from RATELINK_DATABASE_URL`;
  if (code === '53300') return `PostgreSQL at ${url} has no connection left (${message}); lower RATELINK_DATABASE_POOL_SIZE or the number of instances, or raise max_connections`;
  if (code === '3F000') return `PostgreSQL has no schema for ${url}: ${message}`;
  if (code === '3D000') return `PostgreSQL has no database for ${url} (${message}); create it (createdb) or fix the name`;
  return null;
}
