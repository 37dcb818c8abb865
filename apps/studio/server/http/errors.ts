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
