#!/usr/bin/env node
// `npm run dev -- <args>`: Nova from its TypeScript sources through tsx, no build needed (the tests use it too).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
