import { i18n } from './index.js';
import { translateValidation } from './validation-messages.js';

/** A contract validation message in the console's language (see validation-messages.ts). */
export function translateMessage(message: string): string;
export function translateMessage(message: string | undefined): string | undefined;
export function translateMessage(message: string | undefined): string | undefined {
  return message === undefined ? undefined : translateValidation(message, i18n.language);
}
