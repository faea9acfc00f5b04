import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { PAGERDUTY_DEFAULT_SEVERITIES, PAGERDUTY_EVENTS_URLS, PAGERDUTY_SEVERITIES, PagerDutyInputSchema, type Integration } from '../../../main/contract/index.js';
import { ChannelFormShell, monoInput, useChannelForm } from './ChannelForm.js';
import { policyToDraft, type PolicyDraft } from './DeliveryPolicyFields.js';
import { LevelMapField, RegionField, ResolveSwitch } from './IncidentFields.js';

type PagerDuty = Extract<Integration, { kind: 'pagerduty' }>;
type FormValues = Omit<z.input<typeof PagerDutyInputSchema>, 'policy' | 'secrets'> & { secrets: { routing_key: string }; policy: PolicyDraft };

function defaults(existing?: PagerDuty): FormValues {
  const s = existing?.settings;
  return {
    kind: 'pagerduty',
    name: existing?.name ?? '',
    is_active: existing?.is_active ?? true,
    settings: {
      events_url: s?.events_url ?? PAGERDUTY_EVENTS_URLS.us,
      severity_map: { ...PAGERDUTY_DEFAULT_SEVERITIES, ...s?.severity_map },
      summary_template: s?.summary_template ?? '',
      resolve_on_clean_scan: s?.resolve_on_clean_scan ?? true,
      timeout_ms: s?.timeout_ms ?? 15_000,
    },
    secrets: { routing_key: '' },
    policy: policyToDraft(existing?.policy),
  };
}

/** PagerDuty Events API v2: region, routing key, severity mapping; Test it triggers and resolves a test alert. */
export function PagerDutyForm({ existing, onClose }: { existing?: PagerDuty | undefined; onClose: () => void }) {
  const { t } = useTranslation('forms');
  const kit = useChannelForm<FormValues>({ schema: PagerDutyInputSchema, defaults: defaults(existing), existing, secretNames: ['routing_key'], onClose });
  const { form, text, secret } = kit;
  return (
    <ChannelFormShell
      kit={kit}
      id="pagerduty"
      title={existing ? t('common.edit', { name: existing.name }) : t('pagerduty.add')}
      nameHelp={t('pagerduty.nameHelp')}
      testIntro={t('pagerduty.testIntro')}
      testingText={t('pagerduty.testing')}
      routing={t('incident.routing')}
      onClose={onClose}
    >
      <RegionField
        control={form.control}
        name="settings.events_url"
        urls={PAGERDUTY_EVENTS_URLS}
        help={t('pagerduty.regionHelp')}
        url={() => text('settings.events_url', t('pagerduty.eventsUrl'), t('pagerduty.eventsUrlHelp'), { required: true, slotProps: monoInput })}
      />
      {secret('routing_key', { label: t('pagerduty.routingKey'), help: t('pagerduty.routingKeyHelp'), placeholder: 'R0123456789abcdef0123456789abcde' })}
      <LevelMapField control={form.control} name="settings.severity_map" options={PAGERDUTY_SEVERITIES} label={t('pagerduty.severities')} help={t('pagerduty.severitiesHelp')} />
      {text('settings.summary_template', t('pagerduty.summaryTemplate'), t('pagerduty.summaryTemplateHelp'), { multiline: true, minRows: 2, slotProps: monoInput })}
      <ResolveSwitch control={form.control} name="settings.resolve_on_clean_scan" help={t('pagerduty.resolveHelp')} />
      {text('settings.timeout_ms', t('channel.timeout'), '1000–120000', { type: 'number', ...form.register('settings.timeout_ms', { valueAsNumber: true }) })}
    </ChannelFormShell>
  );
}
