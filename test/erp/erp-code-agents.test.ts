import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAgentRegistry, type AgentRegistry } from '../../src/agents/agent-registry.ts';
import { importErpFiles } from '../../src/domains/erp/erp-import.ts';
import { asksForOpenOnly, idReferencesInText, partiesInText, periodInText } from '../../src/domains/erp/request-text.ts';
import { createBuiltinHandlers } from '../../src/handlers/index.ts';
import { runAgent } from '../../src/runtime/run-agent.ts';
import { shippedRosterDirectory } from '../../src/app/nova.ts';
import type { Store } from '../../src/store/store.ts';
import { createBuiltinTools } from '../../src/tools/index.ts';
import { temporaryStore, noPipelineRuntime } from '../support/agents.ts';
import { fixtureAsOf, fixtureImportFiles } from './erp-fixture.ts';

describe('what the ERP code agents read from a request in words', () => {
  it('periods relative to the as-of date', () => {
    expect(periodInText('reconcile the bank statement for October', '2026-11-01')).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(periodInText('reconcile December', '2026-11-01')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(periodInText('reconcile feb 2024', '2026-11-01')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodInText("this week's invoices", '2026-11-05')).toEqual({ from: '2026-11-02', to: '2026-11-05' });
    expect(periodInText('last week', '2026-11-05')).toEqual({ from: '2026-10-26', to: '2026-11-01' });
    expect(periodInText('last month', '2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(periodInText('for 2026-09', '2026-11-01')).toEqual({ from: '2026-09-01', to: '2026-09-30' });
    expect(periodInText('which invoices may be wrong', '2026-11-01')).toBeNull();
    expect(periodInText('match INV-889', '2026-11-01')).toBeNull();
  });

  it('ids by id or number, words that name nothing, parties by name, "open"', () => {
    expect(idReferencesInText('has purchase order 2231 been received', ['PO-2231', 'PO-2232'])).toEqual({ found: ['PO-2231'], unknown: [] });
    expect(idReferencesInText('status of PO-9999 since 2026-10-01', ['PO-2231'])).toEqual({ found: [], unknown: ['PO-9999'] });
    expect(idReferencesInText('3-way match on SI-0003, 30-day terms', ['SI-0003'])).toEqual({ found: ['SI-0003'], unknown: [] });
    expect(partiesInText('which POs from Acme are still open', [{ id: 'S1', name: 'Acme Parts' }, { id: 'S2', name: 'Bolt Supply' }]).map((party) => party.id)).toEqual(['S1']);
    expect(asksForOpenOnly('which POs from Acme are still open')).toBe(true);
    expect(asksForOpenOnly('status of PO-1042')).toBe(false);
  });
});

describe('the ERP code agents, run as agents', () => {
  let store: Store;
  let close: () => Promise<void>;
  let registry: AgentRegistry;

  beforeAll(async () => {
    ({ store, close } = await temporaryStore());
    await importErpFiles(store, { files: fixtureImportFiles() });
    const dependencies = { store, home: '/nonexistent', env: {} };
    const tools = createBuiltinTools(dependencies);
    registry = await loadAgentRegistry({ directories: [{ path: shippedRosterDirectory, origin: 'shipped' }], builtinHandlers: createBuiltinHandlers({ ...dependencies, pipelineRuntime: noPipelineRuntime }), toolNames: new Set(tools.keys()) });
  });
  afterAll(async () => close());

  const run = async (id: string, input: Record<string, unknown>) => runAgent({ agent: registry.get(id), input, store });
  const output = async (id: string, input: Record<string, unknown>) => {
    const result = await run(id, input);
    expect(result.error).toBeNull();
    return result.output as Record<string, unknown>;
  };

  it('po-status from words: a PO by number, a supplier and "open", and no such PO', async () => {
    expect(((await output('po-status', { text: 'has purchase order 5 been received', asOf: fixtureAsOf }))['orders'] as Array<{ po: string }>).map((order) => order.po)).toEqual(['P5']);
    expect(((await output('po-status', { text: 'which POs from Acme are still open', asOf: fixtureAsOf }))['orders'] as Array<{ po: string }>).map((order) => order.po)).toEqual(['P2', 'P5']);
    expect((await run('po-status', { text: 'status of PO-9999' })).error).toMatchObject({ code: 'input_invalid', message: 'No purchase order "PO-9999" in the ERP store' });
  });

  it('invoice-matcher from words: an invoice by the supplier number, a period', async () => {
    expect(((await output('invoice-matcher', { text: 'match invoice AC-101 against its PO', asOf: fixtureAsOf }))['results'] as Array<{ invoice: string }>).map((result) => result.invoice)).toEqual(['I2']);
    expect(((await output('invoice-matcher', { text: 'three-way match on September invoices', asOf: fixtureAsOf }))['results'] as Array<{ invoice: string }>).map((result) => result.invoice)).toEqual(['I1']);
  });

  it('gl-reconciler from words: a month and an account', async () => {
    const result = await output('gl-reconciler', { text: 'reconcile account 1010 for September', asOf: fixtureAsOf });
    expect(result).toMatchObject({ from: '2026-09-01', to: '2026-09-30', accounts: ['1010'], matched: [], unmatchedBank: [] });
    expect(await output('gl-reconciler', { month: '2026-10', asOf: fixtureAsOf })).toMatchObject({ from: '2026-10-01', to: '2026-10-31' });
  });

  it('ar-aging for a customer named in words; inventory-reorder for one item', async () => {
    expect(((await output('ar-aging', { text: 'aging for Beta LLC', asOf: fixtureAsOf }))['customers'] as Array<{ customer: string }>).map((customer) => customer.customer)).toEqual(['C2']);
    expect(((await output('inventory-reorder', { sku: 'b', asOf: fixtureAsOf }))['suggestions'] as Array<{ sku: string }>).map((suggestion) => suggestion.sku)).toEqual(['B']);
  });

  it('refuses a date that does not exist, before it reads anything', async () => {
    expect((await run('ar-aging', { asOf: '2026-02-30' })).error).toMatchObject({ code: 'input_invalid', message: 'asOf must be a date as YYYY-MM-DD, got "2026-02-30"' });
    await expect(run('ar-aging', { asOf: '1 Nov' })).rejects.toMatchObject({ code: 'input_invalid' });
  });
});
