import { keysOf, messagesOf, negotiateLanguage, translator } from '../src/i18n/messages';

describe('messages in English and Kiswahili', () => {
  it('has every key in both languages, and no other', () => {
    const english = keysOf(messagesOf('en')).sort();
    const kiswahili = keysOf(messagesOf('sw')).sort();

    expect(english.filter((key) => !kiswahili.includes(key))).toEqual([]);
    expect(kiswahili.filter((key) => !english.includes(key))).toEqual([]);
  });

  it('finds a key missing in one language', () => {
    expect(keysOf({ a: 'x', b: { c: 'y' } })).toEqual(['a', 'b.c']);
  });

  it('fills parameters and shows an unknown key as itself', () => {
    expect(translator('sw')('directory.count', { count: 3 })).toBe('Mashirika 3 yamepatikana');
    expect(translator('en')('no.such.key')).toBe('no.such.key');
  });

  it('chooses the plural form the language needs for the count', () => {
    expect(translator('en')('directory.count', { count: 1 })).toBe('1 organisation found');
    expect(translator('en')('directory.count', { count: 0 })).toBe('0 organisations found');
    expect(translator('sw')('directory.count', { count: 1 })).toBe('Shirika 1 limepatikana');
    expect(translator('sw')('directory.count', { count: 2 })).toBe('Mashirika 2 yamepatikana');
  });
});

describe('the page language', () => {
  it('is the switch’s cookie when it names a language we speak', () => {
    expect(negotiateLanguage('sw', 'en-GB,en;q=0.9')).toBe('sw');
  });

  it('defaults from Accept-Language by preference', () => {
    expect(negotiateLanguage(undefined, 'fr;q=1, sw-KE;q=0.8, en;q=0.5')).toBe('sw');
    expect(negotiateLanguage(undefined, 'sw;q=0.3, en-KE')).toBe('en');
  });

  it('is English when the browser asks for neither or the cookie is unknown', () => {
    expect(negotiateLanguage('xx', 'fr-FR')).toBe('en');
    expect(negotiateLanguage(undefined, undefined)).toBe('en');
  });
});
