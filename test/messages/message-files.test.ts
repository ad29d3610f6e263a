// The cabinet's message files side by side: the same keys in English and Russian (a key in one
// file only would show a partner `undefined`, or an English text on a Russian page), the same
// placeholders, every plural form the language needs, and no English text copied into ru.ts.
import t from 'tap';
import { en } from '../../src/messages/en.js';
import { ru } from '../../src/messages/ru.js';
import { translator } from '../../src/messages/index.js';

const FILES = { en: en as Record<string, string>, ru: ru as Record<string, string> };
const LOCALES = { en: 'en-GB', ru: 'ru-RU' };
// Texts that are the same in both languages on purpose: names, codes, a formula.
const SAME_IN_BOTH = new Set(['nav_api', 'api_title', 'email', 'ip', 'endpoint_url', 'target_direction_view']);

/** {name} and {name, plural, …}: the values a message needs. */
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]!))].sort();
/** The categories each {n, plural, …} block of a message offers. */
const pluralBlocks = (text: string) => [...text.matchAll(/\{\w+, plural,((?:\s*\w+ \{[^{}]*\})+)\s*\}/g)]
  .map((m) => [...m[1]!.matchAll(/(\w+) \{/g)].map((c) => c[1]!));

t.test('message files › the same keys in English and in Russian', async (t) => {
  const keys = { en: Object.keys(en).sort(), ru: Object.keys(ru).sort() };
  t.same(keys.en.filter((k) => !(k in ru)), [], 'every English key has its Russian text');
  t.same(keys.ru.filter((k) => !(k in en)), [], 'every Russian key has its English text');
});

t.test('message files › each text non-empty, with the same placeholders in both languages', async (t) => {
  for (const key of Object.keys(en)) {
    for (const [lang, file] of Object.entries(FILES)) t.ok(typeof file[key] === 'string' && file[key]!.trim() !== '', `${lang}.${key} is a text`);
    t.same(placeholders(FILES.ru[key] ?? ''), placeholders(FILES.en[key]!), `${key}: the same placeholders`);
  }
});

t.test('message files › every plural block has each form its language uses for whole numbers', async (t) => {
  for (const [lang, file] of Object.entries(FILES) as Array<[keyof typeof FILES, Record<string, string>]>) {
    // A whole number's forms (en: one, other; ru: one, few, many): each one written out, only
    // `many` may be left to `other` (the counts shown are whole numbers, where they read alike).
    const needed = [...new Set([0, 1, 2, 5, 11, 21, 22, 25, 111].map((n) => new Intl.PluralRules(LOCALES[lang]).select(n)))];
    for (const [key, text] of Object.entries(file)) {
      for (const offered of pluralBlocks(text)) {
        t.same(needed.filter((c) => !offered.includes(c) && !(c === 'many' && offered.includes('other'))), [], `${lang}.${key}: ${offered.join(', ')}`);
      }
    }
  }
});

t.test('message files › Russian plural forms for 1, 2, 5, 21 and 111', async (t) => {
  const { t: ru } = translator('ru', 'UTC');
  t.same([1, 2, 5, 21, 111, 1234].map((n) => ru('endpoint_failing', { n })), [
    'Сбои: 1 неудачная попытка подряд', 'Сбои: 2 неудачные попытки подряд', 'Сбои: 5 неудачных попыток подряд',
    'Сбои: 21 неудачная попытка подряд', 'Сбои: 111 неудачных попыток подряд', 'Сбои: 1\u00a0234 неудачные попытки подряд',
  ]);
  t.same([1, 2, 21].map((n) => ru('endpoint_disabled_failing', { n })), [
    'Отключён после 1 неудачной попытки подряд', 'Отключён после 2 неудачных попыток подряд', 'Отключён после 21 неудачной попытки подряд',
  ]);
  const { t: en } = translator('en', 'UTC');
  t.same([1, 2].map((n) => en('endpoint_failing', { n })), ['Failing: 1 failed attempt in a row', 'Failing: 2 failed attempts in a row']);
});

t.test('message files › no English text left in ru.ts', async (t) => {
  for (const key of Object.keys(en)) {
    if (SAME_IN_BOTH.has(key)) continue;
    t.not(FILES.ru[key], FILES.en[key], `ru.${key} is translated`);
  }
});

t.test('message files › the key limit reads right for any limit: 1 key, 2 keys, 21 ключ, 22 ключа', async (t) => {
  const en = translator('en', 'UTC').t;
  const ru = translator('ru', 'UTC').t;
  t.match(en('keys_too_many', { max: 1 }), /^You have 1 active key, /);
  t.match(en('keys_too_many', { max: 20 }), /^You have 20 active keys, /);
  t.same([1, 2, 5, 20, 21, 22].map((max) => /^У вас (.+?), это предел/.exec(ru('keys_too_many', { max }))?.[1]),
    ['1 активный ключ', '2 активных ключа', '5 активных ключей', '20 активных ключей', '21 активный ключ', '22 активных ключа']);
});

t.test('message files › "try again in N minutes" takes the plural: 1 minute, 15 minutes', async (t) => {
  const en = translator('en', 'UTC').t;
  t.equal(en('throttled', { minutes: 1 }), 'Too many attempts. Try again in 1 minute.');
  t.equal(en('throttled', { minutes: 15 }), 'Too many attempts. Try again in 15 minutes.');
  t.equal(translator('ru', 'UTC').t('throttled', { minutes: 1 }), 'Слишком много попыток. Попробуйте через 1 мин.');
});
