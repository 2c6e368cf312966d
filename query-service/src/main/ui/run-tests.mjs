// Runs the UI's unit tests (src/**/*.test.ts) with Node's own test runner, after esbuild strips the types.
// UI_TEST_DIR (Maven: target/ui-tests) receives the compiled tests.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const outDir = resolve(process.env.UI_TEST_DIR || 'dist-tests');
rmSync(outDir, { recursive: true, force: true });
const tests = readdirSync('src').filter((f) => f.endsWith('.test.ts'));
await build({
  entryPoints: tests.map((f) => join('src', f)),
  outdir: outDir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: ['node18'],
  logLevel: 'warning',
});
const files = tests.map((f) => join(outDir, f.replace(/\.ts$/, '.mjs')));
const run = spawnSync(process.execPath, ['--test', '--test-reporter=dot', ...files], { stdio: 'inherit' });
process.exit(run.status ?? 1);
