// Runs Lighthouse N times per path and prints the medians (see bench/lighthouse).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
const flags = sep >= 0 ? argv.slice(0, sep) : argv;
const paths = sep >= 0 ? argv.slice(sep + 1) : ['/'];
const opt = (name, dflt) => {
  const i = flags.indexOf(name);
  return i >= 0 ? flags[i + 1] : dflt;
};
const base = opt('--base', 'http://127.0.0.1:4174');
const runs = Number(opt('--runs', 3));
const server = opt('--server', base);
const outDir = path.resolve('bench/out');
fs.mkdirSync(outDir, { recursive: true });

const lighthouse = path.resolve('node_modules/.bin/lighthouse');
const chromeFlags = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
].join(' ');
const lhVersion = JSON.parse(fs.readFileSync('node_modules/lighthouse/package.json', 'utf8')).version;

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const slug = (p) => (p === '/' ? 'feed' : p.replace(/^\//, '').replace(/[^\w@.-]+/g, '_'));

const results = [];
for (const p of paths) {
  const url = new URL(p, base).href;
  const runsData = [];
  for (let i = 1; i <= runs; i++) {
    const out = path.join(outDir, `${slug(p)}-${i}.json`);
    process.stderr.write(`lighthouse ${url} (run ${i}/${runs}) ... `);
    const t0 = Date.now();
    const r = spawnSync(
      lighthouse,
      [
        url,
        '--output=json',
        `--output-path=${out}`,
        '--only-categories=performance,accessibility,best-practices',
        '--form-factor=mobile',
        `--chrome-flags=${chromeFlags}`,
        '--quiet',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH || '/usr/bin/chromium' } },
    );
    if (r.status !== 0 || !fs.existsSync(out)) {
      process.stderr.write(`failed (exit ${r.status})\n${r.stderr?.toString().slice(-2000) ?? ''}\n`);
      process.exitCode = 1;
      continue;
    }
    const lhr = JSON.parse(fs.readFileSync(out, 'utf8'));
    const score = (c) => (lhr.categories[c]?.score == null ? NaN : Math.round(lhr.categories[c].score * 100));
    const num = (a) => lhr.audits[a]?.numericValue ?? NaN;
    const d = {
      perf: score('performance'),
      a11y: score('accessibility'),
      bp: score('best-practices'),
      fcp: num('first-contentful-paint'),
      lcp: num('largest-contentful-paint'),
      tbt: num('total-blocking-time'),
      cls: num('cumulative-layout-shift'),
      warnings: lhr.runWarnings ?? [],
    };
    runsData.push(d);
    process.stderr.write(`perf ${d.perf} a11y ${d.a11y} bp ${d.bp} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
    for (const w of d.warnings) process.stderr.write(`  warning: ${w}\n`);
  }
  const m = (k) => median(runsData.map((d) => d[k]));
  results.push({ path: p, runs: runsData.length, perf: m('perf'), a11y: m('a11y'), bp: m('bp'), fcp: m('fcp'), lcp: m('lcp'), tbt: m('tbt'), cls: m('cls') });
}

const fmtMs = (x) => (Number.isNaN(x) ? '—' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`);
const fmtN = (x) => (Number.isNaN(x) ? '—' : String(Math.round(x)));
const w = Math.max(4, ...results.map((r) => r.path.length));
const row = (cells) => console.log(cells.map((c, i) => (i === 0 ? String(c).padEnd(w) : String(c).padStart(i <= 3 ? 5 : 9))).join('  '));
console.log();
console.log(`Lighthouse ${lhVersion}, mobile, simulated throttling (defaults); median of ${runs} run(s) per URL`);
console.log(`server: ${server}; browser: ${process.env.CHROME_PATH || '/usr/bin/chromium'}; reports: bench/out/`);
row(['url', 'perf', 'a11y', 'bp', 'FCP', 'LCP', 'TBT', 'CLS']);
for (const r of results) {
  row([r.path, fmtN(r.perf), fmtN(r.a11y), fmtN(r.bp), fmtMs(r.fcp), fmtMs(r.lcp), fmtMs(r.tbt), Number.isNaN(r.cls) ? '—' : r.cls.toFixed(3)]);
}
fs.writeFileSync(path.join(outDir, 'summary.json'), JSON.stringify({ lighthouse: lhVersion, server, runs, results }, null, 2));
