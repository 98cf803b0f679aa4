import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `npm test`: builds the Remix app when its sources changed (integration and e2e tests serve the real build), runs every Vitest
 * project (unit, integration, e2e) in one run, and prints the closing `N passed, N failed` line CI reads.
 */
const extraArgs = process.argv.slice(2);
const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });

const build = run(process.execPath, [path.resolve('scripts/build-if-changed.mjs')]);
if (build.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const report = path.join(mkdtempSync(path.join(os.tmpdir(), 'pipewright-vitest-')), 'report.json');
const vitest = spawnSync(
  process.execPath,
  [path.resolve('node_modules/vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extraArgs],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);

let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const summary = JSON.parse(readFileSync(report, 'utf8')) as VitestJsonReport;
  printSlowestFiles(summary.testResults ?? []);
  printRetriedTests(summary.testResults ?? []);
  passed = summary.numPassedTests;
  // A file that failed to load counts as a failure even though none of its tests ran.
  failed = summary.numFailedTests + (summary.numFailedTests === 0 ? summary.numFailedTestSuites : 0);
}
if (vitest.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

type VitestJsonReport = {
  numPassedTests: number;
  numFailedTests: number;
  numFailedTestSuites: number;
  testResults?: {
    name: string;
    startTime: number;
    endTime: number;
    assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
  }[];
};

/** A test that passed on its retry keeps its first failure: each is named with it, so flakiness stays visible. */
function printRetriedTests(files: NonNullable<VitestJsonReport['testResults']>) {
  const retried = files.flatMap((f) =>
    f.assertionResults
      .filter((t) => t.status === 'passed' && t.failureMessages.length > 0)
      .map((t) => ({ file: path.relative(process.cwd(), f.name), test: t.fullName, failure: firstLine(t.failureMessages[0]) })),
  );
  if (retried.length === 0) return;
  console.log(`Passed only on retry (flaky, to mend): ${retried.length}`);
  for (const r of retried) console.log(`  ${r.file} › ${r.test}\n      first failure: ${r.failure}`);
}

function firstLine(message: string) {
  return message.split('\n').find((line) => line.trim() !== '')?.trim().slice(0, 300) ?? '';
}

/** CI's log keeps only its tail: the slowest files are named there, so the suite's time can be kept in check. */
function printSlowestFiles(files: NonNullable<VitestJsonReport['testResults']>) {
  const slowest = files
    .map((f) => ({ name: path.relative(process.cwd(), f.name), seconds: (f.endTime - f.startTime) / 1000 }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 15);
  if (slowest.length === 0) return;
  console.log('Slowest test files:');
  for (const f of slowest) console.log(`  ${f.seconds.toFixed(1).padStart(6)} s  ${f.name}`);
}
