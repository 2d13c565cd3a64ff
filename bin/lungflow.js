#!/usr/bin/env node
// Runs the compiled CLI (npm run build). Falls back to the TypeScript sources through tsx in a checkout without a
// build, with a build older than the sources (a `git pull` since the last build), or when LUNGFLOW_FROM_SOURCE=1
// (the tests set it, so a stale dist/ is never what they exercise).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const sources = [fileURLToPath(new URL('../src', import.meta.url)), fileURLToPath(new URL('../pipeline.config.ts', import.meta.url))];

function newestMtimeMs(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(`${path}/${entry}`));
  return newest;
}

const useBuild =
  process.env.LUNGFLOW_FROM_SOURCE !== '1' &&
  existsSync(compiled) &&
  Math.max(...sources.map(newestMtimeMs)) <= statSync(compiled).mtimeMs;

if (useBuild) {
  const { main } = await import(new URL('../dist/src/cli/main.js', import.meta.url).href);
  await main(process.argv);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import(new URL('../src/cli/main.ts', import.meta.url).href);
  await main(process.argv);
}
