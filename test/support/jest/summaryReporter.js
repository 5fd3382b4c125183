// Ends the jest run with the plain line CI reads: "jest: N passed, N failed, N skipped".
// Printed at process exit, so it comes after jest's own summary. Under CI (CI=true) a skipped
// test fails the run: CI promises every test ran (SKIP_E2E=1 and the like are for local use).
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const line = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`;
		process.once('exit', () => {
			process.stderr.write(line);
			if (process.env.CI === 'true' && skipped > 0) {
				process.stderr.write(`jest: ${skipped} tests were skipped, which CI does not allow\n`);
				process.exitCode = 1;
			}
		});
	}
}
module.exports = SummaryReporter;
