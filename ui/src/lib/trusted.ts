// Choices on the trusted-persons screens that are worth a name.

/** How many of `count` shares should open the register: a majority, at least 2. */
export function suggestedThreshold(count: number): number {
  return Math.min(Math.max(2, Math.floor(count / 2) + 1), Math.max(2, count));
}

/** The share texts worth sending: typed ones with at least one letter. */
export function typedShares(texts: string[]): string[] {
  return texts.map((text) => text.trim()).filter((text) => /\p{L}/u.test(text));
}
