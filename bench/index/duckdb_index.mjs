// The same job as `nqpf index --weights entropy --aggregate topsis` in DuckDB
// (the @duckdb/node-api package from npm, installed by run.sh into a cache
// folder): read_csv, min-max (+0.0001), panel entropy weights, TOPSIS
// closeness, ranks per period (rank(): ties share the lowest rank, as in
// nqpf), scores written with COPY.  Usage: node duckdb_index.mjs PANEL SYSTEM OUT
import { DuckDBInstance } from '@duckdb/node-api';

const [panel, system, out] = process.argv.slice(2);
const t0 = performance.now();
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const q = async (sql) => (await con.runAndReadAll(sql)).getRows();
const sys = await q(`SELECT "column", direction FROM read_csv('${system}')`);
const cols = sys.map((r) => `"${r[0]}"`);
const dirs = sys.map((r) => (r[1] === '-' ? -1 : 1));
await con.run(`CREATE TABLE d AS SELECT * FROM read_csv('${panel}')`);
const t1 = performance.now();
const mm = (await q(`SELECT ${cols.map((c) => `min(${c}), max(${c})`).join(', ')} FROM d`))[0].map(Number);
const zexpr = cols.map((c, j) => {
  const [mn, mx] = [mm[2 * j], mm[2 * j + 1]];
  const num = dirs[j] > 0 ? `(${c} - ${mn})` : `(${mx} - ${c})`;
  return `${num} / ${mx - mn} + 1e-4 AS z${j}`;
});
await con.run(`CREATE TABLE z AS SELECT unit, year, ${zexpr.join(', ')} FROM d`);
const zs = cols.map((_, j) => `z${j}`);
const sums = (await q(`SELECT count(*), ${zs.map((z) => `sum(${z})`).join(', ')} FROM z`))[0].map(Number);
const n = sums[0];
const ent = (await q(`SELECT ${zs.map((z, j) => `-sum(${z} / ${sums[j + 1]} * ln(${z} / ${sums[j + 1]}))`).join(', ')} FROM z`))[0]
  .map((v) => Number(v) / Math.log(n));
const dsum = ent.reduce((a, e) => a + (1 - e), 0);
const w = ent.map((e) => (1 - e) / dsum);
const ext = (await q(`SELECT ${zs.map((z, j) => `max(${z} * ${w[j]}), min(${z} * ${w[j]})`).join(', ')} FROM z`))[0].map(Number);
const dp = zs.map((z, j) => `pow(${z} * ${w[j]} - ${ext[2 * j]}, 2)`).join(' + ');
const dm = zs.map((z, j) => `pow(${z} * ${w[j]} - ${ext[2 * j + 1]}, 2)`).join(' + ');
const t2 = performance.now();
await con.run(`COPY (SELECT unit, year AS period, score, rank() OVER (PARTITION BY year ORDER BY score DESC) AS rank
  FROM (SELECT unit, year, sqrt(${dm}) / (sqrt(${dp}) + sqrt(${dm})) AS score FROM z)) TO '${out}' (HEADER)`);
const t3 = performance.now();
const s = (a, b) => ((b - a) / 1000).toFixed(2);
console.log(`duckdb read_csv ${s(t0, t1)} s, compute ${s(t1, t2)} s, compute+write ${s(t2, t3)} s, total ${s(t0, t3)} s`);
