import { describe, expect, it } from 'vitest';
import { filterChoices } from '../../src/app/choices.ts';

const documents = [
  { name: 'Stable chain and strong chain optimize layout (2022-08-14)', value: '2022-08-14-stable-chain' },
  { name: 'Hydrogen metallurgy demonstration project', value: 'hydrogen-project' },
  { name: 'Harbour electrification plan (2024-03-01)', value: 'harbour' },
];

describe('autocomplete choices', () => {
  it('GIVEN what starts a title THEN that document comes first', () => {
    expect(filterChoices(documents, 'harb').map((c) => c.value)).toEqual(['harbour']);
  });

  it('GIVEN a typing error or a word from the middle of a title THEN MiniSearch still finds it', () => {
    expect(filterChoices(documents, 'hydrogn metalurgy').map((c) => c.value)).toEqual(['hydrogen-project']);
    expect(filterChoices(documents, 'electrif').map((c) => c.value)).toEqual(['harbour']);
  });

  it('GIVEN nothing close THEN nothing is offered', () => {
    expect(filterChoices(documents, 'zebra crossing')).toEqual([]);
  });
});
