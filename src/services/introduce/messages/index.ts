// One message file per language (x-language: zh-CN, en-US, ru-RU); English when none matches.
import enUS, { type IntroduceMessages } from './en-US.js';
import ruRU from './ru-RU.js';
import zhCN from './zh-CN.js';

// English is the catalogue the other languages are checked against: its codes are the types.
export type { IntroduceMessages, Mcode } from './en-US.js';

const LANGUAGES: Record<string, IntroduceMessages> = { 'en-us': enUS, 'zh-cn': zhCN, 'ru-ru': ruRU, en: enUS, zh: zhCN, ru: ruRU };

/** The messages for an x-language value such as zh-CN (case-insensitive; a bare zh, en, ru too). */
export function messagesFor(language: string | string[] | undefined): IntroduceMessages {
  const value = (Array.isArray(language) ? language[0] : language)?.trim().toLowerCase() ?? '';
  return LANGUAGES[value] ?? LANGUAGES[value.split('-')[0] ?? ''] ?? enUS;
}

export function formatMessage(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
