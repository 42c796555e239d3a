// What counts as a pass for each value of expected.tsv (see the corpus NOTICE.md).

export function parseExpected(text) {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const [header, ...body] = lines;
  const cols = header.split('\t');
  if (cols[0] !== 'path' || cols[1] !== 'expected') throw new Error('expected.tsv: header must start with "path<TAB>expected"');
  return body.map((line) => {
    const [p, expected, notes = ''] = line.split('\t');
    return { path: p, expected: expected.trim(), notes: notes.trim() };
  });
}

const KNOWN = new Set(['Succeeded', 'Failed', 'Error', 'not Succeeded', 'lint error', 'prerequisite']);

/**
 * outcome: { refused: true, message } when lint or submit refused the file,
 * or { phase, message } for a workflow that ran (phase may be Running/Pending
 * on timeout).
 */
export function judge(expected, outcome) {
  if (!KNOWN.has(expected)) return { verdict: 'FAIL', got: outcome.phase ?? 'refused', message: `unknown expected value "${expected}"` };
  if (outcome.refused) {
    const ok = (expected === 'lint error' || expected === 'not Succeeded') && Boolean(outcome.message);
    return { verdict: ok ? 'PASS' : 'FAIL', got: 'refused', message: outcome.message };
  }
  const phase = outcome.phase;
  let ok;
  switch (expected) {
    case 'not Succeeded': ok = phase === 'Failed' || phase === 'Error'; break;
    case 'lint error': ok = false; break;
    default: ok = phase === expected;
  }
  return { verdict: ok ? 'PASS' : 'FAIL', got: phase, message: outcome.message };
}
