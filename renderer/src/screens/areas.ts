import { AREAS, type Area } from '../../../main/contract/index.js';
import { i18n } from '../i18n/index.js';

/** An area of the trigger catalogue in the console's language. */
export const areaLabel = (area: Area): string => i18n.t(`rules:areas.${area}`);

/**
 * The areas' names by key, read in the current language at each access (getters), so the
 * screens that index it show the language chosen in Settings without holding a `t`.
 */
export const AREA_LABEL: Record<Area, string> = Object.defineProperties(
  {} as Record<Area, string>,
  Object.fromEntries(AREAS.map((area) => [area, { get: () => areaLabel(area), enumerable: true }])),
);
