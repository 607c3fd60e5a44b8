#!/usr/bin/env node
// Keeps pure modules pure (STYLE.md "Boundaries"): no drivers, no node:fs/net/child_process, no process.env,
// no Date.now()/new Date() without arguments, no Math.random(). Also keeps the dependency direction:
// agent/ imports none of our other folders; storage/ only agent/; analyzer/ only agent/ and storage/.
// Pure = everything under agent/shape, agent/logs (but tail.ts), agent/*/map-rows.ts, analyzer/ (but email.ts
// and files ending in -io.ts). Files that need I/O say so by name; a pure file that needs an exception is a design smell.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const ioImports = /^(node:)?(fs|fs\/promises|net|tls|http|https|child_process|dgram|dns|cluster|worker_threads|readline|zlib)$|^(pg|mysql2|mysql2\/promise|better-sqlite3|bullmq|ioredis|nodemailer|pino|cli-progress)$/;
const banned = [
  [/\bprocess\.env\b/, 'process.env (pass options in)'],
  [/\bDate\.now\(\)/, 'Date.now() (pass the time in)'],
  [/\bnew Date\(\)/, 'new Date() without an argument (pass the time in)'],
  [/\bMath\.random\(\)/, 'Math.random() (pass a seed in)'],
];

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

function isPure(rel) {
  if (rel.startsWith(`agent${sep}shape${sep}`)) return true;
  if (rel.startsWith(`agent${sep}logs${sep}`)) return !/tail(-[a-z-]+)?\.ts$|-io\.ts$|reader\.ts$/.test(rel);
  if (/^agent[\\/][^\\/]+[\\/]map-rows\.ts$/.test(rel)) return true;
  if (rel.startsWith(`analyzer${sep}`)) return !/email\.ts$|-io\.ts$|validate[^\\/]*\.ts$|explain[^\\/]*\.ts$/.test(rel);
  return false;
}

const allowedFolders = { agent: ['agent'], storage: ['agent', 'storage'], analyzer: ['agent', 'storage', 'analyzer'] };
const problems = [];
for (const top of ['agent', 'storage', 'analyzer']) {
  let files = [];
  try { files = walk(join(root, top)); } catch { continue; }
  for (const file of files) {
    const rel = relative(root, file);
    const text = readFileSync(file, 'utf8');
    const imports = [...text.matchAll(/^\s*(?:import|export)\b[^'";]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm)]
      .map((m) => m[1] ?? m[2] ?? m[3]);
    for (const spec of imports) {
      if (spec.startsWith('.')) {
        const target = relative(root, join(file, '..', spec)).split(sep)[0];
        if (['agent', 'storage', 'analyzer', 'cli'].includes(target) && !allowedFolders[top].includes(target)) {
          problems.push(`${rel}: imports ${spec} (${top}/ may import only ${allowedFolders[top].join(', ')})`);
        }
      } else if (isPure(rel) && ioImports.test(spec)) {
        problems.push(`${rel}: pure module imports ${spec}`);
      }
    }
    if (isPure(rel)) {
      const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      for (const [re, what] of banned) if (re.test(code)) problems.push(`${rel}: pure module uses ${what}`);
    }
  }
}
if (problems.length) {
  console.error(`lint-pure: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('lint-pure: pure modules import no I/O; folder dependencies point the right way');
