// The same job as `nqpf index --weights entropy --aggregate topsis` in Polars
// (the nodejs-polars package from npm, installed by run.sh into a cache
// folder): readCSV, min-max (+0.0001), panel entropy weights, TOPSIS
// closeness, ranks per period (method "min", as nqpf), writeCSV of the
// scores.  Usage: node polars_index.mjs PANEL SYSTEM OUT
import pl from 'nodejs-polars';

const [panel, system, out] = process.argv.slice(2);
const t0 = performance.now();
const sys = pl.readCSV(system);
const df = pl.readCSV(panel);
const t1 = performance.now();
const cols = sys.getColumn('column').toArray();
const dirs = sys.getColumn('direction').toArray().map((d) => (d === '-' ? -1 : 1));
const z = df.select(
  pl.col('unit'),
  pl.col('year'),
  ...cols.map((c, j) => {
    const x = pl.col(c).cast(pl.Float64);
    const range = x.max().minus(x.min());
    return (dirs[j] > 0 ? x.minus(x.min()) : x.max().minus(x)).div(range).plus(1e-4).alias(c);
  }),
);
const n = z.height;
const e = z.select(
  ...cols.map((c) => {
    const p = pl.col(c).div(pl.col(c).sum());
    return p.mul(p.log()).sum().mul(-1 / Math.log(n)).alias(c);
  }),
).row(0);
const dsum = e.reduce((a, v) => a + (1 - v), 0);
const w = e.map((v) => (1 - v) / dsum);
const v = z.select(pl.col('unit'), pl.col('year'), ...cols.map((c, j) => pl.col(c).mul(w[j]).alias(c)));
const sq = (f) => cols.map((c) => pl.col(c).minus(f(pl.col(c))).pow(2)).reduce((a, b) => a.plus(b));
const res = v
  .select(
    pl.col('unit'),
    pl.col('year').alias('period'),
    sq((x) => x.min()).pow(0.5).alias('dm'),
    sq((x) => x.max()).pow(0.5).alias('dp'),
  )
  .select(pl.col('unit'), pl.col('period'), pl.col('dm').div(pl.col('dm').plus(pl.col('dp'))).alias('score'))
  .withColumns(pl.col('score').rank('min', true).over('period').alias('rank'));
const t2 = performance.now();
res.writeCSV(out);
const t3 = performance.now();
const s = (a, b) => ((b - a) / 1000).toFixed(2);
console.log(`polars readCSV ${s(t0, t1)} s, compute ${s(t1, t2)} s, write ${s(t2, t3)} s, total ${s(t0, t3)} s`);
