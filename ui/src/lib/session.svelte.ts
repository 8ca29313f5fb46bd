// App-wide state: which screen is shown and the register data views. Locking (by the
// user, by the backend's `locked` event, or a `locked` error) clears every view.

import * as api from './api';
import { t, setLanguage } from './i18n.svelte';
import type { Catalogue } from '../bindings/Catalogue';
import type { Item } from '../bindings/Item';
import type { Overview } from '../bindings/Overview';
import type { ProfileSummary } from '../bindings/ProfileSummary';
import type { ReceivedView } from '../bindings/ReceivedView';

export type Screen =
  | { name: 'loading' }
  | { name: 'profiles' }
  | { name: 'wizard' }
  | { name: 'unlock'; profile: ProfileSummary }
  | { name: 'recover'; profile: ProfileSummary }
  | { name: 'receive' }
  | { name: 'received'; view: ReceivedView }
  | { name: 'overview' }
  | { name: 'section'; section: string; item: string | null }
  | { name: 'reports' }
  | { name: 'trusted' }
  | { name: 'settings' };

interface Session {
  screen: Screen;
  open: boolean;
  catalogue: Catalogue | null;
  overview: Overview | null;
  searchText: string;
  searchResults: Item[] | null;
  notice: string;
}

export const session: Session = $state({
  screen: { name: 'loading' },
  open: false,
  catalogue: null,
  overview: null,
  searchText: '',
  searchResults: null,
  notice: '',
});

export function go(screen: Screen): void {
  session.notice = '';
  session.screen = screen;
}

/** Drops every view of register data and returns to the profiles. */
export function clearRegister(notice = ''): void {
  session.open = false;
  session.overview = null;
  session.searchText = '';
  session.searchResults = null;
  session.screen = { name: 'profiles' };
  session.notice = notice;
}

/** Whether the window shows register data (the own register, or one received). */
export function showsRegister(): boolean {
  return session.open || session.screen.name === 'received';
}

/** The message to show for a failed command; a `locked` error closes the register view. */
export function failure(error: unknown): string {
  const failed = api.toCommandError(error);
  if (failed.code === 'locked' && showsRegister()) {
    clearRegister(t('lockedNotice'));
    return '';
  }
  return failed.message || t('unexpectedError');
}

export async function refreshOverview(): Promise<void> {
  session.overview = await api.overview();
}

/** After a valid code: load the catalogue and overview, then show the overview. */
export async function enterRegister(): Promise<void> {
  session.catalogue ??= await api.catalogue();
  session.open = true;
  await refreshOverview();
  go({ name: 'overview' });
}

export async function lockNow(): Promise<void> {
  clearRegister();
  try {
    await api.lock();
  } catch {
    // Already locked: nothing to drop.
  }
}

let lastActivity = 0;
const ACTIVITY_EVERY_MS = 20_000;

/** User input postpones the auto-lock; told to the backend at most every 20 s. */
export function noteActivity(): void {
  if (!session.open) return;
  const now = Date.now();
  if (now - lastActivity < ACTIVITY_EVERY_MS) return;
  lastActivity = now;
  api.activity().catch((error) => failure(error));
}

/** First screen: the language, and the overview when a register is still open (reload). */
export async function start(): Promise<void> {
  try {
    const status = await api.appStatus();
    setLanguage(status.lang);
    if (status.open) {
      await enterRegister();
      return;
    }
    // A reload forgets a received register's screen: close it in the backend too.
    await api.lock();
  } catch {
    // No backend answer: show the profiles (they show their own error).
  }
  go({ name: 'profiles' });
}
