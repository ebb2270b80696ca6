import type { Command } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { NovaError } from '../../core/errors.ts';
import { erpFiles } from '../../domains/erp/erp-catalogue.ts';
import { isIsoDate, localToday } from '../../domains/erp/erp-dates.ts';
import { demoExceptions, generateDemoCompany } from '../../domains/erp/erp-demo.ts';
import { importErpFiles, readErpDirectory, type ErpImportResult } from '../../domains/erp/erp-import.ts';
import type { Nova } from '../../app/nova.ts';
import { exitCodes, type CliIo } from '../cli-io.ts';
import { table } from '../render-table.ts';

/** `nova erp import --dir DIR [--replace] [--json]` */
export async function erpImportCommand(nova: Nova, options: { dir: string; replace: boolean; json: boolean }, io: CliIo): Promise<number> {
  const { files, ignored } = readErpDirectory(options.dir);
  const result = await importErpFiles(nova.store, { files, replace: options.replace });
  if (options.json) {
    io.stdout(`${JSON.stringify({ ...result, ignoredFiles: ignored })}\n`);
    return exitCodes.ok;
  }
  io.stdout(renderSummary(result));
  if (ignored.length > 0) io.stdout(`Not ERP files, left alone: ${ignored.join(', ')}\n`);
  return exitCodes.ok;
}

/** `nova erp demo [--anchor DATE] [--replace] [--json]` */
export async function erpDemoCommand(nova: Nova, options: { anchor: string | undefined; replace: boolean; json: boolean }, io: CliIo): Promise<number> {
  const anchor = options.anchor ?? localToday();
  if (!isIsoDate(anchor)) {
    throw new NovaError({ code: 'input_invalid', fault: 'user', message: `--anchor must be a date as YYYY-MM-DD, got "${anchor}"`, hint: 'For example --anchor 2026-10-31; by default the demo ends today.' });
  }
  const result = await importErpFiles(nova.store, {
    files: generateDemoCompany(anchor),
    replace: options.replace,
    ...(options.replace ? {} : { refuseOtherRows: { hint: 'The ERP tables hold data of your own. `nova erp demo --replace` replaces it with the demo company (deleting it); or use another NOVA_HOME for the demo.' } }),
  });
  if (options.json) {
    io.stdout(`${JSON.stringify({ anchor, ...result, exceptions: demoExceptions })}\n`);
    return exitCodes.ok;
  }
  io.stdout(renderSummary(result));
  io.stdout(
    [
      '',
      `The demo company's history ends on ${anchor}. Planted for you to find:`,
      `  invoice-matcher    ${demoExceptions.priceVariance.invoice} (price variance), ${demoExceptions.overBilledQuantity.invoice} (billed more than received), ${demoExceptions.invoiceWithoutPo} (no PO)`,
      `  ar-aging           ${demoExceptions.dunningCustomers.join(', ')} more than 30 days past due`,
      `  inventory-reorder  ${demoExceptions.reorderItems.join(', ')} at or below their reorder point`,
      `  gl-reconciler      bank lines ${demoExceptions.unmatchedBank.join(', ')} and ledger entries ${demoExceptions.unmatchedLedgerEntries.join(', ')} unmatched`,
      `  po-status          purchase orders at every stage, e.g. nova run po-status --input '{"po":"PO-3026"}'`,
      `  client-reply       ${demoExceptions.lateSalesOrder}, Contoso's order, is past its promised date`,
      '',
    ].join('\n'),
  );
  return exitCodes.ok;
}

function renderSummary(result: ErpImportResult): string {
  const rows = result.tables.map((entry) => [entry.file, entry.table, String(entry.rows), String(entry.inserted), String(entry.updated), String(entry.deleted), String(entry.unchanged)]);
  const changed = result.tables.some((entry) => entry.inserted + entry.updated + entry.deleted > 0);
  const heading = changed ? `Imported (${result.replace ? 'replacing the tables of these files' : 'merged by key'}):\n` : 'Nothing changed: the store already holds exactly these rows.\n';
  return heading + table(['FILE', 'TABLE', 'ROWS', 'INSERTED', 'UPDATED', 'DELETED', 'UNCHANGED'], rows);
}

/** Registers `nova erp import` and `nova erp demo`. */
export function registerErpCommands(program: Command, context: CommandContext): void {
  const erp = program.command('erp').description('the ERP store: import CSV exports, load the demo company');
  erp
    .command('import')
    .description(`import ERP CSV exports (any of ${erpFiles.map((spec) => spec.file).join(', ')}) in one transaction`)
    .requiredOption('--dir <dir>', 'the folder with the CSV files')
    .option('--replace', 'replace the whole contents of the tables whose files are present (default: merge by key)')
    .option('--json', 'print {replace, tables: [{file, table, rows, inserted, updated, deleted, unchanged}], ignoredFiles}')
    .action((options: { dir: string; replace?: boolean; json?: boolean }) =>
      context.withNova((nova) => erpImportCommand(nova, { dir: options.dir, replace: options.replace === true, json: options.json === true }, context.io))(),
    );
  erp
    .command('demo')
    .description('load a generated demo company with planted exceptions, to try every ERP agent')
    .option('--anchor <date>', 'the last day of the demo history, YYYY-MM-DD (default today)')
    .option('--replace', 'replace ERP data of your own with the demo company')
    .option('--json', 'print {anchor, replace, tables, exceptions}')
    .action((options: { anchor?: string; replace?: boolean; json?: boolean }) =>
      context.withNova((nova) => erpDemoCommand(nova, { anchor: options.anchor, replace: options.replace === true, json: options.json === true }, context.io))(),
    );
}
