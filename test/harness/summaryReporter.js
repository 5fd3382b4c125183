// Ends the jest run with the plain line CI reads: "jest: N passed, N failed, N skipped".
// Printed at process exit, so it comes after jest's own summary.
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const line = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`;
		process.once('exit', () => process.stderr.write(line));
	}
}
module.exports = SummaryReporter;
