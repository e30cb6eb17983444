/** Initials: two letters from first and last names, whatever the name looks like. */
import { describe, expect, it } from 'vitest';
import { initials } from './initials.js';

describe('initials', () => {
  it('takes the first letters of the first and last names', () => {
    expect(initials('Priya Shah')).toBe('PS');
    expect(initials('Tom Okafor')).toBe('TO');
    expect(initials('Maria Costa')).toBe('MC');
    expect(initials('Ludwig van Beethoven')).toBe('LB');
    expect(initials('  jo   bloggs ')).toBe('JB');
  });

  it('takes the first two letters of a single name', () => {
    expect(initials('Priya')).toBe('PR');
    expect(initials('Al')).toBe('AL');
    expect(initials('X')).toBe('X');
  });

  it('keeps accented letters, however they were typed', () => {
    expect(initials('Émile Zola')).toBe('ÉZ');
    expect(initials('élodie çelik')).toBe('ÉÇ');
    // "e" followed by a combining acute accent is one letter.
    expect(initials('E\u0301tienne Ñúñez')).toBe('ÉÑ');
    expect(initials('e\u0301mile')).toBe('ÉM');
    expect(initials('Łukasz Żak')).toBe('ŁŻ');
  });

  it('treats hyphenated names sensibly', () => {
    expect(initials('Anne-Marie Smith-Jones')).toBe('AS');
    expect(initials('Jean-Luc')).toBe('JL');
    expect(initials('Mary Smith-Jones')).toBe('MS');
  });

  it('passes over punctuation and digits', () => {
    expect(initials('Siobhán O’Neill')).toBe('SO');
    expect(initials("d'Arcy")).toBe('DA');
    expect(initials('Priya Shah 2')).toBe('PS');
    expect(initials('Ruth "Ru" Patel')).toBe('RP');
  });

  it('stays one letter per name where upper case would make two', () => {
    expect(initials('ßtraße')).toBe('ST');
  });

  it('works for other scripts', () => {
    expect(initials('Олена Коваль')).toBe('ОК');
    expect(initials('Αλέξανδρος Παπαδόπουλος')).toBe('ΑΠ');
  });

  it('says "?" for a name without letters', () => {
    expect(initials('')).toBe('?');
    expect(initials('   ')).toBe('?');
    expect(initials('123')).toBe('?');
  });
});
