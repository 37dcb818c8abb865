import { stat } from 'node:fs/promises';
import { CliError } from './errors.js';

/**
 * Stops with one line naming `path` when it is a folder: reading a folder as a file fails deep inside a stream with a
 * bare "EISDIR: illegal operation on a directory, read" that names nothing. A missing path is left to the caller,
 * whose message says what it expected there.
 */
export async function refuseFolder(path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) throw new CliError({ en: 'this is a folder, not a file', it: 'questa è una cartella, non un file' }, { file: path });
}
