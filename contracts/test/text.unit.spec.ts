import { z } from 'zod';
import { multiLineText, refuseUncleanSingleLine, singleLineText } from '../src/text';

const name = singleLineText(2, 50);
const note = multiLineText(0, 200);

const errorOf = (schema: z.ZodType, value: unknown): string | undefined => {
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error.issues.map((i) => i.message).join('; ');
};

describe('clean text for people to read', () => {
  it('stores text NFC-normalised and trimmed', () => {
    const decomposed = 'Cafe\u0301 Amani '; // "é" typed as e + combining acute
    expect(name.parse(decomposed)).toBe('Caf\u00e9 Amani');
    expect(name.parse(decomposed)).toHaveLength(10);
  });

  it.each([
    ['NUL', 'Amani\u0000Youth', 'U+0000'],
    ['a bell', 'Amani\u0007', 'U+0007'],
    ['escape', 'Amani\u001b[31m', 'U+001B'],
    ['DEL', 'Amani\u007f', 'U+007F'],
    ['a C1 control', 'Amani\u0085', 'U+0085'],
    ['a line break', 'Amani\nYouth', 'U+000A'],
    ['a tab', 'Amani\tYouth', 'U+0009'],
  ])('refuses %s in one-line text, naming the character', (_what, value, code) => {
    expect(errorOf(name, value)).toContain(`control characters (${code})`);
  });

  it.each([
    ['U+202A', '\u202a'],
    ['U+202B', '\u202b'],
    ['U+202C', '\u202c'],
    ['U+202D', '\u202d'],
    ['U+202E', '\u202e'],
    ['U+2066', '\u2066'],
    ['U+2067', '\u2067'],
    ['U+2068', '\u2068'],
    ['U+2069', '\u2069'],
  ])('refuses the bidirectional control %s in names and free text', (code, char) => {
    expect(errorOf(name, `Amani ${char}evil`)).toContain(`bidirectional control characters (${code})`);
    expect(errorOf(note, `Amani ${char}evil`)).toContain(`bidirectional control characters (${code})`);
  });

  it.each([
    ['a lone high surrogate', 'Amani \ud83c', 'U+D83C'],
    ['a lone low surrogate', 'Amani \udf89 x', 'U+DF89'],
    ['a reversed pair', 'Amani \udf89\ud83c', 'U+DF89'],
  ])('refuses %s', (_what, value, code) => {
    expect(errorOf(name, value)).toContain(`lone surrogate (${code})`);
    expect(errorOf(note, value)).toContain(`lone surrogate (${code})`);
  });

  it('accepts what people really write: other scripts, emoji (surrogate pairs), marks, punctuation', () => {
    for (const value of ['Vijana wa Pwani — “pamoja” ✓', 'مبادرة أمان', 'अमनी युवा', 'Amani 🇰🇪 🎉', 'Zoë O’Neill-Kamau']) {
      expect(name.parse(value)).toBe(value.normalize('NFC'));
      expect(note.parse(value)).toBe(value.normalize('NFC'));
    }
  });

  it('keeps line breaks and tabs in free text, and turns CR LF into LF', () => {
    expect(note.parse('First line\r\n\tsecond line\nthird')).toBe('First line\n\tsecond line\nthird');
    expect(errorOf(note, 'First\u0000line')).toContain('control characters (U+0000); line breaks and tabs are allowed');
    expect(errorOf(note, 'Form\u000cfeed')).toContain('U+000C');
  });

  it('still applies the length limits after normalising', () => {
    expect(errorOf(name, ' a ')).toBeDefined();
    expect(name.safeParse('e\u0301'.repeat(50)).success).toBe(true); // 100 code units typed, 50 after NFC
  });

  it('checks strings with a format of their own too: a website is shown as a link', () => {
    const website = z.url().superRefine(refuseUncleanSingleLine);
    expect(website.parse('https://amani.example/programmes')).toBe('https://amani.example/programmes');
    expect(errorOf(website, 'https://amani.example/\u202eevil')).toContain('U+202E');
    expect(errorOf(website, 'https://amani.example/a\u0000b')).toContain('U+0000');
  });
});
