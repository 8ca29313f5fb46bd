// The only place that talks to the Rust commands. Every wrapper is typed with the
// bindings generated from the Rust types; every failure becomes a `CommandError`.

import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { AppStatus } from '../bindings/AppStatus';
import type { AuthenticatorView } from '../bindings/AuthenticatorView';
import type { Catalogue } from '../bindings/Catalogue';
import type { CheckedValue } from '../bindings/CheckedValue';
import type { CommandError } from '../bindings/CommandError';
import type { EmergencyKitView } from '../bindings/EmergencyKitView';
import type { EnrolmentView } from '../bindings/EnrolmentView';
import type { Item } from '../bindings/Item';
import type { ItemChange } from '../bindings/ItemChange';
import type { NewItem } from '../bindings/NewItem';
import type { Overview } from '../bindings/Overview';
import type { PasswordRating } from '../bindings/PasswordRating';
import type { ProfileSummary } from '../bindings/ProfileSummary';
import type { ReceivedFileView } from '../bindings/ReceivedFileView';
import type { ReceivedView } from '../bindings/ReceivedView';
import type { RecoveredView } from '../bindings/RecoveredView';
import type { ReportOptions } from '../bindings/ReportOptions';
import type { ReportPreview } from '../bindings/ReportPreview';
import type { SavedItem } from '../bindings/SavedItem';
import type { SavedReport } from '../bindings/SavedReport';
import type { Settings } from '../bindings/Settings';
import type { SharesMade } from '../bindings/SharesMade';
import type { TrustedExportMade } from '../bindings/TrustedExportMade';
import type { TrustedOverview } from '../bindings/TrustedOverview';
import type { Visibility } from '../bindings/Visibility';

export type { CommandError };

/** Turns whatever a rejected command gave into `{code, message}`. */
export function toCommandError(error: unknown): CommandError {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code, message } = error as { code: unknown; message?: unknown };
    return { code: String(code), message: typeof message === 'string' ? message : '' };
  }
  // Tauri rejects with a plain string when a command is missing or arguments are wrong.
  return { code: 'internal', message: typeof error === 'string' ? error : '' };
}

export function isCommandError(error: unknown): error is CommandError {
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toCommandError(error);
  }
}

// Profiles, creating, unlocking, locking
export const appStatus = () => call<AppStatus>('app_status');
export const listProfiles = () => call<ProfileSummary[]>('list_profiles');
export const ratePassword = (password: string, name: string) =>
  call<PasswordRating>('rate_password', { password, name });
export const createRegister = (name: string, password: string) =>
  call<EnrolmentView>('create_register', { name, password });
export const confirmEnrolment = (code: string) => call<null>('confirm_enrolment', { code });
export const unlockPassword = (profileId: string, password: string, secretKey: string | null) =>
  call<null>('unlock_password', { profileId, password, secretKey });
export const unlockCode = (code: string) => call<null>('unlock_code', { code });
export const lock = () => call<null>('lock');
export const activity = () => call<null>('activity');

// The open register
export const catalogue = () => call<Catalogue>('catalogue');
export const overview = () => call<Overview>('overview');
export const listItems = (section: string | null) => call<Item[]>('list_items', { section });
export const getItem = (id: string) => call<Item>('get_item', { id });
export const addItem = (item: NewItem) => call<SavedItem>('add_item', { item });
export const editItem = (id: string, change: ItemChange) =>
  call<SavedItem>('edit_item', { id, change });
export const removeItem = (id: string) => call<Item>('remove_item', { id });
export const search = (text: string) => call<Item[]>('search', { text });
export const markReviewed = (section: string) => call<null>('mark_reviewed', { section });
export const checkValue = (section: string, itemType: string, field: string, value: string) =>
  call<CheckedValue>('check_value', { section, itemType, field, value });

// Reports: the dialog and the PDF viewer are opened by the backend; no path crosses.
export const previewReport = (options: ReportOptions) =>
  call<ReportPreview>('preview_report', { options });
/** `null` when the user closed the save dialog. */
export const saveReport = (options: ReportOptions) =>
  call<SavedReport | null>('save_report', { options });
export const openSavedReport = () => call<null>('open_saved_report');

// Settings and the sensitive actions
export const getSettings = () => call<Settings>('get_settings');
export const setSettings = (settings: Settings) => call<null>('set_settings', { settings });
export const showAuthenticator = (password: string, code: string) =>
  call<AuthenticatorView>('show_authenticator', { password, code });
export const changePassword = (password: string, code: string, newPassword: string) =>
  call<null>('change_password', { password, code, newPassword });
export const deleteRegister = (password: string, code: string) =>
  call<null>('delete_register', { password, code });

// Trusted persons. The kit's words come here only while its screen is open; share
// words never do (the backend writes them into the sheets). Dialogs open in Rust.
export const emergencyKit = () => call<EmergencyKitView>('emergency_kit');
export const openEmergencyKit = (password: string, code: string) =>
  call<EmergencyKitView>('open_emergency_kit', { password, code });
export const closeEmergencyKit = () => call<null>('close_emergency_kit');
/** `null` when the user closed the save dialog. */
export const saveEmergencyKit = () => call<SavedReport | null>('save_emergency_kit');
export const trustedOverview = () => call<TrustedOverview>('trusted_overview');
/** Asks for a folder first; `null` when the user closed that dialog (nothing is made). */
export const createShareSet = (
  password: string,
  code: string,
  holders: string[],
  threshold: number,
  nameOthers: boolean,
) => call<SharesMade | null>('create_share_set', { password, code, holders, threshold, nameOthers });
/** `null` when the user closed the save dialog. */
export const exportForTrusted = (password: string, code: string, visibility: Visibility) =>
  call<TrustedExportMade | null>('export_for_trusted', { password, code, visibility });
export const recover = (
  profileId: string,
  shares: string[],
  newPassword: string,
  newAuthenticator: boolean,
) => call<RecoveredView>('recover', { profileId, shares, newPassword, newAuthenticator });

// A register received from someone else (read-only; closing it is `lock`).
/** `null` when the user closed the dialog. */
export const chooseReceivedFile = () => call<ReceivedFileView | null>('choose_received_file');
/** The names of every photo chosen so far. */
export const chooseShareImages = () => call<string[]>('choose_share_images');
export const forgetShareImages = () => call<null>('forget_share_images');
export const openReceived = (shares: string[]) => call<ReceivedView>('open_received', { shares });
export const receivedItems = (section: string | null) =>
  call<Item[]>('received_items', { section });
/** `null` when the user closed the save dialog. */
export const saveReceivedReport = (options: ReportOptions) =>
  call<SavedReport | null>('save_received_report', { options });

/** The backend locked the register (auto-lock); returns the function that stops listening. */
export async function onLocked(handler: () => void): Promise<UnlistenFn> {
  try {
    return await listen('locked', () => handler());
  } catch {
    return () => {};
  }
}
