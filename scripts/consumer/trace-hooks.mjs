// Module customization hooks (they run on the loader's own thread, hence the file rather than a message): every
// module the ES module loader loads is appended to `file`, one URL a line. Node's builtins are left out.
import { appendFileSync } from 'node:fs';

let file;
export function initialize(data) {
  file = data?.file;
}
export async function load(url, context, nextLoad) {
  if (file && !url.startsWith('node:')) appendFileSync(file, `${url}\n`);
  return nextLoad(url, context);
}
