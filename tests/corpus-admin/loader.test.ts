/** The command loader checks subcommands' options as it checks a command's own. */
import { describe, expect, it } from 'vitest';
import { commandProblems } from '../../src/app/loadCommands.ts';

const execute = () => ({ kind: 'help' as const, commands: [], corpus: { documents: 0, passages: 0 } });

describe('GIVEN a command with subcommands', () => {
  it('THEN a well-formed one passes', () => {
    const command = { data: { name: 'corpus', description: 'd', options: [{ type: 1, name: 'add', description: 'Add', options: [{ type: 11, name: 'file', description: 'A file' }] }] }, execute };
    expect(commandProblems(command, 'corpus')).toEqual([]);
  });

  it('THEN problems inside a subcommand are named with it; mixing subcommands and options is refused', () => {
    const command = {
      data: {
        name: 'corpus',
        description: 'd',
        options: [
          { type: 1, name: 'add', description: 'Add', options: [{ type: 3, name: 'Bad Name', description: '' }, { type: 3, name: 'late', description: 'x', required: true }, { type: 3, name: 'doc', description: 'x', autocomplete: true }] },
          { type: 3, name: 'plain', description: 'A plain option' },
        ],
      },
      execute,
      button: 'not a function',
    };
    expect(commandProblems(command, 'corpus')).toEqual([
      '`button` is not a function',
      'subcommands and plain options are mixed',
      'option "Bad Name" in "add" is not a valid option name',
      'option "Bad Name" in "add" needs a description of 1-100 characters',
      'required option "late" in "add" comes after an optional one',
      'option "doc" in "add" asks for autocomplete but the command has no `autocomplete`',
    ]);
  });
});
