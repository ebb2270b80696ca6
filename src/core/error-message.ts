/**
 * The message of anything thrown: an Error's own message, or the thrown value as text. For building a
 * message that names a cause; the cause itself is still kept (as `cause`) or rethrown, never dropped.
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
