/** A document could not be built or rendered; `path` names the field (e.g. ['fiscal', 'vatAmount']). */
export class DocumentError extends Error {
  readonly path: string[];
  constructor(message: string, path: string[] = []) {
    super(message);
    this.name = 'DocumentError';
    this.path = path;
  }
}
