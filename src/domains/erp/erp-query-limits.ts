/** The limits of one ERP query (erp_sql, erp-query): rows by default and at most, and its time limit. */
export const erpQueryLimits = { defaultMaxRows: 200, maxRowsLimit: 1000, timeLimitMs: 5_000 } as const;
