// Stored values as a person reads and types them (mirrors core's `fields::display`).

import type { Catalogue } from '../bindings/Catalogue';
import type { Field } from '../bindings/Field';
import type { Item } from '../bindings/Item';
import type { ItemType } from '../bindings/ItemType';
import type { Lang } from '../bindings/Lang';
import type { Section } from '../bindings/Section';

export function findSection(catalogue: Catalogue | null, id: string): Section | undefined {
  return catalogue?.sections.find((section) => section.id === id);
}

export function findItemType(section: Section | undefined, id: string): ItemType | undefined {
  return section?.item_types.find((itemType) => itemType.id === id);
}

function isoParts(stored: string): [string, string, string] | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(stored);
  return match ? [match[1], match[2], match[3]] : null;
}

/** `2024-01-31` as `31 januari 2024` / `31 January 2024`. */
export function formatDate(stored: string | null | undefined, lang: Lang): string {
  if (!stored) return '';
  const parts = isoParts(stored.slice(0, 10));
  if (!parts) return stored;
  const date = new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]));
  return date.toLocaleDateString(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

/** `EUR 1234.56` as `€ 1.234,56` (nl) or `€1,234.56` (en); other text unchanged. */
function formatMoney(stored: string, lang: Lang): string {
  const match = /^([A-Z]{3}) (\d+)\.(\d{2})$/.exec(stored);
  if (!match) return stored;
  const [, currency, whole, cents] = match;
  const [thousands, decimal] = lang === 'nl' ? ['.', ','] : [',', '.'];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  const amount = `${grouped}${decimal}${cents}`;
  if (currency !== 'EUR') return `${currency} ${amount}`;
  return lang === 'nl' ? `€ ${amount}` : `€${amount}`;
}

/** A stored value in words, for lists. `people` names the person items by id. */
export function displayValue(
  field: Field,
  stored: string,
  lang: Lang,
  people: Map<string, string>,
): string {
  switch (field.kind) {
    case 'choice': {
      const option = field.options.find((o) => o.id === stored);
      return option ? (lang === 'en' ? option.label.en : option.label.nl) : stored;
    }
    case 'yes_no':
      if (stored === 'yes') return lang === 'en' ? 'Yes' : 'Ja';
      if (stored === 'no') return lang === 'en' ? 'No' : 'Nee';
      return stored;
    case 'money':
      return formatMoney(stored, lang);
    case 'date':
      return formatDate(stored, lang);
    case 'person_ref':
      return people.get(stored) ?? stored;
    default:
      return stored;
  }
}

/** A stored value as it is typed again in a form (dates as DD-MM-YYYY). */
export function editValue(field: Field, stored: string, lang: Lang): string {
  if (field.kind === 'money') return formatMoney(stored, lang);
  if (field.kind === 'date') {
    const parts = isoParts(stored);
    return parts ? `${parts[2]}-${parts[1]}-${parts[0]}` : stored;
  }
  return stored;
}

/** The item's title: the value of its type's title field, else the type's name. */
export function itemTitle(catalogue: Catalogue | null, item: Item, lang: Lang): string {
  const itemType = findItemType(findSection(catalogue, item.section), item.type);
  if (!itemType) return item.type;
  const field = itemType.fields.find((f) => f.id === itemType.title_field);
  const stored = item.fields[itemType.title_field];
  if (field && stored) return displayValue(field, stored, lang, new Map());
  return lang === 'en' ? itemType.label.en : itemType.label.nl;
}

/** Person items of the trusted-persons section, by id, for person_ref fields. */
export function peopleOf(items: Item[]): Map<string, string> {
  const people = new Map<string, string>();
  for (const item of items) {
    if (item.section === 'trusted_persons' && item.type === 'person') {
      people.set(item.id, item.fields['name'] ?? item.id);
    }
  }
  return people;
}
