import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds each of the slowest test files took in a full run on a 2-core machine (`pnpm vitest run --reporter=json`,
 * 2026-12-04): a file missing here is short. Only the order matters, so rough figures do.
 */
const SLOW_FILES = new Map<string, number>([
  ['packages/react/tests/browser/storybook.test.ts', 272],
  ['packages/store/tests/kill.test.ts', 172],
  ['apps/studio/tests/browser.test.ts', 89],
  ['tests/cli.test.ts', 76],
  ['apps/studio/tests/languageScan.test.ts', 64],
  ['tests/badRecords.test.ts', 42],
  ['packages/cli/tests/pipeline.test.ts', 40],
  ['packages/cli/tests/periodCommands.test.ts', 29],
  ['apps/studio/tests/approvedSnapshot.test.ts', 24],
  ['packages/cli/tests/post.test.ts', 22],
  ['packages/cli/tests/fiscalInRun.test.ts', 21],
  ['packages/cli/tests/invoices.test.ts', 20],
  ['packages/cli/tests/queueRun.test.ts', 19],
  ['packages/store/tests/tamper.test.ts', 14],
  ['packages/workbook/tests/workbook.test.ts', 14],
  ['packages/adapter-billing/tests/cli.test.ts', 12],
  ['packages/adapter-billing/tests/load.test.ts', 12],
  ['packages/adapter-salesforce/tests/cli.test.ts', 11],
  ['apps/studio/tests/authorization.test.ts', 11],
  ['examples/utility/tests/demoOutputs.test.ts', 10],
]);

/**
 * Longest files first, across projects. Vitest's own order groups files by project name and, on a clean clone
 * (CI), has no timings to go by, so the Storybook sweep (react) and the kill test (store) used to start after
 * minutes and end the run alone on one core. Started first, they run beside everything else. Files of equal weight
 * keep Vitest's order (its cache of last durations when there is one); sequence groups keep theirs.
 */
export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const byVitest = await super.sort(files);
    const root = this.ctx.config.root;
    const weight = (spec: TestSpecification) => SLOW_FILES.get(relative(root, spec.moduleId).split('\\').join('/')) ?? 0;
    const group = (spec: TestSpecification) => spec.project.config.sequence.groupOrder;
    return byVitest
      .map((spec, index) => ({ spec, index, weight: weight(spec) }))
      .sort((a, b) => group(a.spec) - group(b.spec) || b.weight - a.weight || a.index - b.index)
      .map(({ spec }) => spec);
  }
}
