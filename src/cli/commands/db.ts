// db migrate (and its alias migrate), db copy: the database itself, on either engine.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { connectDatabase, describeDatabase } from '../../db/connect.js';
import { copySqliteToPg, type CopyReport } from '../../db/pg/copy-from-sqlite.js';
import { requireFlag, UsageError } from '../args.js';
import type { CliCommand } from '../command.js';
import { formatUnits } from '../../money/decimal.js';

const dbMigrate: CliCommand = {
  name: 'db migrate',
  usage: 'db migrate',
  description: 'Apply the committed migrations to the configured database (also done at every start)',
  async run(ctx) {
    const database = await connectDatabase(ctx.config);
    await database.close();
    return { database: describeDatabase(ctx.config), migrated: true };
  },
  format: (r: { database: string }) => `Database ${r.database} is up to date.\n`,
};

const dbCopy: CliCommand = {
  name: 'db copy',
  usage: 'db copy --from sqlite:FILE --to postgres://…',
  description: 'Copy a SQLite ledger into an empty PostgreSQL database, ids and balances intact, and check it',
  async run(_ctx, args) {
    const from = requireFlag(args, 'from');
    const to = requireFlag(args, 'to');
    if (!/^sqlite:/.test(from)) throw new UsageError('--from must be sqlite:FILE');
    if (!/^postgres(ql)?:\/\//.test(to)) throw new UsageError('--to must be a postgres:// URL');
    const file = resolve(from.slice('sqlite:'.length));
    if (!existsSync(file)) throw new UsageError(`${file} does not exist`);
    return copySqliteToPg(file, to);
  },
  format: (r: CopyReport) => `${Object.entries(r.tables).map(([table, n]) => `${table}: ${n}`).join('\n')}\n`
    // The report keeps integer units (--json, exact); people read amounts.
    + `Copied and checked: row counts equal, balances ${formatUnits(BigInt(r.balances))} = entries ${formatUnits(BigInt(r.entries))} on both sides.\n`,
};

/** The older name of `db migrate`, kept so that existing scripts go on working. */
const migrateAlias: CliCommand = { ...dbMigrate, name: 'migrate', usage: 'migrate', description: 'Alias of db migrate' };

export const dbCommands: CliCommand[] = [dbMigrate, migrateAlias, dbCopy];
