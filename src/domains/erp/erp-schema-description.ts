import { erpFiles, type ValueKind } from './erp-catalogue.ts';

/**
 * The ERP tables described for a model that writes SQL over them: each table with its key, and each
 * column with its type and meaning, plus the conventions (cents, ISO dates) and the dialect's date
 * functions.
 */
export function describeErpSchema(dialect: 'sqlite' | 'postgres'): string {
  const lines = [
    `Database: ${dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}. Only these tables exist for you; nothing else may be read.`,
    'Conventions: money columns end in _cents and hold integer cents (divide by 100 for amounts); dates are text YYYY-MM-DD (they compare and sort as text); ids are text.',
    dialect === 'sqlite'
      ? "Date functions: date('now'), date(d, '-30 days'), strftime('%Y-%m', d), julianday(a) - julianday(b) for days between."
      : "Date functions: current_date, d::date, to_char(d::date, 'YYYY-MM'), d::date - other::date for days between.",
    '',
  ];
  for (const spec of erpFiles) {
    const key = spec.key.join(', ');
    lines.push(`${spec.table}: ${spec.description} Primary key (${key}).`);
    const columns = [...spec.columns];
    if (spec.numberedWithin !== undefined) lines.push(`  line_no integer: position of the line within its ${spec.numberedWithin.replace(/_id$/, '')}`);
    for (const column of columns) lines.push(`  ${column.column} ${typeName(column.kind)}: ${column.description}`);
  }
  return lines.join('\n');
}

function typeName(kind: ValueKind): string {
  switch (kind.type) {
    case 'text':
      return kind.optional === true ? 'text null' : 'text';
    case 'integer':
      return kind.optional === true ? 'integer null' : 'integer';
    case 'money':
      return 'integer (cents)';
    case 'date':
      return kind.optional === true ? 'date text null' : 'date text';
    case 'enum':
      return `text (${kind.values.join(' | ')})`;
  }
}
