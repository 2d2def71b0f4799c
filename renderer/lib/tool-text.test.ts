/** What a tool's result says to the user: the CLI's notes to the model gone, denials and exit codes read from it. */
import { describe, expect, it } from 'vitest';
import { countTextLines, exitCodeOf, isDeniedText, readLineCount, resultForUser, searchCount } from './tool-text.js';

describe('resultForUser', () => {
  it("drops the CLI's note that the file state is current, after an Edit or a Write", () => {
    expect(resultForUser('The file /w/a.ts has been updated successfully. (file state is current in your context — no need to Read it back)')).toBe('The file /w/a.ts has been updated successfully.');
    expect(resultForUser('File created successfully at: /w/b.txt (file state is current in your context — no need to Read it back)')).toBe('File created successfully at: /w/b.txt');
  });

  it('shows the words inside <tool_use_error>, without the tags', () => {
    expect(resultForUser('<tool_use_error>String to replace not found in file.\nString: foo</tool_use_error>')).toBe('String to replace not found in file.\nString: foo');
  });

  it('drops system reminders meant for the model', () => {
    expect(resultForUser('     1\tline\n\n<system-reminder>\nWhenever you read a file, consider malware.\n</system-reminder>\n')).toBe('     1\tline');
  });
});

describe('isDeniedText', () => {
  it("knows the CLI's and the daemon's words for a refused call from a failure", () => {
    expect(isDeniedText('Permission to use Bash with command rm -rf / has been denied.')).toBe(true);
    expect(isDeniedText("Error: touch in '/home/dev/x.txt' was blocked. For security, Claude Code may only create or modify files in the allowed working directories for this session: '/home/dev/proj'.")).toBe(true);
    expect(isDeniedText('The user denied this tool call.')).toBe(true);
    expect(isDeniedText('Exit code 1\nls: cannot access')).toBe(false);
  });
});

describe('exitCodeOf', () => {
  it('reads the exit code off a failed command, leaving its output', () => {
    expect(exitCodeOf('Exit code 2\nls: cannot access')).toEqual({ code: 2, output: 'ls: cannot access' });
    expect(exitCodeOf('plain output')).toEqual({ code: null, output: 'plain output' });
  });
});

describe('counts', () => {
  it('counts lines without an extra one for the final line end', () => {
    expect([countTextLines(''), countTextLines('a'), countTextLines('a\n'), countTextLines('a\nb')]).toEqual([0, 1, 1, 2]);
  });

  it("counts the lines a Read returned, not the CLI's empty line after a file's last line end", () => {
    expect(readLineCount('1\tone\n2\ttwo\n3')).toBe(2);
    expect(readLineCount('     1\tone\n     2\ttwo\n     3\t')).toBe(2);
    expect(readLineCount('1\tone\n2\t42')).toBe(2);
  });

  it("takes a search's own count, its 'none found', or one per line", () => {
    expect(searchCount('Found 3 files\n/a\n/b\n/c', 'file')).toBe('3 files');
    expect(searchCount('Found 1 file\n/a', 'file')).toBe('1 file');
    expect(searchCount('No files found', 'file')).toBe('no files');
    expect(searchCount('No matches found', 'line')).toBe('no matches');
    expect(searchCount('/a.ts\n/b.ts\n', 'file')).toBe('2 files');
    expect(searchCount('a.ts:1:x\n', 'line')).toBe('1 line');
  });
});
