#!/usr/bin/env node
// Runs the compiled CLI (npm run build). Falls back to the TypeScript sources through tsx in a checkout without a
// build, or when LUNGFLOW_FROM_SOURCE=1 (the tests set it, so a stale dist/ is never what they exercise).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
if (process.env.LUNGFLOW_FROM_SOURCE !== '1' && existsSync(fileURLToPath(compiled))) {
  const { main } = await import(compiled.href);
  await main(process.argv);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import(new URL('../src/cli/main.ts', import.meta.url).href);
  await main(process.argv);
}
