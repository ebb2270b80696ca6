import { register } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

let registered = false;

/**
 * Imports a module the user wrote (a TypeScript agent, a handler, a tool), wherever it lives. Before
 * the first one, a resolve hook is registered so that `import { defineTool, z } from 'nova'` in it
 * resolves to this Nova (`nova` and `nova/testing`), with no node_modules beside the user's file.
 */
export async function importUserModule(path: string): Promise<Record<string, unknown>> {
  registerNovaSpecifier();
  await registerTypeScriptLoader(path);
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}

function registerNovaSpecifier(): void {
  if (registered) return;
  registered = true;
  // The entries have the extension of this module: `.ts` when Nova runs from its sources, `.js` when built.
  const extension = extname(fileURLToPath(import.meta.url));
  const entries = {
    nova: new URL(`../index${extension}`, import.meta.url).href,
    'nova/testing': new URL(`../models/testing${extension}`, import.meta.url).href,
  };
  register(new URL('../../loader/nova-specifier.mjs', import.meta.url), { data: { entries } });
}

let typeScriptRegistered = false;

/**
 * The built package runs JavaScript; a user file written in TypeScript (`.mts`, `.ts`) needs tsx, which
 * is registered only when such a file is first loaded. From the sources, tsx is already there.
 */
async function registerTypeScriptLoader(path: string): Promise<void> {
  if (typeScriptRegistered || extname(fileURLToPath(import.meta.url)) === '.ts' || !/\.[mc]?ts$/.test(path)) return;
  typeScriptRegistered = true;
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
}
