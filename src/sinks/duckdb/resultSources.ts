import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import picomatch from 'picomatch';
import { isGlob } from '../../pipeline/discovery/glob.js';
import { DatabaseUnavailableError, openDatabase, type OpenedDatabase } from './openDatabase.js';
import { ident, literal } from './exportTables.js';

/**
 * What `query` reads: one results database as it is, or several read as one — shards' databases (`--db
 * 'results/part-*.duckdb'` or `--db a --db b`), folders of Parquet files written by `export` — without a merge.
 * Several sources are attached read-only to an in-memory database whose views `scans`, `slices`, `runs` (every
 * table and view any source has) are the sources' tables one after another, columns matched by name. Shards hold
 * disjoint paths, so their parts add up to the cohort.
 */
export async function openResultSources(specs: readonly string[]): Promise<OpenedDatabase> {
  const files = specs.flatMap(expand);
  if (files.length === 1 && !isParquet(files[0])) {
    if (!existsSync(files[0])) throw new DatabaseUnavailableError(`no results database at ${files[0]} (run \`lungflow run\` first, or pass --db)`);
    return openDatabase(files[0], { readOnly: true });
  }
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    const parts = new Map<string, string[]>();
    const add = (table: string, from: string) => parts.set(table, [...(parts.get(table) ?? []), from]);
    for (const [i, file] of files.entries()) {
      if (isParquet(file)) {
        const parquets = statSync(file).isDirectory() ? readdirSync(file).filter((f) => f.endsWith('.parquet')).map((f) => path.join(file, f)) : [file];
        for (const p of parquets) add(path.basename(p, '.parquet'), `read_parquet(${literal(p)})`);
        continue;
      }
      const alias = `part${i}`;
      await connection.run(`ATTACH ${literal(file)} AS ${alias} (READ_ONLY)`).catch((error: unknown) => {
        throw new DatabaseUnavailableError(`cannot open database ${file}: ${(error as Error).message.split('\n')[0]}`);
      });
      const tables = await connection.runAndReadAll(
        `SELECT table_name FROM duckdb_tables() WHERE database_name = '${alias}'
         UNION ALL SELECT view_name FROM duckdb_views() WHERE database_name = '${alias}' AND NOT internal`,
      );
      for (const [name] of tables.getRows()) add(String(name), `${alias}.${ident(String(name))}`);
    }
    for (const [table, froms] of parts) {
      await connection.run(`CREATE VIEW ${ident(table)} AS ${froms.map((f) => `SELECT * FROM ${f}`).join(' UNION ALL BY NAME ')}`);
    }
    return { instance, connection, close };
  } catch (error) {
    close();
    throw error;
  }
}

/** A folder (of Parquet files) or a .parquet file; anything else is a DuckDB file. */
function isParquet(file: string): boolean {
  return file.endsWith('.parquet') || (existsSync(file) && statSync(file).isDirectory());
}

function expand(spec: string): string[] {
  if (!isGlob(spec)) return [path.resolve(spec)];
  // Matched as `run` matches its globs (picomatch: braces, extglobs, `**`), from the glob's fixed base.
  const absolute = path.resolve(spec);
  const base = picomatch.scan(absolute).base || path.sep;
  const isMatch = picomatch(absolute);
  const matches = existsSync(base)
    ? readdirSync(base, { recursive: true, encoding: 'utf8' }).map((rel) => path.join(base, rel)).filter((p) => isMatch(p))
    : [];
  if (matches.length === 0) throw new DatabaseUnavailableError(`no results database matches ${spec}`);
  return matches.sort().map((m) => path.resolve(m));
}
