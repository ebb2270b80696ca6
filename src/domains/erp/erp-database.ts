import type { Store } from '../../store/store.ts';
import type { ErpDatabase, ErpTables } from './erp-tables.ts';

/** The store's handle with the ERP tables known to its types. */
export function erpDatabase(store: Store): ErpDatabase {
  // A handle on more tables than the ERP ones, seen through the ERP ones only: always safe.
  return store.db.withTables<ErpTables>() as unknown as ErpDatabase;
}
