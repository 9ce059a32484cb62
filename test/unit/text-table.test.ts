import { textTable } from '../../src/text-table.js';

describe('textTable', () => {
  it('aligns columns two spaces apart, counts to the right, without borders or trailing blanks', () => {
    expect(textTable(['trial', 'issued', 'note'], [['t-long', '3', 'x'], ['t', '12', '']], ['left', 'right'])).toEqual([
      'trial   issued  note',
      't-long       3  x',
      't           12',
    ]);
  });
});
