import { z } from 'zod';

/**
 * The event catalogue: every trigger of seed 004 (CodeScoring webhooks) plus `test`.
 * PLACEHOLDER — being filled in with all 31 triggers.
 */
export const AREAS = ['sca', 'osa', 'containers', 'clones', 'authors', 'repositories', 'secrets', 'ml_model', 'system'] as const;
export type Area = (typeof AREAS)[number];

export interface TriggerDefinition {
  /** The `trigger` value sent in the request body. */
  name: string;
  area: Area;
  title: { en: string; ru: string };
  description: { en: string; ru: string };
  /** Validates a payload; unknown keys are allowed so newer producers do not break. */
  payload: z.ZodType<Record<string, unknown>>;
  example: Record<string, unknown>;
}

export const TRIGGER_NAMES = ['test'] as const;
export type TriggerName = (typeof TRIGGER_NAMES)[number];
export const TriggerNameSchema = z.enum(TRIGGER_NAMES);

export const catalogue: readonly TriggerDefinition[] = [
  {
    name: 'test',
    area: 'system',
    title: { en: 'Test', ru: 'Тест' },
    description: { en: 'Sent by Test it; the payload is empty.', ru: 'Отправляется кнопкой «Проверить»; payload пустой.' },
    payload: z.looseObject({}),
    example: {},
  },
];

export function findTrigger(name: string): TriggerDefinition | undefined {
  return catalogue.find((t) => t.name === name);
}
