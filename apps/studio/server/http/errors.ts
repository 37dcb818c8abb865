/** An error the studio answers with its status and a JSON body `{ error, message, issues? }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  static forbidden(): HttpError {
    return new HttpError(403, 'forbidden', 'you may not read or change this');
  }
}

/**
 * `{ messages: { it, en } }` for an error that carries its text in both languages (core's `BilingualError` and the
 * like), to spread into an answer's body beside its English `message`; `{}` otherwise. The client shows them for a
 * code it has no words of its own for.
 */
export function bothMessages(e: unknown): { messages?: { it: string; en: string } } {
  const messages = (e as { messages?: { it?: unknown; en?: unknown } } | null)?.messages;
  return typeof messages?.it === 'string' && typeof messages.en === 'string' ? { messages: { it: messages.it, en: messages.en } } : {};
}
