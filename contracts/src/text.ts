import { z } from 'zod';

/**
 * Text that people will read — names, titles, free text — as every command schema takes it.
 *
 * Refused, with a field error naming the character:
 * - control characters (C0, DEL, C1), NUL included; multi-line text keeps line breaks and tabs;
 * - lone surrogates: not Unicode text at all, and they break encoders downstream;
 * - bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
 *   make a name or a note display differently from what it says ("Trojan Source").
 *
 * Stored NFC-normalised and trimmed, so one name has one spelling whatever keyboard typed it.
 * Multi-line text turns CR LF (what browsers send for a textarea) into LF before it is checked.
 */

const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
/** With the `u` flag a surrogate pair is one astral code point, so only a lone half matches. */
const LONE_SURROGATE = /\p{Cs}/u;
const MULTI_LINE_ALLOWED = new Set(['\n', '\t']);

const codePoint = (char: string): string => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `value` is not clean text, or undefined when it is. */
export const uncleanTextReason = (value: string, multiLine: boolean): string | undefined => {
  for (const char of value) {
    if (LONE_SURROGATE.test(char)) return `must be valid Unicode text: it contains a lone surrogate (${codePoint(char)})`;
    if (BIDI_CONTROL.test(char)) return `must not contain bidirectional control characters (${codePoint(char)}): they make text display differently from what it says`;
    if (CONTROL.test(char) && !(multiLine && MULTI_LINE_ALLOWED.has(char))) {
      return multiLine
        ? `must not contain control characters (${codePoint(char)}); line breaks and tabs are allowed`
        : `must not contain control characters (${codePoint(char)}) such as line breaks or tabs: one line of text`;
    }
  }
  return undefined;
};

const refuseUnclean =
  (multiLine: boolean) =>
  (value: string, ctx: z.RefinementCtx): void => {
    const reason = uncleanTextReason(value, multiLine);
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  };

/** The one-line check alone, for strings with a format of their own (a website URL is shown as a link). */
export const refuseUncleanSingleLine = refuseUnclean(false);

/** A name, title or other one-line text: no control characters at all. */
export const singleLineText = (min: number, max: number) => z.string().normalize('NFC').trim().min(min).max(max).superRefine(refuseUnclean(false));

/** Free text (a reason, a summary, a note): line breaks and tabs allowed, other controls not. */
export const multiLineText = (min: number, max: number) =>
  z
    .string()
    .overwrite((value) => value.replace(/\r\n?/g, '\n'))
    .normalize('NFC')
    .trim()
    .min(min)
    .max(max)
    .superRefine(refuseUnclean(true));
