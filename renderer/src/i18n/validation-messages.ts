/**
 * Validation messages come from the contract's zod schemas, in English, because the engine and
 * the local API use the same schemas. In Russian the console shows them through this table:
 * exact messages first, then patterns for messages that carry a value (a field name, a limit).
 * An unknown message is shown as it is rather than hidden. Pure data: unit-tested under Node.
 */
export const exact: Record<string, string> = {};
export const patterns: [RegExp, (...groups: string[]) => string][] = [];

export function translateValidation(message: string, language: string): string {
  if (language !== 'ru') return message;
  const direct = exact[message];
  if (direct !== undefined) return direct;
  for (const [pattern, render] of patterns) {
    const match = pattern.exec(message);
    if (match) return render(...match.slice(1));
  }
  return message;
}
