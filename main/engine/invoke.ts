import {
  HeraldError,
  issuesFromZod,
  methods,
  validationError,
  type Handlers,
  type MethodName,
  type MethodOutput,
  type Result,
} from '../contract/index.js';

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

/**
 * The single entry point both transports use: parse the raw input with the method's schema,
 * run the handler, and turn every failure into a Result. Nothing thrown crosses a boundary.
 */
export async function invoke<M extends MethodName>(handlers: Handlers, name: M, raw: unknown): Promise<Result<MethodOutput<M>>> {
  const parsed = methods[name].input.safeParse(raw ?? {});
  if (!parsed.success) return { ok: false, error: validationError(issuesFromZod(parsed.error.issues)) };
  try {
    const handler = handlers[name] as (input: unknown) => Promise<MethodOutput<M>> | MethodOutput<M>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toAppError(error) };
  }
}

export function toAppError(error: unknown): { code: HeraldError['code']; message: string; details?: HeraldError['details'] } {
  if (error instanceof HeraldError) return error.details ? { code: error.code, message: error.message, details: error.details } : { code: error.code, message: error.message };
  console.error('internal error:', error);
  return { code: 'internal', message: `Unexpected error: ${error instanceof Error ? error.message : String(error)}. It was logged; please report it.` };
}
