// The 6-digit authenticator code as people type it ("123 456", "123-456").

/** The six digits, or null when the text is not exactly six digits. */
export function normalizeCode(text: string): string | null {
  const digits = text.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}
