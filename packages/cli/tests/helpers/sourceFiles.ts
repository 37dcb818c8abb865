import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Every .ts file under `folder`, for the tests that scan the CLI's sources. */
export async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}
