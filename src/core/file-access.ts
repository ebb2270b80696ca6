import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { NovaError } from './errors.ts';

/** What the path is for, named in a refusal: `use` when it is not known yet (a pipeline's input). */
export type FileAccessPurpose = 'read' | 'write' | 'use';

export interface FileAccessOptions {
  /** Directories agents may read and write in (the current directory, `$NOVA_HOME`, `files.roots` of the config). */
  roots: readonly string[];
  /** Files or directories the user named for this one run (`--allow-path`), allowed though outside the roots. */
  explicit?: readonly string[];
  /** Files inside the roots that are never handed to an agent (the store, the config with its secrets). */
  denied?: readonly string[];
  /** Where relative paths are resolved from; default the current directory. */
  base?: string;
  /** Where the roots are configured, named in the refusal's hint. */
  configFile?: string | null;
}

/**
 * Which files agents may touch. Every path an agent is given (by the user, by routing, by a model, by a
 * delegation, by a pipeline) is resolved after symlinks and must lie inside one of the roots, or be a
 * path the user allowed for this run on the command line. Anything else is `tool_not_allowed`, so a
 * request cannot make an agent read `/etc/shadow` into its output and the journal.
 *
 * A path that does not exist yet is judged by its nearest existing ancestor (resolved the same way),
 * so a symlinked directory cannot smuggle a new file out of the roots either.
 */
export class FileAccess {
  readonly roots: readonly string[];
  readonly explicit: readonly string[];
  readonly #denied: ReadonlySet<string>;
  readonly #options: FileAccessOptions;

  constructor(options: FileAccessOptions) {
    this.#options = options;
    const base = options.base ?? process.cwd();
    this.roots = unique(options.roots.map((root) => realPath(resolve(base, root))));
    this.explicit = unique((options.explicit ?? []).map((path) => realPath(resolve(base, path))));
    this.#denied = new Set((options.denied ?? []).map((path) => realPath(resolve(base, path))));
  }

  /** The same roots, plus paths the user allowed for one run. */
  withExplicit(paths: readonly string[]): FileAccess {
    return paths.length === 0 ? this : new FileAccess({ ...this.#options, explicit: [...(this.#options.explicit ?? []), ...paths] });
  }

  /** The roots only: what a delegate or any run not started by the user's own command line gets. */
  withoutExplicit(): FileAccess {
    return this.explicit.length === 0 ? this : new FileAccess({ ...this.#options, explicit: [] });
  }

  /**
   * The real path of `path` (relative paths from the base), when an agent may use it; else throws
   * `tool_not_allowed`. `field` names where the path came from, for the message (`file`, `outputFile`).
   */
  resolve(path: string, options: { purpose: FileAccessPurpose; field: string; agentId: string }): string {
    const absolute = resolve(this.#options.base ?? process.cwd(), path);
    const real = realPath(absolute);
    const shown = real === absolute ? absolute : `${absolute} (which resolves to ${real})`;
    if (this.#denied.has(real) && !this.explicit.includes(real)) {
      throw new NovaError({
        code: 'tool_not_allowed',
        fault: 'user',
        message: `${options.agentId} may not ${options.purpose} ${shown} (given as ${options.field}): it is one of Nova's own files (the store or the config, which holds secrets)`,
        hint: 'Give the agent a copy of what it needs instead.',
        details: { path: absolute, resolvedPath: real, field: options.field, agentId: options.agentId },
      });
    }
    if (this.allows(real)) return real;
    const configured = this.#options.configFile ?? '$NOVA_HOME/config.yaml';
    throw new NovaError({
      code: 'tool_not_allowed',
      fault: 'user',
      message: `${options.agentId} may not ${options.purpose} ${shown} (given as ${options.field}): it is outside the directories agents may use: ${this.roots.join(', ')}`,
      hint: `Move the file into one of them, add its folder to files.roots in ${configured}, or allow it for one run you start yourself: nova run (or nova pipeline run) ... --allow-path ${quoteForShell(absolute)}. A path chosen by routing, a model or a delegation must be inside the roots.`,
      details: { path: absolute, resolvedPath: real, field: options.field, agentId: options.agentId, roots: [...this.roots] },
    });
  }

  /** Whether a real path lies inside a root or an explicitly allowed path. */
  allows(realPathToCheck: string): boolean {
    return [...this.roots, ...this.explicit].some((allowed) => isInside(realPathToCheck, allowed));
  }
}

function isInside(path: string, directory: string): boolean {
  if (path === directory) return true;
  const between = relative(directory, path);
  return between !== '' && !between.startsWith(`..${sep}`) && between !== '..' && !isAbsolute(between);
}

/** The path with every symlink resolved; a missing tail is kept as written under its nearest existing ancestor. */
function realPath(absolute: string): string {
  try {
    return realpathSync.native(absolute);
  } catch {
    const parent = dirname(absolute);
    if (parent === absolute) return absolute;
    return join(realPath(parent), basename(absolute));
  }
}

function unique(paths: readonly string[]): string[] {
  return [...new Set(paths)];
}

function quoteForShell(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
