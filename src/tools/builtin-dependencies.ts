import type { Environment } from '../config/nova-home.ts';
import type { Store } from '../store/store.ts';

/** What built-in tools (and handlers) may use besides their input: the store (domain tables), Nova's folder, the environment. */
export interface BuiltinDependencies {
  store: Store;
  home: string;
  env: Environment;
}
