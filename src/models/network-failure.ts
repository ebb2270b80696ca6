/** A failure to reach a server at all (no HTTP response), found anywhere in an error's cause chain. */
export interface NetworkFailure {
  /** The system or undici code, e.g. `ECONNREFUSED`; undefined for a bare "fetch failed". */
  code: string | undefined;
  /** A short human description of the code. */
  reason: string;
}

const reasons: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ConnectionRefused: 'connection refused',
  ECONNRESET: 'connection reset',
  ConnectionClosed: 'connection closed',
  ECONNABORTED: 'connection aborted',
  EPIPE: 'connection closed',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'socket error',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'response body timed out',
};

const fetchFailedMessages = new Set(['fetch failed', 'failed to fetch']);

/**
 * Walks `cause` chains (and the `errors` of an AggregateError, which Node uses when it tried several
 * addresses) looking for a network failure. Returns undefined when the error is something else.
 */
export function findNetworkFailure(error: unknown): NetworkFailure | undefined {
  let sawFetchFailed = false;
  const pending: unknown[] = [error];
  const seen = new Set<unknown>();
  while (pending.length > 0 && seen.size < 32) {
    const current = pending.shift();
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && Object.hasOwn(reasons, code)) {
      return { code, reason: reasons[code] ?? code };
    }
    if (current instanceof Error && fetchFailedMessages.has(current.message.toLowerCase())) {
      sawFetchFailed = true;
    }
    pending.push((current as { cause?: unknown }).cause);
    if (current instanceof AggregateError) pending.push(...(current.errors as unknown[]));
  }
  return sawFetchFailed ? { code: undefined, reason: 'fetch failed' } : undefined;
}
