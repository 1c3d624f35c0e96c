import { strict as assert } from 'node:assert';
import { mergeDocument, theirsInOurFormatting } from '../../../../src/core/read/pull/merge';
import { conflictMarkerBlocks, conflictMarkerProblem } from '../../../../src/core/sync/conflictMarkers';

const doc = (...lines: string[]) => lines.join('\n') + '\n';

describe('pull: three-way merge on lines', () => {
  const base = doc('# Guide', '', 'Intro line.', '', 'Step one.', '', 'Step two.', '', 'Step three.', '', 'Closing words.');

  it('merges edits on different lines, keeping both (the local edit is never dropped)', () => {
    const ours = base.replace('Intro line.', 'Intro line, edited locally.');
    const theirs = base.replace('Closing words.', 'Closing words, edited in Confluence.');
    const r = mergeDocument(base, ours, theirs, 7);
    assert.deepEqual(r.conflicts, []);
    assert.match(r.text, /Intro line, edited locally\./);
    assert.match(r.text, /Closing words, edited in Confluence\./);
    assert.equal(r.text, base.replace('Intro line.', 'Intro line, edited locally.').replace('Closing words.', 'Closing words, edited in Confluence.'));
  });

  it('splits on lines, not on whitespace: two edits of one line conflict, edits of two words of different lines do not', () => {
    // node-diff3 on its default whitespace split would merge "Step one." word by word into a line nobody wrote
    const ours = base.replace('Step one.', 'Step one, locally.');
    const theirs = base.replace('Step one.', 'Step one, remotely.');
    const r = mergeDocument(base, ours, theirs, 9);
    assert.equal(r.conflicts.length, 1);
    assert.equal(
      r.text,
      doc('# Guide', '', 'Intro line.', '', '<<<<<<< local', 'Step one, locally.', '||||||| base', 'Step one.', '=======', 'Step one, remotely.', '>>>>>>> confluence v9', '', 'Step two.', '', 'Step three.', '', 'Closing words.'),
    );
    assert.equal(r.conflicts[0].line, 5);
  });

  it('the same edit on both sides is not a conflict', () => {
    const both = base.replace('Step two.', 'Step 2.');
    assert.deepEqual(mergeDocument(base, both, both.replace('Closing', 'Final'), 3).conflicts, []);
  });

  it('a remote-only edit gives the page text; a local-only edit keeps the file; CRLF files stay CRLF', () => {
    const theirs = base.replace('Step two.', 'Step two (remote).');
    assert.equal(mergeDocument(base, base, theirs, 2).text, theirs);
    const ours = base.replace('Step two.', 'Step two (local).');
    assert.equal(mergeDocument(base, ours, base, 2).text, ours);
    const crlf = ours.replace(/\n/g, '\r\n');
    const merged = mergeDocument(base, crlf, base.replace('Closing', 'Final'), 2).text;
    assert.equal(merged, ours.replace('Closing', 'Final').replace(/\n/g, '\r\n'));
  });

  it('theirsInOurFormatting applies the remote edits to the exact text, keeping the author formatting elsewhere', () => {
    const exact = doc('# Guide', '', '* one', '* two', '', 'A long paragraph', 'wrapped by its author.', '', 'Last.');
    const converted = doc('# Guide', '', '- one', '- two', '', 'A long paragraph wrapped by its author.', '', 'Last.');
    const theirs = converted.replace('Last.', 'Last, edited in Confluence.');
    assert.equal(theirsInOurFormatting(exact, converted, theirs), exact.replace('Last.', 'Last, edited in Confluence.'));
    // an edit of a reformatted line: the page's lines win there (no local edit at this step)
    const theirs2 = converted.replace('- two', '- two and a half');
    assert.equal(theirsInOurFormatting(exact, converted, theirs2), doc('# Guide', '', '- one', '- two and a half', '', 'A long paragraph', 'wrapped by its author.', '', 'Last.'));
  });
});

describe('conflict markers in a document', () => {
  it('finds pull markers and git markers; an example inside a code fence is not a conflict', () => {
    const pulled = doc('# A', '<<<<<<< local', 'x', '||||||| base', 'y', '=======', 'z', '>>>>>>> confluence v4', 'end');
    assert.deepEqual(conflictMarkerBlocks(pulled), [{ line: 2, fromPull: true }]);
    const git = doc('# A', '<<<<<<< HEAD', 'x', '=======', 'z', '>>>>>>> feature', 'end');
    assert.deepEqual(conflictMarkerBlocks(git), [{ line: 2, fromPull: false }]);
    const example = doc('# Git', '```', '<<<<<<< HEAD', 'x', '=======', 'z', '>>>>>>> feature', '```');
    assert.deepEqual(conflictMarkerBlocks(example), []);
    const inFence = doc('# A', '```', '<<<<<<< local', 'x', '=======', 'z', '>>>>>>> confluence v2', '```');
    assert.equal(conflictMarkerBlocks(inFence).length, 1);
    assert.deepEqual(conflictMarkerBlocks(doc('# A', '=======', 'text', '<<<<<<< no end')), []);
    assert.match(conflictMarkerProblem(pulled, 'docs/a.md')!, /^docs\/a\.md: 1 unresolved merge conflict at line 2 .*confluence pull.*Nothing was published/);
  });
});
