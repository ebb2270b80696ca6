import { join } from 'node:path';
import { openStore } from '../../src/store/store.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';
import { describeMemoryRepository } from './memory-repository-behaviour.ts';

describeMemoryRepository('sqlite', () => {
  const directory = temporaryDirectory();
  return {
    open: () => openStore({ dialect: 'sqlite', path: join(directory.path, 'nova.db') }),
    cleanUp: async () => directory.remove(),
  };
});
