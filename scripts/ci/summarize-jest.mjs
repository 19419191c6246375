// Prints the one closing line CI reads, from jest's JSON report: "N passed, N failed, N skipped".
// A suite that failed to load counts as one failure, so a broken file can never look green.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.log(`jest report ${file} is missing or unreadable: ${error.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const brokenSuites = report.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
const passed = report.numPassedTests;
const failed = report.numFailedTests + brokenSuites;
const skipped = report.numPendingTests + report.numTodoTests;
for (const suite of report.testResults) {
  for (const test of suite.assertionResults) {
    if (test.status === 'pending' || test.status === 'skipped') console.log(`skipped: ${test.fullName}`);
    if (test.status === 'failed') console.log(`FAILED: ${test.fullName}`);
  }
  if (suite.status === 'failed' && suite.assertionResults.length === 0) console.log(`FAILED to run: ${suite.name}`);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
