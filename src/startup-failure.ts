// What stops the server before it serves: one line naming the setting and the fix, exit 1,
// never a stack trace. Errors not recognised here are real bugs and keep their stack.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';
import { describeDatabase } from './db/connect.js';

export class StartupError extends Error {}

interface SystemError extends Error {
  code?: string;
  syscall?: string;
  hostname?: string;
}

type Place = Pick<Config, 'port' | 'host' | 'dbPath' | 'databaseUrl'>;

export function describeStartupFailure(error: unknown, config: Place): string | null {
  if (error instanceof StartupError) return error.message;
  if (!(error instanceof Error)) return null;
  const { code, syscall } = error as SystemError;
  if (config.databaseUrl) {
    const line = describePostgresFailure(error as SystemError, config);
    if (line !== null) return line;
  }
  const db = `RATELINK_DB=${config.dbPath}`;
  switch (code) {
    case 'EADDRINUSE':
      return `PORT ${config.port} is already in use on ${config.host}; stop the other server or set PORT to a free port`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EADDRNOTAVAIL':
      return `HOST=${config.host} is not an address of this machine; set HOST to 127.0.0.1 (behind a proxy), 0.0.0.0 or a local address`;
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return `${db} is not a SQLite database; set RATELINK_DB to the ratelink database or to a new file`;
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_READONLY':
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      if (syscall === 'listen') return `PORT ${config.port} needs privileges this user lacks; use a port above 1023 behind a proxy`;
      if (isFolder(config.dbPath)) return `${db} is a folder; set RATELINK_DB to a file in it, such as ${join(config.dbPath, 'ratelink.db')}`;
      if (code !== 'EROFS' && existsSync(config.dbPath)) return `cannot write ${db} (permission denied); give this user write access to the file (a copy restored as root: chown it) and its folder, or set RATELINK_DB`;
      return `cannot write ${db} (permission denied); create its folder writable by this user (systemd: StateDirectory=ratelink) or set RATELINK_DB`;
    case 'ENOTDIR':
      return `cannot create ${db}: part of its path is a file, not a folder; set RATELINK_DB to a file in a folder`;
    default:
      return null;
  }
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
  if (syscall === 'getaddrinfo' && hostname !== config.host) return `cannot resolve the host of ${url}; fix the host name`;
  if (code === '28000' || code === '28P01') return `PostgreSQL refused the login of ${url} (${message}); fix the user or password`;
  if (code === '3F000') return `PostgreSQL has no schema for ${url}: ${message}`;
  if (code === '3D000') return `PostgreSQL has no database for ${url} (${message}); create it (createdb) or fix the name`;
  return null;
}
