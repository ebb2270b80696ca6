import type { ToolDefinition } from '../core/tool-spec.ts';
import type { BuiltinDependencies } from './builtin-dependencies.ts';
import { erpDatabase } from '../domains/erp/erp-database.ts';
import { createErpArAgingTool, createErpCustomerAccountTool, createErpInvoiceMatchTool, createErpPoStatusTool } from './erp-fact-tools.ts';
import { createErpSqlTool } from './erp-sql.ts';

/** The ERP tools, by name: read-only SQL for erp-query, and the facts of the ERP code agents for client-reply. */
export function createErpTools(dependencies: BuiltinDependencies): Array<[string, ToolDefinition]> {
  const db = erpDatabase(dependencies.store);
  const tools: ToolDefinition[] = [
    createErpSqlTool(dependencies.store) as ToolDefinition,
    createErpCustomerAccountTool(db) as ToolDefinition,
    createErpPoStatusTool(db) as ToolDefinition,
    createErpArAgingTool(db) as ToolDefinition,
    createErpInvoiceMatchTool(db) as ToolDefinition,
  ];
  return tools.map((tool) => [tool.name, tool]);
}
