// A web-test-runner reporter that writes how many tests passed, failed and were skipped to a JSON file,
// so scripts/test.mjs can print one total line for the browser and the server suites together.
import { writeFileSync } from 'node:fs';

function count(suite, totals) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) totals.skipped++;
    else if (test.passed) totals.passed++;
    else totals.failed++;
  }
  for (const child of suite?.suites ?? []) count(child, totals);
}

export function countingReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      if (!file) return;
      const totals = { passed: 0, failed: 0, skipped: 0, erroredFiles: 0 };
      for (const session of sessions) {
        count(session.testResults, totals);
        // A file that failed to load or threw outside a test counts as one failure, never as silence.
        if (!session.passed && session.errors?.length) totals.erroredFiles++;
      }
      totals.failed += totals.erroredFiles;
      writeFileSync(file, JSON.stringify(totals));
    },
  };
}
