import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The page languages. English first: it is the fallback when a browser asks for neither. */
export const LANGUAGES = ['en', 'sw'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The locale `Intl` formats dates, numbers and shillings with, per page language. */
export const LOCALES: Record<Language, string> = { en: 'en-KE', sw: 'sw-KE' };

type MessageTree = { [key: string]: string | MessageTree };

/**
 * A language's messages: every `src/i18n/<lang>/*.json` merged. One file per page group, so the
 * journeys keep their texts apart; two files claiming the same top-level key is a mistake that
 * stops the portal at start rather than one text silently hiding the other.
 */
const loadMessages = (language: Language): MessageTree => {
  const folder = join(__dirname, language);
  const merged: MessageTree = Object.create(null);
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.json')).sort()) {
    const tree = JSON.parse(readFileSync(join(folder, file), 'utf8')) as MessageTree;
    for (const [key, value] of Object.entries(tree)) {
      if (Object.hasOwn(merged, key)) throw new Error(`i18n/${language}/${file}: "${key}" is already defined by another file`);
      merged[key] = value;
    }
  }
  return merged;
};
const MESSAGES: Record<Language, MessageTree> = { en: loadMessages('en'), sw: loadMessages('sw') };

export const isLanguage = (value: unknown): value is Language => LANGUAGES.includes(value as Language);

/** Every key of a message tree as a dotted path (`directory.errors.county`). */
export const keysOf = (tree: MessageTree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`)));

export const messagesOf = (language: Language): MessageTree => MESSAGES[language];

const lookupNode = (tree: MessageTree, key: string): string | MessageTree | undefined => {
  let node: string | MessageTree | undefined = tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string' || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return node;
};

/**
 * A message by key. A key whose value is plural forms (`{ "one": …, "other": … }`) picks the
 * form `Intl.PluralRules` gives for `count` in the language.
 */
const lookup = (tree: MessageTree, key: string, language?: Language, count?: unknown): string | undefined => {
  const node = lookupNode(tree, key);
  if (typeof node === 'string' || node === undefined) return node;
  if (typeof node.other !== 'string') return undefined;
  const form = language && typeof count === 'number' ? new Intl.PluralRules(LOCALES[language]).select(count) : 'other';
  const chosen = Object.hasOwn(node, form) ? node[form] : node.other;
  return typeof chosen === 'string' ? chosen : node.other;
};

export const hasMessage = (language: Language, key: string): boolean => lookup(MESSAGES[language], key) !== undefined;

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/**
 * `t('directory.count', { count: 3 })`. A missing key shows itself (and the key-set test keeps
 * that from shipping) rather than an empty string a reader cannot report.
 */
export const translator =
  (language: Language): Translate =>
  (key, params) => {
    const template = lookup(MESSAGES[language], key, language, params?.count) ?? key;
    return params ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole)) : template;
  };

/**
 * The language a request asks for: the cookie the switch set, else the best of
 * `Accept-Language` we speak (by q), else English.
 */
export const negotiateLanguage = (cookieValue: string | undefined, acceptLanguage: string | undefined): Language => {
  if (isLanguage(cookieValue)) return cookieValue;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { primary: tag.toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => isLanguage(entry.primary) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return (ranked[0]?.primary as Language | undefined) ?? 'en';
};
