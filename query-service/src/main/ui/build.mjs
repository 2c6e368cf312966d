// Bundles the UI into UI_OUT_DIR (default: dist/). Maven sets UI_OUT_DIR to target/classes/static so
// the files land on the jar's classpath, where Spring Boot serves them.
// Asset names carry a content hash, which lets the server tell browsers to cache them for good.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const outDir = resolve(process.env.UI_OUT_DIR || 'dist');
const assetsDir = join(outDir, 'assets');
rmSync(assetsDir, { recursive: true, force: true });
mkdirSync(assetsDir, { recursive: true });

const result = await build({
  entryPoints: ['src/main.ts', 'src/style.css'],
  outdir: assetsDir,
  entryNames: '[name]-[hash]',
  bundle: true,
  minify: true,
  target: ['es2020'],
  format: 'esm',
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});

// Point the page at the hashed names: "/assets/main.js" -> "/assets/main-<hash>.js".
let page = readFileSync('index.html', 'utf8');
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  if (!output.entryPoint) {
    continue;
  }
  const entry = basename(output.entryPoint).replace(/\.ts$/, '.js');
  const placeholder = `/assets/${entry}`;
  if (!page.includes(placeholder)) {
    throw new Error(`index.html does not reference ${placeholder}`);
  }
  page = page.replace(placeholder, `/assets/${basename(file)}`);
}
writeFileSync(join(outDir, 'index.html'), page);
console.log(`UI built into ${outDir}`);
