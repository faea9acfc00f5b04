/**
 * SMS length, as phones and gateways count it (3GPP TS 23.038): a text that fits the GSM 7-bit
 * alphabet goes as GSM-7 (160 characters in one SMS, 153 per part of a longer one; the extension
 * characters ^ { } \ [ ] ~ | € take two); anything else (Cyrillic, emoji) goes as UCS-2 (70, or
 * 67 per part, counted in UTF-16 units). Pure, so the console's counter and the engine agree.
 */

const GSM_BASIC = new Set(
  Array.from('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'),
);
const GSM_EXTENSION = new Set(Array.from('^{}\\[~]|€\f'));

export type SmsEncoding = 'gsm7' | 'ucs2';
export interface SmsLength {
  encoding: SmsEncoding;
  /** Characters as the network counts them: GSM-7 septets, or UCS-2 units. */
  units: number;
  parts: number;
  /** What one part holds for this text: 160/153 or 70/67. */
  per_part: number;
}

/** Which encoding a text needs; `force_ucs2` for gateways that always send Unicode. */
export function smsEncoding(text: string, forceUcs2 = false): SmsEncoding {
  if (forceUcs2) return 'ucs2';
  for (const ch of text) if (!GSM_BASIC.has(ch) && !GSM_EXTENSION.has(ch)) return 'ucs2';
  return 'gsm7';
}

/** The units of each character: septets for GSM-7, UTF-16 units for UCS-2. */
function unitsOf(text: string, encoding: SmsEncoding): number[] {
  return Array.from(text, (ch) => (encoding === 'ucs2' ? ch.length : GSM_EXTENSION.has(ch) ? 2 : 1));
}

/** How many parts the units take; a character never straddles two parts. */
function partsOf(units: number[], single: number, multi: number): number {
  const total = units.reduce((a, b) => a + b, 0);
  if (total <= single) return total === 0 ? 0 : 1;
  let parts = 1;
  let used = 0;
  for (const u of units) {
    if (used + u > multi) {
      parts++;
      used = 0;
    }
    used += u;
  }
  return parts;
}

const LIMITS: Record<SmsEncoding, { single: number; multi: number }> = { gsm7: { single: 160, multi: 153 }, ucs2: { single: 70, multi: 67 } };

export function smsLength(text: string, forceUcs2 = false): SmsLength {
  const encoding = smsEncoding(text, forceUcs2);
  const units = unitsOf(text, encoding);
  const { single, multi } = LIMITS[encoding];
  const parts = partsOf(units, single, multi);
  return { encoding, units: units.reduce((a, b) => a + b, 0), parts, per_part: parts > 1 ? multi : single };
}

/**
 * The text cut to fit `maxParts`, ending with an ellipsis when cut. GSM-7 has no "…", so a GSM-7
 * text ends with "..." instead: the ellipsis would turn the whole message into UCS-2 and halve it.
 */
export function fitSms(text: string, maxParts: number, forceUcs2 = false): { text: string; truncated: boolean } {
  if (smsLength(text, forceUcs2).parts <= maxParts) return { text, truncated: false };
  const encoding = smsEncoding(text, forceUcs2);
  const ellipsis = encoding === 'gsm7' ? '...' : '…';
  const chars = Array.from(text);
  // Longest prefix that still fits with the ellipsis (binary search: parts grow with length).
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (smsLength(chars.slice(0, mid).join('').trimEnd() + ellipsis, forceUcs2).parts <= maxParts) lo = mid;
    else hi = mid - 1;
  }
  return { text: chars.slice(0, lo).join('').trimEnd() + ellipsis, truncated: true };
}

/** Herald's SMS text: short, the essentials first. */
export const SMS_DEFAULT_TEXT =
  '{% if event.payload.policy_name %}{{ event.payload.policy_name }}{% if event.payload.blocker %} (blocker){% endif %}: {{ event.payload.vulnerability | default: event.payload.dependency }}{% if event.payload.severity %} [{{ event.payload.severity }}]{% endif %}{% else %}{{ trigger.title }}{% endif %}{% if event.project %} in {{ event.project }}{% endif %}';

/** Herald's body for each content type; a GET gateway sends none (its URL carries the placeholders). */
export const SMS_DEFAULT_BODIES: Record<'json' | 'form' | 'plain', string> = {
  json: '{"to": "{{ phone }}", "text": "{{ text }}"}',
  form: 'to={{ phone }}&text={{ text }}',
  plain: '{{ text }}',
};
