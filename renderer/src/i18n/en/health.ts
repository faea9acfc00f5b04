/** English texts of the "health" namespace. Keys are grouped by where they appear. */
export default {
  title: 'Health',
  intro:
    'How each integration is doing: deliveries that went through or failed, how long the receiver took to answer, the retries that are due next, and what Herald gave up on.',
  loadFailed: 'Could not load health: {{message}}',
  retryFailed: 'Could not retry now: {{message}}',
  loading: 'Loading health',
  range: {
    label: 'Time range',
    '1h': 'Last hour',
    '24h': '24 hours',
    '7d': '7 days',
  },
  buckets: {
    '1h': '5-minute buckets',
    '24h': 'hourly buckets',
    '7d': '6-hour buckets',
  },
  /** Above the charts: "24 hours up to 10:31, in hourly buckets". */
  shown: '{{range}} up to {{time}}, in {{buckets}}',
  hidden_one: '{{count, number}} integration without deliveries not shown',
  hidden_other: '{{count, number}} integrations without deliveries not shown',
  noIntegrations: {
    title: 'No integrations yet',
    body: 'Health shows how deliveries to your integrations go. Start by <add>adding an integration</add> (a webhook, an SMTP server or Jira) and press <strong>Test it</strong>; then fire a test event from <events>Events</events> and come back here.',
  },
  noDeliveries: {
    '1h': 'No deliveries in the last hour',
    '24h': 'No deliveries in the 24 hours',
    '7d': 'No deliveries in the 7 days',
    body: "Nothing was sent to an integration in this range yet. Fire an event from <events>Events</events> (the catalogue's <strong>Fire</strong> sends its example payload) or pick a longer range.",
  },
  retries: {
    title: 'Next scheduled retries',
    none: 'Nothing is waiting for a retry: every active integration delivered its last attempt.',
    integration: 'Integration',
    nextRetry: 'Next retry',
    queued: 'Queued',
    lastError: 'Last error',
    retryNow: 'Retry now',
    retryNamedNow: 'Retry {{name}} now',
  },
  dead: {
    title: 'Dead letters',
    link_one: '{{name}}: {{count, number}} dead letter',
    link_other: '{{name}}: {{count, number}} dead letters',
  },
  card: {
    label: 'Health of {{name}}',
    failing: 'Failing',
    disabled: 'Disabled',
    attempts_one: '{{count, number}} attempt',
    attempts_other: '{{count, number}} attempts',
    /** "2 attempts: 2 delivered, 0 failed (100 % success)". */
    summary: '{{attempts}}: {{delivered}} delivered, {{failed}} failed ({{rate}} success)',
    slowest: 'slowest p95 {{ms}} ms',
    deliveriesFigure: 'Deliveries of {{name}}: {{summary}}',
    deliveriesTitle: 'Delivered and failed attempts',
    delivered: 'Delivered',
    failed: 'Failed',
    latencyFigure: 'Latency of {{name}}',
    latencyFigureSlowest: 'Latency of {{name}}: slowest p95 {{ms}} ms',
    latencyTitle: 'Latency (ms)',
    ms: '{{ms}} ms',
    /** A bucket in a chart's tooltip: "10:00 – 11:00 · 100 % success". */
    bucket: '{{start}} – {{end}}',
    bucketRate: '{{start}} – {{end}} · {{rate}} success',
  },
  chart: {
    noData: 'No data to display',
    loading: 'Loading data…',
  },
} as const;
