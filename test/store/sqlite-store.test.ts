import { join } from 'node:path';
import { openStore } from '../../src/store/store.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';
import { describeStoreBehaviour } from './store-behaviour.ts';

describeStoreBehaviour('sqlite', () => {
  const directory = temporaryDirectory();
  const path = join(directory.path, 'nested', 'nova.db');
  return {
    open: () => openStore({ dialect: 'sqlite', path }),
    openAnother: () => openStore({ dialect: 'sqlite', path }),
    cleanUp: async () => directory.remove(),
  };
});
