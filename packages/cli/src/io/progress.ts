/** A one-line progress bar on stderr, drawn only when stderr is a terminal or `--progress` asks for it. */
export interface Progress {
  update(label: string, done: number, total: number): void;
  done(): void;
}

export interface ProgressOptions {
  enabled: boolean;
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  width?: number;
}

/** Renders `label [#########.........]  45%  4,500/10,000`. Pure, for tests. */
export function renderBar(label: string, done: number, total: number, width = 28): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(ratio * width);
  const pct = String(Math.floor(ratio * 100)).padStart(3, ' ');
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}%  ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`;
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  if (!options.enabled) return { update: () => {}, done: () => {} };
  const tty = Boolean(stream.isTTY);
  let last = 0;
  let lastLabel = '';
  let drawn = false;
  // Without a terminal each label prints at most twice: when it starts and when it completes.
  let finished = false;
  return {
    update(label, done, total) {
      const now = Date.now();
      // Redraw at most ten times a second, and always on a new label or at the end.
      if (label === lastLabel && done < total && now - last < 100) return;
      last = now;
      const line = renderBar(label, done, total, options.width);
      if (tty) stream.write(`\r\x1b[2K${line}`);
      else if (label !== lastLabel || (done >= total && !finished)) stream.write(`${line}\n`);
      finished = label === lastLabel ? finished || done >= total : done >= total;
      lastLabel = label;
      drawn = true;
    },
    done() {
      if (tty && drawn) stream.write('\n');
      drawn = false;
      lastLabel = '';
      finished = false;
    },
  };
}
