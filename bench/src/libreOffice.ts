import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { onCpu0 } from './oneCpu.js';

/** Whether LibreOffice (Debian libreoffice-calc-nogui) is installed. */
export function hasSoffice(): boolean {
  return spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * The LibreOffice user profile the bench keeps across conversions and across runs, as an analyst's installation is:
 * a fresh profile per run would time LibreOffice creating it (seconds), which no analyst pays. Override the folder
 * with PROVVIGO_BENCH_LO_PROFILE.
 */
export function profileDir(): string {
  return process.env.PROVVIGO_BENCH_LO_PROFILE ?? join(homedir(), '.cache', 'provvigo-bench', 'libreoffice-profile');
}

// Recalculation on load: 0 = always. LibreOffice's default for .xlsx and .ods is "never" (it shows the values the
// file stores), which for an .xlsx saved with its results would time reading them, not computing them.
const RECALC_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** Creates the kept profile on first use with "always recalculate on load" set (LibreOffice fills in the rest). */
function ensureProfile(): string {
  const dir = profileDir();
  const xcu = join(dir, 'user', 'registrymodifications.xcu');
  if (!existsSync(xcu)) {
    mkdirSync(join(dir, 'user'), { recursive: true });
    writeFileSync(xcu, RECALC_ALWAYS);
  }
  return dir;
}

/**
 * `soffice --headless --convert-to <format>` of `files` into `outdir` with the kept profile: load (recalculating
 * every formula), save. Returns the wall time, process start included. `oneCpu`: on CPU 0 alone (oneCpu.ts).
 */
export function convert(files: string[], format: string, outdir: string, oneCpu = false): number {
  const profile = ensureProfile();
  const args = ['--headless', '--norestore', `-env:UserInstallation=file://${profile}`, '--convert-to', format, '--outdir', outdir, ...files];
  const [command, all] = oneCpu ? onCpu0('soffice', args) : ['soffice', args];
  const t0 = performance.now();
  execFileSync(command, all, { stdio: 'ignore' });
  return performance.now() - t0;
}
