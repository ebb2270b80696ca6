import { join } from 'node:path';
import { openStore } from '../../src/store/store.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';
import { describeSessionRepository } from './session-repository-behaviour.ts';

describeSessionRepository('sqlite', () => {
  const directory = temporaryDirectory();
  return {
    open: () => openStore({ dialect: 'sqlite', path: join(directory.path, 'nova.db') }),
    cleanUp: async () => directory.remove(),
  };
});
