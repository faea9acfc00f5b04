/**
 * Errors cross every boundary (IPC, HTTP) as values, never as thrown strings.
 * `details.issues` names each offending field so a form can put the message next to it.
 */
export type ErrorCode =
  | 'validation' // input did not match the schema; details.issues says which field and why
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'unavailable' // e.g. a secret that this process cannot decrypt
  | 'internal';

export interface FieldIssue {
  /** Dotted path of the field, e.g. `settings.url`. Empty for whole-object problems. */
  path: string;
  message: string;
}

export interface AppError {
  code: ErrorCode;
  message: string;
  details?: { issues?: FieldIssue[]; [key: string]: unknown };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, details?: AppError['details']): Result<never> => ({
  ok: false,
  error: details ? { code, message, details } : { code, message },
});

/** Thrown inside the engine and turned into a Result at the boundary. */
export class HeraldError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: AppError['details'],
  ) {
    super(message);
    this.name = 'HeraldError';
  }
}

/** Turns zod issues into field-named messages; the message already says how to fix it. */
export function issuesFromZod(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldIssue[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function validationError(issues: FieldIssue[]): AppError {
  const first = issues[0];
  const message = first
    ? `${first.path ? `${first.path}: ` : ''}${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`
    : 'Invalid input';
  return { code: 'validation', message, details: { issues } };
}
