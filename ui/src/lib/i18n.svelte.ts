// Translation: one dictionary per language (src/i18n), the language held in app state.

import { en } from '../i18n/en';
import { nl, type Dict } from '../i18n/nl';
import type { Label } from '../bindings/Label';
import type { Lang } from '../bindings/Lang';

export type Key = keyof Dict;

const dictionaries: Record<Lang, Dict> = { nl, en };

export const language = $state<{ current: Lang }>({ current: 'nl' });

/** The text for `key` in the current language; `{name}` is replaced from `vars`. */
export function t(key: Key, vars: Record<string, string | number> = {}): string {
  const text = dictionaries[language.current][key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

/** A catalogue label in the current language. */
export function pick(label: Label): string {
  return language.current === 'en' ? label.en : label.nl;
}

export function setLanguage(lang: Lang): void {
  language.current = lang;
  document.documentElement.lang = lang;
}
