import { tokenizeSql, type SqlToken } from './sql-tokens.ts';

export interface SqlGuardContext {
  dialect: 'sqlite' | 'postgres';
  /** The ERP tables (lower case) that queries may read. */
  erpTables: ReadonlySet<string>;
  /** Every other relation of the database (lower case): Nova's own tables and anything else there. */
  otherRelations: ReadonlySet<string>;
}

export type SqlGuardResult = { ok: true; statement: string } | { ok: false; reason: string };

/** Words that change data or the session, or that only such statements use; never in a read-only query. */
const forbiddenWords = new Set([
  'insert', 'update', 'delete', 'merge', 'upsert', 'drop', 'alter', 'create', 'attach', 'detach', 'pragma', 'vacuum', 'reindex',
  'analyze', 'analyse', 'grant', 'revoke', 'truncate', 'copy', 'call', 'do', 'execute', 'exec', 'explain', 'lock', 'set', 'reset',
  'listen', 'notify', 'unlisten', 'into', 'commit', 'rollback', 'begin', 'savepoint', 'release', 'load', 'prepare', 'deallocate',
  'declare', 'close', 'move', 'discard', 'refresh', 'cluster', 'checkpoint', 'returning', 'conflict', 'table', 'nowait', 'replace',
]);

/** Names that read the server rather than the ERP data, in either dialect. */
const systemNames = new Set([
  'information_schema', 'current_user', 'session_user', 'current_role', 'user', 'current_schema', 'current_catalog', 'current_database',
  'regclass', 'regproc', 'regprocedure', 'regtype', 'regnamespace', 'regrole', 'regoper', 'main', 'temp', 'public',
]);

/** Functions a question about ERP data needs; anything else (file access, sleeping, catalog lookups, extensions) is refused. */
const allowedFunctions = new Set([
  'count', 'sum', 'avg', 'min', 'max', 'total', 'group_concat', 'string_agg', 'array_agg', 'bool_and', 'bool_or', 'every', 'stddev', 'variance',
  'abs', 'round', 'ceil', 'ceiling', 'floor', 'trunc', 'sign', 'mod', 'power', 'sqrt', 'exp', 'ln', 'log', 'greatest', 'least',
  'coalesce', 'ifnull', 'nullif', 'iif', 'cast', 'lower', 'upper', 'length', 'char_length', 'character_length', 'substr', 'substring',
  'trim', 'ltrim', 'rtrim', 'replace', 'instr', 'position', 'strpos', 'concat', 'concat_ws', 'printf', 'format', 'lpad', 'rpad', 'left', 'right',
  'split_part', 'reverse', 'initcap', 'date', 'time', 'datetime', 'julianday', 'strftime', 'unixepoch', 'date_trunc', 'date_part',
  'extract', 'to_char', 'to_date', 'to_number', 'age', 'make_date', 'typeof', 'numeric', 'decimal', 'varchar', 'char', 'character',
  'float', 'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead', 'first_value', 'last_value', 'nth_value',
]);

/** Functions whose arguments may contain FROM that is not a table clause (`extract(year FROM date)`). */
const fromInsideFunctions = new Set(['extract', 'substring', 'trim', 'overlay']);

/** Keywords after which `(` opens a subquery or a list, not a function call. */
const keywordsBeforeParenthesis = new Set([
  'select', 'from', 'where', 'and', 'or', 'not', 'in', 'exists', 'as', 'on', 'using', 'join', 'values', 'over', 'filter', 'within',
  'any', 'all', 'some', 'lateral', 'with', 'recursive', 'union', 'except', 'intersect', 'when', 'then', 'else', 'case', 'between',
  'like', 'ilike', 'glob', 'is', 'by', 'having', 'group', 'order', 'limit', 'offset', 'distinct', 'materialized', 'only', 'row',
]);

/** Keywords that end a FROM clause at their level. */
const clauseEnds = new Set(['where', 'group', 'having', 'order', 'limit', 'offset', 'union', 'intersect', 'except', 'window', 'fetch', 'select']);

interface Level {
  /** Commas at this level separate tables. */
  inFrom: boolean;
  /** FROM here is an argument keyword (`extract(year FROM d)`), not a table clause. */
  fromIsArgument: boolean;
}

/**
 * Accepts exactly one read-only query over the ERP tables: one SELECT (or WITH ... SELECT) statement,
 * no word that writes or changes the session, only allowed functions, every table read (after FROM,
 * JOIN or a comma of a FROM list) an ERP table or a CTE of the query, and no mention of any other
 * relation of the database or of its catalogs anywhere. It returns the statement without its trailing
 * semicolon. This is the first of two locks: the query then runs on a read-only connection (SQLite) or
 * in a READ ONLY transaction (PostgreSQL), so a write that got past it would still fail.
 */
export function checkReadOnlySql(sql: string, context: SqlGuardContext): SqlGuardResult {
  const tokenized = tokenizeSql(sql, context.dialect);
  if (!tokenized.ok) return { ok: false, reason: tokenized.reason };
  const tokens = tokenized.tokens;
  while (tokens.at(-1)?.value === ';') tokens.pop();
  if (tokens.length === 0) return { ok: false, reason: 'the query is empty' };
  if (tokens.some((token) => token.kind === 'punct' && token.value === ';')) return { ok: false, reason: 'only one statement is allowed (found ";" before the end)' };
  const first = tokens[0]!;
  if (first.kind !== 'word' || (first.value !== 'select' && first.value !== 'with')) {
    return { ok: false, reason: `only SELECT (or WITH ... SELECT) queries are allowed, not "${first.text}"` };
  }

  const { names: cteNames, columnLists } = commonTableExpressions(tokens);
  for (const token of tokens) {
    if (token.kind === 'word' && forbiddenWords.has(token.value)) {
      const next = tokens[tokens.indexOf(token) + 1];
      // replace(text, from, to) is a function; REPLACE INTO is a write.
      if (!(token.value === 'replace' && next?.value === '(')) return { ok: false, reason: `"${token.text}" is not allowed: this tool only reads` };
    }
    if (token.kind === 'word' || token.kind === 'quoted') {
      const problem = systemNameProblem(token.value, context, cteNames);
      if (problem !== null) return { ok: false, reason: problem };
    }
  }

  const levels: Level[] = [{ inFrom: false, fromIsArgument: false }];
  let expectTable = false;
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    const next = tokens[index + 1];
    const level = levels.at(-1)!;
    if (expectTable) {
      if (token.kind === 'word' && (token.value === 'only' || token.value === 'lateral')) continue;
      if (token.kind === 'word' && (token.value === 'select' || token.value === 'with' || token.value === 'values')) {
        // A parenthesis after FROM that holds a subquery, not a list of tables.
        expectTable = false;
        level.inFrom = false;
      } else if (token.value === '(') {
        levels.push({ inFrom: true, fromIsArgument: false });
        continue;
      } else if (token.kind === 'word' || token.kind === 'quoted') {
        expectTable = false;
        if (next?.value === '(') return { ok: false, reason: `"${token.text}(...)" reads from a function; only the ERP tables may be read` };
        if (next?.value === '.') return { ok: false, reason: `"${token.text}.${tokens[index + 2]?.text ?? ''}": name ERP tables without a schema` };
        if (!context.erpTables.has(token.value) && !cteNames.has(token.value)) {
          return { ok: false, reason: `"${token.text}" is not an ERP table; only the erp_ tables may be read (${[...context.erpTables].sort().join(', ')})` };
        }
        continue;
      } else {
        return { ok: false, reason: `expected a table name after FROM or JOIN, found "${token.text}"` };
      }
    }
    if (token.kind === 'punct') {
      if (token.value === '(') {
        const previous = tokens[index - 1];
        // The column list of a CTE (`name (a, b) AS (...)`) is the one place a name before "(" is no call.
        const isCall = previous?.kind === 'word' && !keywordsBeforeParenthesis.has(previous.value) && !columnLists.has(index);
        if (isCall && !allowedFunctions.has(previous.value)) return { ok: false, reason: `the function "${previous.text}" is not allowed` };
        levels.push({ inFrom: false, fromIsArgument: isCall && fromInsideFunctions.has(previous.value) });
      } else if (token.value === ')') {
        levels.pop();
        if (levels.length === 0) return { ok: false, reason: 'unbalanced parentheses: a ")" closes nothing' };
      } else if (token.value === ',' && level.inFrom) {
        expectTable = true;
      }
      continue;
    }
    if (token.kind !== 'word') continue;
    if (token.value === 'from' && !level.fromIsArgument) {
      level.inFrom = true;
      expectTable = true;
    } else if (token.value === 'join') {
      expectTable = true;
    } else if (clauseEnds.has(token.value)) {
      level.inFrom = false;
    }
  }
  if (levels.length !== 1) return { ok: false, reason: 'unbalanced parentheses: a "(" is never closed' };
  if (expectTable) return { ok: false, reason: 'the query ends where a table name was expected' };
  return { ok: true, statement: sql.slice(0, tokens.at(-1)!.end).trim() };
}

/** The query's own CTEs: `name AS (` or `name (columns) AS (`; their names, and where their column lists open. */
function commonTableExpressions(tokens: readonly SqlToken[]): { names: Set<string>; columnLists: Set<number> } {
  const names = new Set<string>();
  const columnLists = new Set<number>();
  tokens.forEach((token, index) => {
    if (token.kind !== 'word' && token.kind !== 'quoted') return;
    let after = index + 1;
    let columnList: number | null = null;
    if (tokens[after]?.value === '(' && (tokens[index - 1]?.value === 'with' || tokens[index - 1]?.value === 'recursive' || tokens[index - 1]?.value === ',')) {
      columnList = after;
      let depth = 0;
      for (; after < tokens.length; after += 1) {
        if (tokens[after]!.value === '(') depth += 1;
        if (tokens[after]!.value === ')' && --depth === 0) break;
      }
      after += 1;
    }
    if (tokens[after]?.value !== 'as') return;
    let body = after + 1;
    if (tokens[body]?.value === 'not') body += 1;
    if (tokens[body]?.value === 'materialized') body += 1;
    if (tokens[body]?.value !== '(') return;
    names.add(token.value);
    if (columnList !== null) columnLists.add(columnList);
  });
  return { names, columnLists };
}

function systemNameProblem(name: string, context: SqlGuardContext, cteNames: ReadonlySet<string>): string | null {
  if (name.startsWith('pg_') || name.startsWith('sqlite_') || name.startsWith('pragma_') || systemNames.has(name)) {
    return `"${name}" belongs to the database's own catalog or session; only the erp_ tables may be read`;
  }
  if (context.otherRelations.has(name) && !context.erpTables.has(name)) {
    return `"${name}" is not an ERP table; only the erp_ tables may be read${cteNames.has(name) ? ' (a CTE may not take the name of another table)' : ''}`;
  }
  return null;
}
