#!/usr/bin/env node
// Nova as shipped: the JavaScript that `npm run build` (run by `npm ci` through `prepare`) compiled from
// src/ to dist/, with source maps so stack traces name the TypeScript lines.
process.setSourceMapsEnabled(true);
let entry;
try {
  entry = await import('../dist/cli/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli/main.js')) throw error;
  process.stderr.write('nova: the build is missing (dist/cli/main.js). Run `npm run build` (or `npm ci`), or `npm run dev -- <args>` to run the sources.\n');
  process.exit(2);
}
process.exitCode = await entry.main(process.argv.slice(2));
