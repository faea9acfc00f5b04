import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  DEFAULT_TOKEN_HEADER,
  DeadLetterQuerySchema,
  EventInputSchema,
  HeraldError,
  ReplayInputSchema,
  IntegrationInputSchema,
  issuesFromZod,
  validationError,
  type AppError,
  type Integration,
} from '../contract/index.js';
import type { Engine } from '../engine/engine.js';
import { toAppError } from '../engine/invoke.js';

/**
 * Seed 004's webhook API, on the same engine calls the UI uses. JSON field names follow the
 * seed (`url`, `events`, `token`); the token is write-only and comes back masked.
 */

const STATUS: Record<AppError['code'], number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

export function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  return reply.code(STATUS[error.code]).send({ error });
}

/** Flat seed-shaped body → the contract's input. Field paths in errors use the flat names. */
function toInput(body: Record<string, unknown>) {
  const parsed = IntegrationInputSchema.safeParse({
    kind: 'webhook',
    name: body.name,
    is_active: body.is_active ?? true,
    settings: { url: body.url, projects: body.projects ?? [], events: body.events, token_header: body.token_header ?? DEFAULT_TOKEN_HEADER },
    secrets: body.token === undefined ? {} : { token: body.token },
    // Omitted: a new webhook gets seed 004's defaults, an existing one keeps its policy.
    ...(body.policy === undefined ? {} : { policy: body.policy }),
  });
  if (!parsed.success) {
    // settings.url → url, secrets.token → token: name the fields as the API caller wrote them.
    const issues = issuesFromZod(parsed.error.issues).map((i) => ({ ...i, path: i.path.replace(/^(settings|secrets)\./, '') }));
    throw new HeraldError('validation', validationError(issues).message, { issues });
  }
  return parsed.data;
}

type Webhook = Extract<Integration, { kind: 'webhook' }>;

export function toWebhookJson(i: Webhook) {
  return {
    id: i.id,
    name: i.name,
    url: i.settings.url,
    projects: i.settings.projects,
    events: i.settings.events,
    token: i.secrets.token?.masked ?? null,
    token_header: i.settings.token_header,
    is_active: i.is_active,
    policy: i.policy,
    status: i.health.state,
    disabled_reason: i.health.disabled_reason,
    disabled_at: i.health.disabled_at,
    last_attempt_at: i.health.last_attempt_at,
    last_success_at: i.health.last_success_at,
    last_status_code: i.health.last_status_code,
    last_error: i.health.last_error,
    success_rate_24h: i.health.success_rate_24h,
    pending_deliveries: i.health.pending_deliveries,
    retry_step: i.health.retry_step,
    next_attempt_at: i.health.next_attempt_at,
    created_at: i.created_at,
    updated_at: i.updated_at,
  };
}

function objectBody(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new HeraldError('validation', 'The request body must be a JSON object', { issues: [{ path: '', message: 'Send a JSON object with Content-Type: application/json' }] });
  }
  return body as Record<string, unknown>;
}

function webhookRow(engine: Engine, id: string): Webhook {
  const integration = engine.getIntegration(id);
  if (integration.kind !== 'webhook') throw new HeraldError('not_found', `No webhook with id ${id}`);
  return integration;
}

const isWebhook = (i: Integration): i is Webhook => i.kind === 'webhook';

export function registerRestApi(app: FastifyInstance, engine: Engine): void {
  const route = (fn: (req: { params: Record<string, string>; body: unknown; query: Record<string, string> }, reply: FastifyReply) => unknown) =>
    async (req: { params: unknown; body: unknown; query: unknown }, reply: FastifyReply) => {
      try {
        const value = await fn({ params: req.params as Record<string, string>, body: req.body, query: (req.query ?? {}) as Record<string, string> }, reply);
        return reply.sent ? reply : reply.send(value);
      } catch (error) {
        return sendError(reply, toAppError(error));
      }
    };

  app.get('/api/settings/webhooks/', route(() => engine.listIntegrations().filter(isWebhook).map(toWebhookJson)));

  app.post('/api/settings/webhooks/', route((req, reply) => {
    const created = engine.createIntegration(toInput(objectBody(req.body)));
    return reply.code(201).send(toWebhookJson(created as Webhook));
  }));

  app.get('/api/settings/webhooks/triggers/', route(() =>
    engine.listTriggers().map((t) => ({
      value: t.name,
      name: t.title.en,
      description: t.description.en,
      description_ru: t.description.ru,
      area: t.area,
      payload_schema: t.schema,
      example_payload: t.example,
      enabled: t.enabled,
    })),
  ));

  app.post('/api/settings/webhooks/test/', route(async (req) => {
    const body = objectBody(req.body);
    const id = typeof body.id === 'string' ? body.id : undefined;
    if (id && Object.keys(body).length === 1) return engine.test(id, undefined);
    const merged = id ? { ...toWebhookJson(webhookRow(engine, id)), token: undefined, ...body } : body;
    return engine.test(id, toInput(merged));
  }));

  app.get('/api/settings/webhooks/:id/', route((req) => toWebhookJson(webhookRow(engine, req.params.id!))));

  app.put('/api/settings/webhooks/:id/', route((req) => {
    webhookRow(engine, req.params.id!);
    return toWebhookJson(engine.updateIntegration(req.params.id!, toInput(objectBody(req.body))) as Webhook);
  }));

  app.patch('/api/settings/webhooks/:id/', route((req) => {
    const current = toWebhookJson(webhookRow(engine, req.params.id!));
    // The masked token in `current` must never be written back as the token.
    const merged = { ...current, token: undefined, ...objectBody(req.body) };
    return toWebhookJson(engine.updateIntegration(req.params.id!, toInput(merged)) as Webhook);
  }));

  app.delete('/api/settings/webhooks/:id/', route((req, reply) => {
    webhookRow(engine, req.params.id!);
    engine.deleteIntegration(req.params.id!);
    return reply.code(204).send();
  }));

  app.post('/api/settings/webhooks/:id/refresh_availability_status/', route(async (req) => {
    webhookRow(engine, req.params.id!);
    const { report, integration } = await engine.refreshAvailability(req.params.id!);
    return { report, webhook: toWebhookJson(integration as Webhook) };
  }));

  app.post('/api/events', route((req, reply) => {
    const body = objectBody(req.body);
    const parsed = EventInputSchema.safeParse(body);
    if (!parsed.success) return sendError(reply, validationError(issuesFromZod(parsed.error.issues)));
    const result = engine.fireEvent(parsed.data, 'api');
    return reply.code(202).send({ id: result.event.id, trigger: result.event.trigger, routed_to: result.routed_to, switched_off: result.switched_off });
  }));

  /** Which rules and webhooks the event would match and exactly what each would send; stores nothing. */
  app.post('/api/events/dry_run', route(async (req, reply) => {
    const parsed = EventInputSchema.safeParse(objectBody(req.body));
    if (!parsed.success) return sendError(reply, validationError(issuesFromZod(parsed.error.issues)));
    return engine.dryRun(parsed.data);
  }));

  app.get('/api/deliveries/dead', route((req, reply) => {
    const { query } = req;
    const parsed = DeadLetterQuerySchema.safeParse({
      ...(query.integration_id ? { integration_id: query.integration_id } : {}),
      ...(query.limit ? { limit: Number(query.limit) } : {}),
    });
    if (!parsed.success) return sendError(reply, validationError(issuesFromZod(parsed.error.issues)));
    return engine.deadLetters(parsed.data);
  }));

  app.post('/api/deliveries/replay', route((req, reply) => {
    const parsed = ReplayInputSchema.safeParse(objectBody(req.body));
    if (!parsed.success) return sendError(reply, validationError(issuesFromZod(parsed.error.issues)));
    return engine.replay(parsed.data);
  }));
}
